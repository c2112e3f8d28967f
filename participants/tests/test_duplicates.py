"""Possible duplicates: the same name and birth date under another NIK is
flagged for a ministry reviewer, never merged."""

from __future__ import annotations

import datetime

import pytest

from participants import duplicates
from participants.models import Participant, PossibleDuplicate, Review
from tests.cast import Cast
from tests.nik import make_nik

BORN = datetime.date(2002, 5, 17)


def twin_of_budi(cast: Cast, *, full_name: str = "BUDI  santoso", serial: int = 2) -> Participant:
    """Budi's name and birth date under another NIK, written directly so that
    only flag_possible_duplicates is under test."""
    return Participant.objects.create(
        full_name=full_name,
        nik=make_nik(BORN, serial=serial),
        sex="M",
        birth_date=BORN,
        province=cast.province,
        training_centre=cast.other_blk,
    )


def test_the_same_name_and_birth_date_under_another_nik_is_flagged(cast: Cast) -> None:
    twin = twin_of_budi(cast)

    raised = duplicates.flag_possible_duplicates([twin.pk])

    flag = PossibleDuplicate.objects.get()
    assert raised == 1
    assert (flag.participant, flag.other, flag.review) == (twin, cast.budi, Review.OPEN)


def test_the_newer_record_is_the_one_flagged_whichever_is_checked(cast: Cast) -> None:
    twin = twin_of_budi(cast)

    duplicates.flag_possible_duplicates([cast.budi.pk])

    assert PossibleDuplicate.objects.get().participant == twin


def test_a_pair_is_flagged_once_even_if_checked_again_after_review(cast: Cast) -> None:
    twin = twin_of_budi(cast)
    duplicates.flag_possible_duplicates([twin.pk])
    flag = PossibleDuplicate.objects.get()
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.DIFFERENT_PEOPLE, note="twins", by=cast.ministry_officer
    )

    assert duplicates.flag_possible_duplicates([twin.pk, cast.budi.pk]) == 0
    assert PossibleDuplicate.objects.count() == 1


def test_a_different_birth_date_or_name_is_not_flagged(cast: Cast) -> None:
    other_day = Participant.objects.create(
        full_name="Budi Santoso",
        nik=make_nik(datetime.date(2002, 5, 18), serial=3),
        sex="M",
        birth_date=datetime.date(2002, 5, 18),
        province=cast.province,
        training_centre=cast.blk,
    )
    other_name = twin_of_budi(cast, full_name="Budi Santosa", serial=4)

    assert duplicates.flag_possible_duplicates([other_day.pk, other_name.pk]) == 0


def test_three_records_of_one_person_make_three_pairs(cast: Cast) -> None:
    second = twin_of_budi(cast, serial=2)
    third = twin_of_budi(cast, serial=3)

    assert duplicates.flag_possible_duplicates([second.pk, third.pk]) == 3
    assert set(PossibleDuplicate.objects.values_list("participant", "other")) == {
        (second.pk, cast.budi.pk),
        (third.pk, cast.budi.pk),
        (third.pk, second.pk),
    }


def test_a_review_is_recorded_and_audited(cast: Cast) -> None:
    twin = twin_of_budi(cast)
    duplicates.flag_possible_duplicates([twin.pk])
    flag = PossibleDuplicate.objects.get()

    reviewed = duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.SAME_PERSON, note=" NIK typed wrong ", by=cast.ministry_officer
    )

    assert (reviewed.review, reviewed.note, reviewed.reviewed_by) == (
        Review.SAME_PERSON,
        "NIK typed wrong",
        cast.ministry_officer,
    )
    assert reviewed.reviewed_at is not None


def test_a_flag_is_reviewed_once(cast: Cast) -> None:
    twin = twin_of_budi(cast)
    duplicates.flag_possible_duplicates([twin.pk])
    flag = PossibleDuplicate.objects.get()
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.SAME_PERSON, note="Same photo", by=cast.ministry_officer
    )

    with pytest.raises(duplicates.AlreadyReviewed):
        duplicates.review_possible_duplicate(
            flag_id=flag.pk, decision=Review.DIFFERENT_PEOPLE, note="", by=cast.ministry_admin
        )


@pytest.mark.parametrize("note", ["", "  \n "])
def test_same_person_needs_a_note(cast: Cast, note: str) -> None:
    twin = twin_of_budi(cast)
    duplicates.flag_possible_duplicates([twin.pk])
    flag = PossibleDuplicate.objects.get()

    with pytest.raises(duplicates.NoteRequired):
        duplicates.review_possible_duplicate(
            flag_id=flag.pk, decision=Review.SAME_PERSON, note=note, by=cast.ministry_officer
        )

    flag.refresh_from_db()
    assert flag.review == Review.OPEN
    # Different people need none: nothing is left to correct.
    duplicates.review_possible_duplicate(
        flag_id=flag.pk, decision=Review.DIFFERENT_PEOPLE, note=note, by=cast.ministry_officer
    )
