"""manage.py refresh_figures: the same refresh as the beat, from cron or by hand."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports.models import RefreshLock, Snapshot

pytestmark = pytest.mark.django_db


def test_it_refreshes_and_says_how_many_figures() -> None:
    out = io.StringIO()
    call_command("refresh_figures", stdout=out)
    snapshot = Snapshot.objects.get()
    assert snapshot.finished_at is not None
    assert out.getvalue().startswith(f"{snapshot.figures} figures of 0 participants as of ")


def test_it_fails_while_another_refresh_runs() -> None:
    RefreshLock.objects.create(pk=1, holder="running", held_until=timezone.now() + datetime.timedelta(minutes=5))
    with pytest.raises(CommandError, match="Another refresh of the figures is running"):
        call_command("refresh_figures", stdout=io.StringIO())
    assert not Snapshot.objects.exists()
