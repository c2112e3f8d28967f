"""Who records a return home, downloads the certificate and enters the
follow-ups (accounts.access.returns), persona by persona."""

from __future__ import annotations

import pytest

from accounts import access
from placements.tests.return_world import returned_budi, working_budi
from tests.cast import PERSONAS, Cast

pytestmark = pytest.mark.django_db

RECORDS_RETURN = {"ministry_admin", "ministry_officer", "supervising_officer", "company_officer"}
READS_FOLLOW_UPS = {"ministry_admin", "ministry_officer", "ministry_viewer", "blk_officer", "lpk_officer", "lpk_viewer"}
ENTERS_FOLLOW_UPS = {"blk_officer", "lpk_officer", "participant_user"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_the_ministry_and_the_japanese_side_record_the_return(cast: Cast, persona: str) -> None:
    placement = working_budi(cast)
    user = getattr(cast, persona)

    assert access.returns_recordable_by(user).filter(pk=placement.pk).exists() is (persona in RECORDS_RETURN)
    assert access.may_record_returns(user) is (persona in RECORDS_RETURN)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_scopes_the_follow_ups_to_the_returnees_side(cast: Cast, persona: str) -> None:
    home = returned_budi(cast)
    user = getattr(cast, persona)

    reads = READS_FOLLOW_UPS | {"participant_user"}
    assert access.returns_visible_to(user).filter(pk=home.pk).exists() is (persona in reads)
    assert access.may_enter_follow_ups(user, home) is (persona in ENTERS_FOLLOW_UPS)
    assert access.may_download_certificate(user, home.placement) is (persona in reads)


def test_it_finds_the_returnees_own_follow_ups(cast: Cast) -> None:
    home = returned_budi(cast)

    assert access.own_return_placement(cast.participant_user) == home.placement_id
    assert access.own_return_placement(cast.lpk_officer) is None
