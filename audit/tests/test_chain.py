"""Every way the application writes audit entries links them into a chain;
writers at the same time take different chains instead of waiting."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import actions as audit
from audit.chain import GENESIS
from audit.models import AuditAction, AuditChain, AuditEntry
from audit.verify import verify
from participants.actions import DETAIL_FIELDS
from participants.models import SENSITIVE_FIELDS, Participant
from tests.cast import Cast


def _record(cast: Cast, phone: str = "0811") -> AuditEntry:
    return audit.record(
        actor=cast.lpk_officer, action=AuditAction.UPDATED, target=cast.budi, changes={"phone": [None, phone]}
    )


def test_it_links_each_entry_to_the_one_before_in_its_chain(cast: Cast) -> None:
    first, second = _record(cast, "0811"), _record(cast, "0812")

    assert first.chain_id == second.chain_id
    assert second.seq == first.seq + 1  # type: ignore[operator]
    assert second.prev_hash == first.hash != ""
    chain = AuditChain.objects.get(auditentry=second)
    assert (chain.length, chain.head) == (second.seq, second.hash)
    assert AuditEntry.objects.get(chain=chain, seq=1).prev_hash == GENESIS
    assert verify().intact


def test_it_links_the_entries_of_every_bulk_path(cast: Cast) -> None:
    with transaction.atomic():
        audit.record_many(
            [
                audit.entry(actor=None, action=AuditAction.CREATED, target=p, changes={"x": [None, "y"]})
                for p in (cast.budi, cast.siti)
            ]
        )
        audit.record_for_each(
            actor=cast.ministry_admin,
            action=AuditAction.UPDATED,
            model=Participant,
            targets=[audit.TargetChanges(cast.budi.pk, "Budi", {"nama": ["ブディ", 'Budi "B" \\ 100%']})],
        )
        audit.record_creations(
            actor=cast.lpk_officer,
            model=Participant,
            ids=[cast.budi.pk, cast.siti.pk],
            fields=DETAIL_FIELDS,
            sensitive=SENSITIVE_FIELDS,
            repr_field="full_name",
        )

    report = verify()
    assert report.intact, report.breaks
    assert report.checked == AuditEntry.objects.count()
    assert not AuditEntry.objects.filter(chain__isnull=True).exists()


def test_an_entry_rolled_back_leaves_its_chain_as_it_was(cast: Cast) -> None:
    kept = _record(cast)
    with transaction.atomic():
        _record(cast, "0899")
        transaction.set_rollback(True)

    chain = AuditChain.objects.get(auditentry=kept)
    assert (chain.length, chain.head) == (kept.seq, kept.hash)
    assert _record(cast).prev_hash == kept.hash
    assert verify().intact


def test_each_day_has_chains_of_its_own(cast: Cast) -> None:
    today = _record(cast)
    with time_machine.travel(today.at + datetime.timedelta(days=1)):
        tomorrow = _record(cast)

    assert tomorrow.chain_id != today.chain_id
    assert (tomorrow.seq, tomorrow.prev_hash) == (1, GENESIS)
    assert verify().intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_a_writer_takes_another_chain_while_one_is_held(cast: Cast) -> None:
    """The first writer holds its chain until it commits; the second must
    neither wait for that nor append to the held chain."""
    holding, second_done = threading.Event(), threading.Event()
    written: dict[str, AuditEntry] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                written["first"] = _record(cast, "0811")
                holding.set()
                second_done.wait(timeout=10)
        finally:
            connection.close()

    def second() -> None:
        try:
            holding.wait(timeout=10)
            written["second"] = _record(cast, "0812")
            second_done.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert second_done.is_set(), "the second writer waited for the first one's commit"
    assert written["first"].chain_id != written["second"].chain_id
    assert verify().intact


# Any JSON a writer could hand over: no NaN or infinity (not JSON), no NUL (jsonb refuses it), no lone surrogate.
_text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=20)
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
    max_leaves=20,
)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(_text, _values, max_size=5))
def test_any_json_an_entry_holds_hashes_as_the_database_gives_it_back(cast: Cast, changes: dict[str, object]) -> None:
    """PostgreSQL keeps JSON in a form of its own (key order, numbers); the hash must not depend on it."""
    with transaction.atomic():
        audit.record(actor=None, action=AuditAction.UPDATED, target=cast.budi, changes=changes)
        report = verify()
        transaction.set_rollback(True)

    assert report.intact, (changes, report.breaks)
