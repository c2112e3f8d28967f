"""Limited profiles: what a company and its supervising organization see of a
shortlisted candidate. Never the NIK, the address or health data (UU 27/2022);
only what a hiring decision needs, read in two queries for the whole list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max

from matching.engine.columns import FitLevel
from matching.explain import FITS, Part, score_parts
from matching.models import Shortlist, ShortlistEntry
from participants.models import LanguageResult, Participant
from reference.models import LanguageTest, VocationalProgramme


@dataclass(frozen=True)
class LimitedProfile:
    entry: ShortlistEntry
    full_name: str
    name_katakana: str
    sex: str
    age: int  # on the job order's start date
    trade: VocationalProgramme | None
    fit: str
    japanese: str
    parts: list[Part]


def limited_profiles(shortlist: Shortlist, entries: list[ShortlistEntry]) -> list[LimitedProfile]:
    start: datetime.date = shortlist.job_order.start_date
    participants = Participant.objects.select_related("vocational_programme").in_bulk(
        [entry.participant_id for entry in entries]
    )
    levels = _best_levels(list(participants), on=shortlist.computed_on)
    profiles = []
    for entry in entries:
        participant = participants[entry.participant_id]
        profiles.append(
            LimitedProfile(
                entry=entry,
                full_name=participant.full_name,
                name_katakana=participant.name_katakana,
                sex=participant.get_sex_display(),
                age=participant.age_on(start),
                trade=participant.vocational_programme,
                fit=str(FITS[FitLevel(entry.fit)]),
                japanese=str(levels.get(participant.pk, "—")),
                parts=score_parts(entry.parts, shortlist.weights),
            )
        )
    return profiles


def _best_levels(participant_ids: list[int], *, on: datetime.date) -> dict[int, LanguageTest]:
    best = (
        LanguageResult.objects.filter(participant_id__in=participant_ids)
        .valid_on(on)
        .values_list("participant_id")
        .annotate(rank=Max("level__rank"))
    )
    by_rank = {test.rank: test for test in LanguageTest.objects.order_by("rank", "-family")}
    return {participant_id: by_rank[rank] for participant_id, rank in best if rank in by_rank}
