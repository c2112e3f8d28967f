"""The filters' short lists are kept for a short while and follow every
change of their records."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.db.models.sql import Query
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import Organization, OrganizationKind
from lib import short_lists
from lib.fields import ShortListChoiceField
from tests.cast import Cast


def offered(field: ShortListChoiceField[Organization]) -> list[tuple[str, str]]:
    return [(str(value), label) for value, label in field.iterator(field)]


def centres() -> ShortListChoiceField[Organization]:
    return ShortListChoiceField(queryset=Organization.objects.training_centres(), empty_label="any")


def new_centre(name: str) -> Organization:
    return Organization.objects.create(kind=OrganizationKind.TRAINING_CENTRE, code=name.lower(), name=name)


def test_a_list_is_read_once_then_kept(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as first:
        listed = offered(centres())
    with CaptureQueriesContext(connection) as second:
        again = offered(centres())
    assert again == listed
    assert ("", "any") in listed
    assert (str(cast.blk.pk), "BBPVP Bekasi") in listed
    assert len(first.captured_queries) == 1
    assert len(second.captured_queries) == 0


def test_a_new_record_shows_in_the_next_list(cast: Cast) -> None:
    offered(centres())
    added = new_centre("BLK Semarang")
    assert (str(added.pk), "BLK Semarang") in offered(centres())


def test_a_renamed_record_shows_its_new_name(cast: Cast) -> None:
    offered(centres())
    cast.blk.name = "BBPVP Bekasi Baru"
    cast.blk.save()
    assert (str(cast.blk.pk), "BBPVP Bekasi Baru") in offered(centres())


def test_a_closed_or_deleted_record_leaves_the_list(cast: Cast) -> None:
    gone = new_centre("BLK Padang")
    offered(centres())
    gone.delete()
    cast.other_blk.is_active = False
    cast.other_blk.save()
    ids = [value for value, _ in offered(centres())]
    assert str(gone.pk) not in ids
    assert str(cast.other_blk.pk) not in ids
    assert str(cast.blk.pk) in ids


def test_what_was_read_before_a_change_committed_is_dropped_when_it_commits(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        cast.blk.name = "BBPVP Bekasi Baru"
        cast.blk.save()
        # Another request reads the lists before the change is committed.
        offered(centres())
        assert "accounts.Organization" in short_lists._kept
    assert "accounts.Organization" not in short_lists._kept


def test_a_change_without_a_signal_shows_once_the_list_expires(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a change made in another process does: it sends no signal here."""
    offered(centres())
    Organization.objects.filter(pk=cast.blk.pk).update(name="BBPVP Bekasi Baru")
    assert (str(cast.blk.pk), "BBPVP Bekasi") in offered(centres())
    later = time.monotonic() + short_lists.FRESH_FOR_SECONDS
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert (str(cast.blk.pk), "BBPVP Bekasi Baru") in offered(centres())


def test_each_language_has_its_own_labels(cast: Cast) -> None:
    cast.supervising.name_ja = "ジョー協同組合"
    cast.supervising.save()
    field = ShortListChoiceField(queryset=Organization.objects.filter(pk=cast.supervising.pk), empty_label=None)
    with translation.override("ja"):
        assert offered(field) == [(str(cast.supervising.pk), "ジョー協同組合")]
    with translation.override("id"):
        assert offered(field) == [(str(cast.supervising.pk), "JOE Cooperative")]
    with translation.override("ja"):
        assert offered(field) == [(str(cast.supervising.pk), "ジョー協同組合")]


def test_each_query_has_its_own_list(cast: Cast) -> None:
    everyone = ShortListChoiceField(queryset=Organization.objects.order_by("name"), empty_label=None)
    assert len(offered(everyone)) > len(offered(centres())) - 1 > 1


@pytest.mark.parametrize("queryset", [Organization.objects.none(), Organization.objects.filter(pk__in=[])])
def test_a_list_that_can_match_nothing_asks_nothing(cast: Cast, queryset) -> None:
    field = ShortListChoiceField(queryset=queryset, empty_label="any")
    with CaptureQueriesContext(connection) as queries:
        assert offered(field) == [("", "any")]
    assert len(queries.captured_queries) == 0


def test_whether_a_list_holds_a_record_is_kept_too_and_follows_its_changes(cast: Cast) -> None:
    closed_kind = Organization.objects.training_centres().filter(code="nowhere")
    with CaptureQueriesContext(connection) as first:
        assert short_lists.has_any(Organization.objects.training_centres())
        assert not short_lists.has_any(closed_kind)
    with CaptureQueriesContext(connection) as second:
        assert short_lists.has_any(Organization.objects.training_centres())
        assert not short_lists.has_any(closed_kind)
    assert (len(first.captured_queries), len(second.captured_queries)) == (2, 0)

    new_centre("Nowhere")

    assert short_lists.has_any(closed_kind)


def test_whether_a_list_holds_a_record_does_not_change_the_list_it_offers(cast: Cast) -> None:
    assert short_lists.has_any(Organization.objects.training_centres())
    assert (str(cast.blk.pk), "BBPVP Bekasi") in offered(centres())


def named_centres() -> ShortListChoiceField[Organization]:
    field = centres()
    field.offer(Organization.objects.training_centres(), kept_as="training-centres")
    return field


def test_a_named_list_is_kept_under_its_name_without_writing_its_sql(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = offered(named_centres())

    def no_sql(query: object) -> str:
        raise AssertionError("the SQL was written out")

    monkeypatch.setattr(Query, "__str__", no_sql)
    with CaptureQueriesContext(connection) as queries:
        assert offered(named_centres()) == listed
    assert len(queries.captured_queries) == 0


def test_a_list_given_after_the_named_one_is_not_taken_for_it(cast: Cast) -> None:
    offered(named_centres())
    field = named_centres()
    field.queryset = Organization.objects.filter(pk=cast.supervising.pk)
    assert field.name_of(field.queryset) is None
    assert offered(field) == [("", "any"), (str(cast.supervising.pk), "JOE Cooperative")]


def test_a_named_list_follows_changes_as_any_other(cast: Cast) -> None:
    offered(named_centres())
    added = new_centre("BLK Semarang")
    assert (str(added.pk), "BLK Semarang") in offered(named_centres())


def test_whether_each_centre_may_register_is_kept_under_its_own_name(cast: Cast) -> None:
    """Two training centres' officers, one of them closed: one answer each,
    though each is kept under a name; and a centre that reopens brings its officer's back."""
    from accounts.access import may_register_participants  # noqa: PLC0415
    from accounts.models import User  # noqa: PLC0415

    def fresh(user: User) -> User:  # the answer is remembered per user object too
        return User.objects.get(pk=user.pk)

    cast.other_blk.is_active = False
    cast.other_blk.save()
    assert may_register_participants(fresh(cast.blk_officer))
    assert not may_register_participants(fresh(cast.other_blk_officer))
    cast.other_blk.is_active = True
    cast.other_blk.save()
    assert may_register_participants(fresh(cast.other_blk_officer))
