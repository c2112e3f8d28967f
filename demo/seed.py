"""The demo as a whole, for ``manage.py seed_demo``: organizations and logins,
participants over the lifecycle, their records and training, the Japanese
side and matching, placements, costs and protection. Each app seeds its own
data (``<app>/demo.py``); this module above them all calls them in order, so
that no app imports a higher one."""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass

from django.db import reset_queries
from django.db.models import Max
from django.utils import timezone

from breaches.demo import seed_breaches
from joborders.demo import seed_japan
from ledger.demo import seed_ledger
from lib.batches import batched
from matching.demo import seed_matching
from participants.demo import (
    RETYPED_SHARE,
    ensure_logins,
    ensure_organizations,
    ensure_reference_data,
    link_participant_login,
    load_world,
    plan_participants,
    seed_retyped_registrations,
    start_of_today,
    write_participants,
)
from participants.demo_data import CHUNK_SIZE
from participants.demo_records import seed_records
from participants.models import Participant
from placements.demo import seed_selection
from placements.demo_departure import seed_departures
from placements.demo_japan import seed_stays
from placements.demo_returns import seed_returns
from placements.demo_stay import seed_stay
from privacy.demo import seed_privacy, seed_requests
from protection.demo import seed_protection
from reference.demo import seed_exchange_rate
from reports.actions import refresh_figures
from training.demo import seed_training


@dataclass(frozen=True)
class SeedResult:
    skipped: bool
    loaded_reference: bool = False
    participants: int = 0
    status_changes: int = 0


def seed_demo(*, participants: int, seed: int, if_empty: bool = False) -> SeedResult:
    """Demo organizations and logins (kept if present), the demo yen rate,
    plus ``participants`` new participants."""
    if if_empty and Participant.objects.exists():
        return SeedResult(skipped=True)
    loaded = ensure_reference_data()
    organizations = ensure_organizations()
    ensure_logins(organizations, seed=seed)
    seed_exchange_rate(today=timezone.localdate())
    seed_japan(organizations, seed=seed, today=timezone.localdate())
    today_start = start_of_today()
    world = load_world(organizations, today=today_start.date())
    taken = set(Participant.objects.values_list("nik", flat=True)) if Participant.objects.exists() else set()
    retyped = participants // RETYPED_SHARE  # part of the count asked for
    plans = plan_participants(
        world=world, count=participants - retyped, seed=seed, today_start=today_start, taken_niks=taken
    )
    last_before = Participant.objects.aggregate(last=Max("pk"))["last"] or 0
    changes = 0
    while chunk := list(itertools.islice(plans, CHUNK_SIZE)):
        changes += write_participants(chunk)
        reset_queries()  # with DEBUG on, the query log would keep every bulk INSERT's SQL in memory
    seed_participant_records(after_pk=last_before, seed=seed, today=today_start.date())
    seed_retyped_registrations(after_pk=last_before, count=retyped, seed=seed)
    link_participant_login(organizations)
    seed_matching(today=today_start.date())
    seed_selection()
    seed_departures(today=today_start.date(), seed=seed)
    # The worked examples of life in Japan and of coming home first (the first's guard is
    # that no stage exists yet), then a placement for everyone else the record places in
    # Japan or back home.
    seed_stay(today=today_start.date())
    seed_returns(today=today_start.date())
    seed_stays(today=today_start.date())
    seed_ledger(today=today_start.date())
    seed_privacy(seed=seed)
    seed_requests()
    seed_breaches()
    # Protection last: its check-ins ask everyone the placements put in Japan.
    seed_protection(today=today_start.date(), seed=seed)
    # The dashboards read snapshots only: without one they would be empty until the first beat.
    refresh_figures()
    return SeedResult(skipped=False, loaded_reference=loaded, participants=participants, status_changes=changes)


def seed_participant_records(*, after_pk: int, seed: int, today: datetime.date) -> None:
    """Language results, health checks, documents, programmes and training
    (courses, classes, attendance, assessments) for the participants just written."""
    rng = random.Random(seed + 1)  # noqa: S311 -- fictional data, reproducible by seed
    new = Participant.objects.filter(pk__gt=after_pk).order_by("pk")
    for chunk in batched(new.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        seed_records(participants=chunk, rng=rng, today=today)
        seed_training(rng=rng, participants=chunk, by=None)
        reset_queries()
