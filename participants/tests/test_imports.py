"""The bulk action behind imports: new NIKs registered with history and audit
rows, known ones updated only where the file's columns differ, nothing written
for a NIK the importer may not change, possible duplicates flagged."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditAction, AuditEntry
from participants.actions import DETAIL_FIELDS, ParticipantError
from participants.imports import Outcome, classify, import_participants
from participants.models import Participant, PossibleDuplicate, Status, StatusChange
from tests.cast import Cast, details
from tests.nik import make_nik


def test_it_registers_new_niks_with_their_history_name_key_and_audit(cast: Cast) -> None:
    rows = [
        details(cast, full_name=f"Rina  Wati-{n}", nik=make_nik(datetime.date(2002, 5, 17), serial=n)) for n in (7, 8)
    ]

    counts = import_participants(rows=rows, fields=DETAIL_FIELDS, by=cast.lpk_officer)

    assert (counts.new, counts.updated, counts.unchanged) == (2, 0, 0)
    rina = Participant.objects.get(nik=rows[0].nik)
    assert rina.name_key == "rina wati 7"
    assert StatusChange.objects.get(participant=rina).to_status == Status.REGISTERED
    assert AuditEntry.objects.for_object(rina).get().action == AuditAction.CREATED


def test_it_updates_only_the_given_fields_that_differ(cast: Cast) -> None:
    row = details(cast, nik=cast.budi.nik, birth_place="Bogor", address="elsewhere")

    counts = import_participants(rows=[row], fields=["nik", "birth_place"], by=cast.lpk_officer)

    budi = Participant.objects.get(pk=cast.budi.pk)
    assert (counts.updated, budi.birth_place, budi.address, budi.version) == (1, "Bogor", cast.budi.address, 2)
    assert AuditEntry.objects.for_object(budi).filter(action=AuditAction.UPDATED).get().changes == {
        "birth_place": ["Bekasi", "Bogor"]
    }
    again = import_participants(rows=[row], fields=["nik", "birth_place"], by=cast.lpk_officer)
    assert (again.updated, again.unchanged) == (0, 1)


def test_it_writes_nothing_when_a_nik_belongs_to_someone_the_importer_may_not_change(cast: Cast) -> None:
    new = details(cast, nik=make_nik(datetime.date(2003, 1, 2), serial=9))
    held = details(cast, nik=cast.siti.nik)
    assert classify(rows=[new, held], fields=DETAIL_FIELDS, by=cast.lpk_officer) == [Outcome.NEW, Outcome.OUT_OF_SCOPE]

    with pytest.raises(ParticipantError):
        import_participants(rows=[new, held], fields=DETAIL_FIELDS, by=cast.lpk_officer)

    assert not Participant.objects.filter(nik=new.nik).exists()


def test_it_flags_the_same_name_and_birth_date_under_another_nik(cast: Cast) -> None:
    twin = details(cast, nik=make_nik(cast.budi.birth_date, serial=55), full_name="BUDI  SANTOSO")

    import_participants(rows=[twin], fields=DETAIL_FIELDS, by=cast.lpk_officer)

    flag = PossibleDuplicate.objects.get()
    assert (flag.participant.nik, flag.other_id) == (twin.nik, cast.budi.pk)
