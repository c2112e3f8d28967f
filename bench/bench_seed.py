"""Benchmark: ``seed_demo`` at scale on a fresh SQLite database.

    .venv/bin/python bench/bench_seed.py --participants 100000

Creates a temporary database, migrates it and times the whole ``seed_demo``
command as a user runs it (reference data, organizations, logins and the
participants with their histories). The baseline pushes a sample a tenth of
that size, drawn by the same planner, through the per-row actions
(``register_participant``, then ``change_status`` along the same lifecycle
path) in the same database, and multiplies its time by ten: the line says
``baseline=actions_extrapolated``. The last line is the result.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_FRACTION = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-seed-"))
    # Before django.setup(): settings read the database from the environment.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    try:
        run(participants=args.participants, seed=args.seed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(*, participants: int, seed: int) -> None:
    import django  # noqa: PLC0415 - only after DATABASE_URL is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    call_command("seed_demo", participants=participants, seed=seed, stdout=io.StringIO())
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"seed_demo: {participants} participants in {seconds:.1f} s")

    sample = max(1, participants // BASELINE_FRACTION)
    sample_seconds = time_actions(count=sample, seed=seed + 1)
    baseline_seconds = sample_seconds * participants / sample
    print(f"actions: {sample} participants in {sample_seconds:.1f} s")

    print(
        f"BENCH seed participants={participants} db=sqlite debug={settings.DEBUG} seconds={seconds:.2f} "
        f"rows_per_s={participants / seconds:.0f} baseline=actions_extrapolated baseline_sample={sample} "
        f"baseline_seconds={baseline_seconds:.2f} ratio={baseline_seconds / seconds:.1f} peak_mb={peak_mb:.0f}"
    )


def time_actions(*, count: int, seed: int) -> float:
    """Seconds to register ``count`` planned participants and walk their histories through the actions."""
    from accounts.models import Organization, User  # noqa: PLC0415
    from participants import actions, demo, demo_data  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415
    from reference.models import Province, VocationalProgramme  # noqa: PLC0415

    organizations = demo.ensure_organizations()
    today_start = demo.start_of_today()
    world = demo.load_world(organizations, today=today_start.date())
    taken = set(Participant.objects.values_list("nik", flat=True))
    plans = list(demo.plan_participants(world=world, count=count, seed=seed, today_start=today_start, taken_niks=taken))
    by = User.objects.get(username=demo_data.LOGINS[0].username)
    provinces = Province.objects.in_bulk()
    programmes = VocationalProgramme.objects.in_bulk()
    by_pk = Organization.objects.in_bulk()

    started = time.perf_counter()
    for plan in plans:
        details = actions.ParticipantDetails(
            full_name=plan.full_name,
            name_katakana=plan.name_katakana,
            nik=plan.nik,
            sex=plan.sex,
            birth_date=plan.birth_date,
            birth_place=plan.birth_place,
            province=provinces[plan.province_id],
            address=plan.address,
            phone=plan.phone,
            email=plan.email,
            vocational_programme=programmes[plan.vocational_programme_id] if plan.vocational_programme_id else None,
            training_centre=by_pk[plan.training_centre_id],
            sending_organization=by_pk[plan.sending_organization_id] if plan.sending_organization_id else None,
        )
        participant = actions.register_participant(details=details, by=by)
        for change in plan.history[1:]:
            # Replays the demo's invented histories, as the bulk path does: no readiness gate.
            actions.change_status(
                participant_id=participant.pk, to=change.to_status, by=by, reason=change.reason, replay=True
            )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
