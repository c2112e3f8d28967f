"""``manage.py plan_matching``: the same planning run as the page, for cron or an operator."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from joborders.tests.world import Japan
from matching.models import PlanningRun, PlanningStatus
from matching.tests.pool import Pool, candidate
from tests.cast import Cast


def test_it_plans_and_reports(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong")
    out = StringIO()
    call_command("plan_matching", "--by", cast.ministry_officer.username, stdout=out)
    run = PlanningRun.objects.get()
    assert run.status == PlanningStatus.DONE
    assert "1 of 1 positions filled" in out.getvalue()


def test_it_is_for_ministry_officers_only(cast: Cast) -> None:
    with pytest.raises(CommandError):
        call_command("plan_matching", "--by", cast.company_officer.username)
    assert not PlanningRun.objects.exists()
