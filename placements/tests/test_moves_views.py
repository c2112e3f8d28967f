"""The moves and endings pages (placements.views.moves): who sees and who
records what (404 outside), a move through the page, a refusal at the form
with the rule's explanation and nothing saved, and the way out for a person
in Japan by the record with no placement."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from joborders.tests.world import Japan
from participants.models import Status
from placements.actions.endings import MissingDetails, record_missing
from placements.models import Disappearance, Ending, Placement, PlacementStatus, StayStage
from placements.tests.moves_world import titp_ssw_table, working
from tests.cast import PERSONAS, Cast

pytestmark = pytest.mark.django_db

MOVERS = {"ministry_admin", "ministry_officer", "supervising_officer", "company_officer"}
# Budi's placement: his BLK and LPK/SO, the Japanese side, the embassy, the ministry and himself.
READERS = MOVERS | {
    "ministry_viewer",
    "blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "embassy_officer",
    "participant_user",
}
LIST_READERS = MOVERS | {"ministry_viewer", "embassy_officer"}
FORMS = ("move_transfer", "move_ssw", "move_end", "move_missing")
MISSING_FORMS = ("move_reports", "move_found", "move_close")


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    """Budi in TITP stage ii with Sendai Steel, carpentry, to 30 April 2026."""
    return working(
        cast,
        japan,
        cast.budi,
        stage=StayStage.TITP_II,
        job_category=japan.carpentry,
        period_start=datetime.date(2024, 5, 1),
        period_end=datetime.date(2026, 4, 30),
    )


def _status(client: Client, cast: Cast, persona: str, url: str) -> int:
    client.force_login(getattr(cast, persona))
    return client.get(url).status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_moves_page_to_those_who_see_the_placement(
    client: Client, cast: Cast, placement: Placement, persona: str
) -> None:
    expected = 200 if persona in READERS else 404
    assert _status(client, cast, persona, reverse("placement_moves", args=[placement.pk])) == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", FORMS)
def test_it_opens_the_forms_to_the_ministry_and_the_japanese_side_only(
    client: Client, cast: Cast, placement: Placement, persona: str, name: str
) -> None:
    expected = 200 if persona in MOVERS else 404
    assert _status(client, cast, persona, reverse(name, args=[placement.pk])) == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", MISSING_FORMS)
def test_it_opens_the_missing_persons_forms_to_the_same_few(
    client: Client, cast: Cast, placement: Placement, persona: str, name: str
) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer)
    expected = 200 if persona in MOVERS else 404
    assert _status(client, cast, persona, reverse(name, args=[placement.pk])) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_people_in_japan_for_the_ministry_the_japanese_side_and_the_embassy(
    client: Client, cast: Cast, placement: Placement, persona: str
) -> None:
    expected = 200 if persona in LIST_READERS else 404
    assert _status(client, cast, persona, reverse("moves_list")) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_ministry_officers_open_a_placement_from_the_record(
    client: Client, cast: Cast, japan: Japan, persona: str
) -> None:
    expected = 200 if persona in {"ministry_admin", "ministry_officer"} else 404
    assert _status(client, cast, persona, reverse("open_placement", args=[cast.siti.pk])) == expected


def test_another_supervising_organizations_company_gets_404(
    client: Client, cast: Cast, japan: Japan, placement: Placement
) -> None:
    client.force_login(japan.other_company_officer)
    for name in (*FORMS, "placement_moves"):
        assert client.get(reverse(name, args=[placement.pk])).status_code == 404
    assert client.post(reverse("move_end", args=[placement.pk]), {"ending": "completed"}).status_code == 404


@pytest.mark.parametrize("name", [*FORMS, "placement_moves", "moves_list"])
def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, placement: Placement, name: str) -> None:
    url = reverse(name) if name == "moves_list" else reverse(name, args=[placement.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", FORMS)
def test_it_refuses_other_methods(client: Client, cast: Cast, placement: Placement, name: str) -> None:
    client.force_login(cast.ministry_officer)
    assert client.put(reverse(name, args=[placement.pk])).status_code == 405


MISSING = MissingDetails(
    missing_since=datetime.date(2026, 5, 10),
    last_contact_on=datetime.date(2026, 5, 9),
    police_reported_on=None,
    otit_reported_on=None,
    circumstances="Did not come back to the dormitory.",
)


def _post(client: Client, cast: Cast, name: str, placement: Placement, data: dict[str, object]) -> object:
    client.force_login(cast.supervising_officer)
    return client.post(reverse(name, args=[placement.pk]), data)


def test_the_supervising_organization_records_a_disappearance_and_the_embassy_reads_it(
    english: Client, cast: Cast, placement: Placement
) -> None:
    data = {
        "missing_since": "2026-05-10",
        "last_contact_on": "2026-05-09",
        "circumstances": "Did not come back to the dormitory.",
        "police_reported_on": "2026-05-11",
    }
    english.force_login(cast.supervising_officer)
    response = english.post(reverse("move_missing", args=[placement.pk]), data)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('placement_moves', args=[placement.pk])}#top"
    assert Disappearance.objects.get().police_reported_on == datetime.date(2026, 5, 11)
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.MISSING
    # The embassy reads it (protection) but records nothing on the Japanese side's placement.
    english.force_login(cast.embassy_officer)
    page = english.get(reverse("placement_moves", args=[placement.pk])).content.decode()
    assert "Did not come back to the dormitory." in page
    assert reverse("move_reports", args=[placement.pk]) not in page
    assert (
        english.post(reverse("move_reports", args=[placement.pk]), {"otit_reported_on": "2026-05-12"}).status_code
        == 404
    )


def test_a_refusal_shows_the_rules_explanation_at_the_form_and_saves_nothing(
    english: Client, cast: Cast, japan: Japan, placement: Placement
) -> None:
    titp_ssw_table({("7-7", "建設"): True})  # carpentry (3-5) is not in this table
    data = {
        "starts_on": "2026-05-01",
        "company": cast.company.pk,
        "support_organization": cast.support_organization.pk,
        "ssw_field": japan.construction.pk,
        "business_category": "建築",
        "prefecture": japan.miyagi.pk,
        "work_city": "Sendai",
        "work_site": "宮城県仙台市若林区卸町1-2-3",
        "residence_card_number": "CD87654321EF",
        "residence_card_expires_on": "2029-05-01",
        "contract_ends_on": "2029-04-30",
        "completed_in_good_standing": "on",
    }
    english.force_login(cast.supervising_officer)
    response = english.post(reverse("move_ssw", args=[placement.pk]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The rules do not allow this" in page
    assert "the field&#x27;s skill test is needed" in page
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.IN_JAPAN
    assert cast.budi.placements.count() == 1


def test_a_transfer_through_the_page_walks_the_status(
    english: Client, cast: Cast, japan: Japan, placement: Placement
) -> None:
    data = {
        "moves_on": "2026-05-01",
        "reason": "abuse",
        "company": japan.other_company.pk,
        "supervising_organization": japan.other_supervising.pk,
        "prefecture": japan.miyagi.pk,
        "work_site": "愛知県名古屋市港区1-1",
    }
    english.force_login(cast.company_officer)
    response = english.post(reverse("move_transfer", args=[placement.pk]), data)

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.ending == Ending.TRANSFERRED
    following = Placement.objects.get(follows=placement)
    assert following.company == japan.other_company
    # The old company no longer sees the new placement's forms.
    assert english.get(reverse("move_end", args=[following.pk])).status_code == 404


def test_the_record_of_a_person_placed_without_a_placement_offers_the_way_out(
    english: Client, cast: Cast, japan: Japan
) -> None:
    english.force_login(cast.ministry_officer)
    page = english.get(reverse("participant_detail", args=[cast.siti.pk])).content.decode()

    assert "In Japan the status follows the placement" in page
    assert reverse("open_placement", args=[cast.siti.pk]) in page


def test_the_ministry_opens_the_placement_and_is_taken_to_its_moves(english: Client, cast: Cast, japan: Japan) -> None:
    data = {
        "company": cast.company.pk,
        "supervising_organization": cast.supervising.pk,
        "prefecture": japan.miyagi.pk,
        "work_site": "宮城県仙台市若林区卸町1-2-3",
        "stage": "titp_i",
        "job_category": japan.welding.pk,
        "arrived_on": "2026-01-10",
        "stage_started_on": "2026-02-10",
    }
    english.force_login(cast.ministry_officer)
    response = english.post(reverse("open_placement", args=[cast.siti.pk]), data)

    assert response.status_code == 302
    placement = cast.siti.placements.get()
    assert response["Location"] == f"{reverse('placement_moves', args=[placement.pk])}#top"
    page = english.get(reverse("participant_detail", args=[cast.siti.pk])).content.decode()
    assert "Open a placement from the record" not in page
    assert reverse("placement_moves", args=[placement.pk]) in page


@pytest.mark.parametrize(("persona", "links"), [("supervising_officer", False), ("embassy_officer", True)])
def test_the_moves_page_links_the_record_only_for_those_who_see_it(
    client: Client, cast: Cast, placement: Placement, persona: str, links: bool
) -> None:
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("placement_moves", args=[placement.pk])).content.decode()
    assert (f'href="{reverse("participant_detail", args=[cast.budi.pk])}"' in page) is links


def test_a_move_sent_when_it_is_not_open_is_refused_as_an_error(
    english: Client, cast: Cast, placement: Placement
) -> None:
    # "Found" is open only while the person is missing: a post from an old page is refused, and said so.
    english.force_login(cast.supervising_officer)
    response = english.post(reverse("move_found", args=[placement.pk]), {"found_on": "2026-05-12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<div class="message error" role="alert"><p>This is not possible for the placement now' in page
