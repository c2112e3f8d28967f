"""The bulk action behind imports: new NIKs registered with history and audit
rows, known ones updated only where the file's columns differ, nothing written
for a NIK the importer may not change, possible duplicates flagged."""

from __future__ import annotations

import datetime

import pytest

from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from lib.bulk_insert import MAX_VALUES
from participants.actions import DETAIL_FIELDS, ParticipantDetails
from participants.imports import (
    ImportRow,
    Outcome,
    OutOfScope,
    ParticipantRow,
    Stale,
    _existing,
    blank_mask,
    classify,
    compare,
    detail_values,
    import_participant_values,
    import_participants,
)
from participants.models import SENSITIVE_FIELDS, Participant, PossibleDuplicate, Status, StatusChange
from tests.cast import Cast, details
from tests.nik import make_nik


def test_it_registers_new_niks_with_their_history_name_key_and_audit(cast: Cast) -> None:
    rows = [
        details(cast, full_name=f"Rina  Wati-{n}", nik=make_nik(datetime.date(2002, 5, 17), serial=n)) for n in (7, 8)
    ]

    counts = import_participants(rows=rows, fields=DETAIL_FIELDS, by=cast.lpk_officer)

    assert (counts.new, counts.updated, counts.unchanged) == (2, 0, 0)
    rina = Participant.objects.with_nik(rows[0].nik).get()
    assert rina.name_key == "rina wati 7"
    assert StatusChange.objects.get(participant=rina).to_status == Status.REGISTERED
    assert AuditEntry.objects.for_object(rina).get().action == AuditAction.CREATED


def test_it_updates_only_the_given_fields_that_differ(cast: Cast) -> None:
    row = details(cast, nik=cast.budi.nik, phone="0813", address="elsewhere")

    counts = import_participants(rows=[row], fields=["nik", "phone"], by=cast.lpk_officer)

    budi = Participant.objects.get(pk=cast.budi.pk)
    assert (counts.updated, budi.phone, budi.address, budi.version) == (1, "0813", cast.budi.address, 2)
    assert AuditEntry.objects.for_object(budi).filter(action=AuditAction.UPDATED).get().changes == {
        "phone": [cast.budi.phone, "0813"]
    }
    again = import_participants(rows=[row], fields=["nik", "phone"], by=cast.lpk_officer)
    assert (again.updated, again.unchanged) == (0, 1)


def test_it_writes_nothing_when_a_nik_belongs_to_someone_the_importer_may_not_change(cast: Cast) -> None:
    new = details(cast, nik=make_nik(datetime.date(2003, 1, 2), serial=9))
    held = details(cast, nik=cast.siti.nik)
    plans = classify(rows=[new, held], fields=DETAIL_FIELDS, by=cast.lpk_officer)
    assert [(plan.outcome, plan.participant) for plan in plans] == [
        (Outcome.NEW, None),
        (Outcome.OUT_OF_SCOPE, cast.siti.pk),
    ]

    with pytest.raises(OutOfScope) as refused:
        import_participants(rows=[new, held], fields=DETAIL_FIELDS, by=cast.lpk_officer)

    assert refused.value.participants == [cast.siti.pk]

    assert not Participant.objects.with_nik(new.nik).exists()


def test_it_flags_the_same_name_and_birth_date_under_another_nik(cast: Cast) -> None:
    twin = details(cast, nik=make_nik(cast.budi.birth_date, serial=55), full_name="BUDI  SANTOSO")

    import_participants(rows=[twin], fields=DETAIL_FIELDS, by=cast.lpk_officer)

    flag = PossibleDuplicate.objects.get()
    assert (flag.participant.nik, flag.other_id) == (twin.nik, cast.budi.pk)


def test_it_audits_a_registration_as_the_registration_form_does(cast: Cast) -> None:
    row = details(cast, nik=make_nik(datetime.date(2002, 5, 17), serial=7), phone="", vocational_programme=None)

    import_participants(rows=[row], fields=DETAIL_FIELDS, by=cast.lpk_officer)

    rina = Participant.objects.with_nik(row.nik).get()
    entry = AuditEntry.objects.for_object(rina).get()
    registered = audit.snapshot(rina, DETAIL_FIELDS)
    assert entry.changes == audit.changed_fields({}, registered, sensitive=SENSITIVE_FIELDS)
    assert (entry.actor, entry.target_repr) == (cast.lpk_officer, rina.full_name)
    assert entry.changes["address"] == ["•••", "•••"]
    assert "vocational_programme" not in entry.changes  # empty before and after


def test_it_writes_every_batch_and_counts_across_them(cast: Cast) -> None:
    rows = [details(cast, nik=make_nik(datetime.date(2003, 1, 2), serial=n)) for n in range(10, 15)]
    known = details(cast, nik=cast.budi.nik, phone="0813")

    counts = import_participants(rows=[*rows, known], fields=["nik", "phone"], by=cast.lpk_officer, batch_size=2)

    assert (counts.new, counts.updated, counts.unchanged) == (5, 1, 0)
    created = Participant.objects.with_niks([row.nik for row in rows])
    assert created.count() == 5
    assert StatusChange.objects.filter(participant__in=created, changed_by=cast.lpk_officer).count() == 5


def test_the_refusal_counts_every_nik_held_elsewhere_in_every_batch(cast: Cast) -> None:
    held = details(cast, nik=cast.siti.nik)
    new = details(cast, nik=make_nik(datetime.date(2003, 1, 2), serial=9))
    other = details(cast, nik=make_nik(datetime.date(2003, 1, 3), serial=9))
    Participant.objects.create(
        **{**details(cast, nik=other.nik).__dict__, "training_centre": cast.other_blk, "sending_organization": None}
    )

    with pytest.raises(OutOfScope) as refused:
        import_participants(rows=[held, new, other], fields=DETAIL_FIELDS, by=cast.lpk_officer, batch_size=1)

    assert refused.value.count == 2
    assert not Participant.objects.with_nik(new.nik).exists()


def as_row(details_: ParticipantDetails) -> ParticipantRow:
    return ParticipantRow(**{field: getattr(details_, field) for field in DETAIL_FIELDS})


def test_a_participant_row_has_the_fields_of_the_details_in_their_order() -> None:
    assert ParticipantRow._fields == DETAIL_FIELDS


def test_a_participant_row_registers_as_its_details_do(cast: Cast) -> None:
    given = details(cast, nik=make_nik(datetime.date(2002, 5, 17), serial=7), vocational_programme=None)
    row = as_row(given)

    counts = import_participants(rows=[row], fields=DETAIL_FIELDS, by=cast.lpk_officer)

    registered = Participant.objects.with_nik(row.nik).get()
    assert counts.new == 1
    assert audit.snapshot(registered, DETAIL_FIELDS) == dict(zip(DETAIL_FIELDS, detail_values(given), strict=True))
    assert AuditEntry.objects.for_object(registered).get().changes == audit.changed_fields(
        {}, audit.snapshot(registered, DETAIL_FIELDS), sensitive=SENSITIVE_FIELDS
    )


def test_it_moves_a_participant_to_another_training_centre_by_its_key(cast: Cast) -> None:
    row = as_row(details(cast, nik=cast.budi.nik, training_centre=cast.other_blk))
    fields = ["nik", "training_centre"]
    assert [plan.outcome for plan in classify(rows=[row], fields=fields, by=cast.lpk_officer)] == [Outcome.UPDATED]

    counts = import_participants(rows=[row], fields=fields, by=cast.lpk_officer)

    budi = Participant.objects.get(pk=cast.budi.pk)
    assert (counts.updated, budi.training_centre, budi.version) == (1, cast.other_blk, 2)
    assert AuditEntry.objects.for_object(budi).get(action=AuditAction.UPDATED).changes == {
        "training_centre": [cast.blk.pk, cast.other_blk.pk]
    }


def test_the_niks_of_a_batch_longer_than_one_query_takes_are_all_looked_up(cast: Cast) -> None:
    niks = [f"{n:016d}" for n in range(MAX_VALUES)] + [cast.budi.nik]

    assert _existing(niks, lock=False) == {cast.budi.nik: cast.budi}


# --- what a row changes ---------------------------------------------------------


def test_a_field_the_file_leaves_blank_is_not_compared(cast: Cast) -> None:
    row = detail_values(details(cast, nik=cast.budi.nik, address="", phone="0813"))
    fields = ["nik", "address", "phone"]

    assert compare(cast.budi, row, fields, blank=blank_mask(["address"])).fields == {"phone": [cast.budi.phone, "0813"]}
    assert compare(cast.budi, row, fields).fields == {
        "address": [cast.budi.address, ""],
        "phone": [cast.budi.phone, "0813"],
    }


@pytest.mark.parametrize(
    ("overrides", "identity"),
    [
        ({"full_name": "BUDI  SANTOSO"}, ()),  # the same name, spelt otherwise
        ({"full_name": "Budi Santosa"}, ("full_name",)),
        ({"birth_place": "bekasi"}, ()),
        ({"birth_place": "Bogor"}, ("birth_place",)),
        ({"birth_place": ""}, ("birth_place",)),  # a stored birth place cleared
        ({"sex": "F"}, ("sex",)),
        ({"birth_date": datetime.date(2002, 5, 18)}, ("birth_date",)),
        ({"phone": "0899", "address": "Jl. Lain"}, ()),
    ],
)
def test_what_changes_who_a_record_is(cast: Cast, overrides: dict[str, object], identity: tuple[str, ...]) -> None:
    row = detail_values(details(cast, nik=cast.budi.nik, **overrides))
    assert compare(cast.budi, row, DETAIL_FIELDS).identity == identity


def test_an_empty_birth_place_may_be_filled_in(cast: Cast) -> None:
    cast.budi.birth_place = ""
    change = compare(cast.budi, detail_values(details(cast, nik=cast.budi.nik, birth_place="Bogor")), DETAIL_FIELDS)
    assert (change.fields, change.identity) == ({"birth_place": ["", "Bogor"]}, ())


def test_a_new_name_brings_its_suggested_katakana_when_the_file_has_none(cast: Cast) -> None:
    row = detail_values(details(cast, nik=cast.budi.nik, full_name="Rina Lestari", name_katakana="リナ・レスタリ"))
    blank = blank_mask(["name_katakana"])
    assert compare(cast.budi, row, DETAIL_FIELDS, blank=blank).fields["name_katakana"] == [
        cast.budi.name_katakana,
        "リナ・レスタリ",
    ]
    spelt = detail_values(details(cast, nik=cast.budi.nik, full_name="BUDI SANTOSO", name_katakana="ブディ"))
    assert "name_katakana" not in compare(cast.budi, spelt, DETAIL_FIELDS, blank=blank).fields


def test_a_conflict_is_written_only_when_someone_decided_so(cast: Cast) -> None:
    values = detail_values(details(cast, nik=cast.budi.nik, full_name="Rina Lestari"))
    fields = ["nik", "full_name"]

    kept = import_participant_values(rows=[ImportRow(values)], fields=fields, by=cast.lpk_officer)
    assert (kept.skipped, Participant.objects.get(pk=cast.budi.pk).full_name) == (1, "Budi Santoso")

    written = import_participant_values(
        rows=[ImportRow(values, apply_conflict=True)], fields=fields, by=cast.lpk_officer
    )
    budi = Participant.objects.get(pk=cast.budi.pk)
    assert (written.updated, budi.full_name, budi.name_key) == (1, "Rina Lestari", "rina lestari")


@pytest.mark.parametrize(
    ("seen_version", "registered"),
    [(1, False), (0, False), (2, True)],  # a record moved on; one registered since; one that went
)
def test_a_row_whose_record_is_not_what_its_preview_saw_refuses_the_import(
    cast: Cast, seen_version: int, registered: bool
) -> None:
    nik = cast.budi.nik if not registered else make_nik(datetime.date(2003, 1, 2), serial=9)
    if seen_version == 1:
        Participant.objects.filter(pk=cast.budi.pk).update(version=2)
    new = detail_values(details(cast, nik=make_nik(datetime.date(2003, 1, 3), serial=9)))
    rows = [ImportRow(new, seen_version=0), ImportRow(detail_values(details(cast, nik=nik)), seen_version=seen_version)]

    with pytest.raises(Stale) as refused:
        import_participant_values(rows=rows, fields=DETAIL_FIELDS, by=cast.lpk_officer)

    assert refused.value.count == 1
    assert not Participant.objects.with_nik(str(new[DETAIL_FIELDS.index("nik")])).exists()


def test_it_returns_the_ids_of_the_records_it_registered(cast: Cast) -> None:
    rows = [details(cast, nik=make_nik(datetime.date(2003, 1, 2), serial=n)) for n in (1, 2)]
    counts = import_participants(rows=rows, fields=DETAIL_FIELDS, by=cast.lpk_officer)
    assert sorted(counts.created) == sorted(
        Participant.objects.with_niks([r.nik for r in rows]).values_list("pk", flat=True)
    )
