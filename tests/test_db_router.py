"""config/db_router.py: report and export reads go to the replica while it is
healthy, to the primary when it is down or behind; everything else and every
write stays on the primary."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from pytest_django.fixtures import Settings

from accounts.models import User
from config import db_router
from config.db_router import (
    DEFAULT,
    REPLICA,
    PrimaryReplicaRouter,
    ReplicaHealth,
    ReplicaReadsMiddleware,
    ReplicaState,
    probe,
    replica_reads,
    replica_reads_wanted,
)
from participants.models import Participant
from tests.cast import Cast

router = PrimaryReplicaRouter()
HEALTHY = ReplicaState(lag_seconds=0.2, lag_bytes=0)


@pytest.fixture
def replica(settings: Settings) -> Iterator[mock.MagicMock]:
    """A replica alias in the settings and a health check the test decides."""
    settings.REPLICA_MAX_LAG_SECONDS = 10
    check = mock.MagicMock(return_value=HEALTHY)
    with (
        mock.patch.object(db_router, "replica_configured", return_value=True),
        mock.patch.object(db_router, "_health", ReplicaHealth(check)),
    ):
        yield check


def closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return int(listener.getsockname()[1])


def test_it_reads_from_the_primary_outside_report_pages(replica: mock.MagicMock) -> None:
    assert router.db_for_read(Participant) is None
    replica.assert_not_called()


def test_it_reads_report_data_from_a_healthy_replica(replica: mock.MagicMock) -> None:
    with replica_reads():
        assert router.db_for_read(Participant) == REPLICA
    assert router.db_for_read(Participant) is None


def test_it_keeps_sign_in_data_on_the_primary_on_report_pages(replica: mock.MagicMock) -> None:
    with replica_reads():
        assert router.db_for_read(Session) is None
        assert router.db_for_read(User) is None


@pytest.mark.parametrize(
    "state",
    [
        ReplicaState(lag_seconds=None, lag_bytes=None, error="connection refused"),
        ReplicaState(lag_seconds=10.5, lag_bytes=4096),
        ReplicaState(lag_seconds=3600.0, lag_bytes=0),
    ],
    ids=["unreachable", "just-past-the-limit", "an-hour-behind"],
)
def test_it_falls_back_to_the_primary_when_the_replica_is_down_or_behind(
    replica: mock.MagicMock, state: ReplicaState
) -> None:
    replica.return_value = state
    with replica_reads():
        assert router.db_for_read(Participant) == DEFAULT


def test_it_uses_the_replica_at_exactly_the_limit(replica: mock.MagicMock) -> None:
    replica.return_value = ReplicaState(lag_seconds=10.0, lag_bytes=0)
    with replica_reads():
        assert router.db_for_read(Participant) == REPLICA


def test_it_reads_from_the_primary_when_no_replica_is_configured() -> None:
    assert REPLICA not in settings.DATABASES
    with replica_reads():
        assert router.db_for_read(Participant) == DEFAULT


def test_it_writes_and_migrates_only_on_the_primary(replica: mock.MagicMock) -> None:
    with replica_reads():
        assert router.db_for_write(Participant) == DEFAULT
    assert router.allow_migrate(DEFAULT, "participants") is True
    assert router.allow_migrate(REPLICA, "participants") is False


@pytest.mark.parametrize(
    ("first", "second", "allowed"),
    [
        (DEFAULT, REPLICA, True),
        (REPLICA, REPLICA, True),
        (None, DEFAULT, True),
        (None, None, True),
        ("elsewhere", DEFAULT, False),
        (REPLICA, "elsewhere", False),
    ],
)
def test_it_relates_objects_of_the_primary_and_the_replica_only(
    first: str | None, second: str | None, allowed: bool
) -> None:
    one, other = Participant(), Participant()
    one._state.db, other._state.db = first, second
    assert router.allow_relation(one, other) is allowed


def test_it_checks_the_replica_once_per_interval() -> None:
    now = [100.0]
    check = mock.MagicMock(return_value=HEALTHY)
    health = ReplicaHealth(check, every=5.0, clock=lambda: now[0])
    for _ in range(3):
        health.state()
    now[0] += 4.9
    health.state()
    assert check.call_count == 1
    now[0] += 0.1
    health.state()
    assert check.call_count == 2


def test_it_notices_a_replica_that_comes_back(settings: Settings) -> None:
    settings.REPLICA_MAX_LAG_SECONDS = 10
    now = [0.0]
    down = ReplicaState(lag_seconds=None, lag_bytes=None, error="refused")
    check = mock.MagicMock(side_effect=[down, HEALTHY])
    health = ReplicaHealth(check, every=5.0, clock=lambda: now[0])
    assert not health.state().usable(10)
    now[0] += 5
    assert health.state().usable(10)


def test_it_reports_an_unreachable_replica_within_the_connect_timeout() -> None:
    state = probe({"HOST": "127.0.0.1", "PORT": closed_port(), "NAME": "jembatan", "USER": "jembatan"})
    assert not state.reachable
    assert state.error
    assert "unreachable" in state.describe()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="asks PostgreSQL for its replay lag")
@pytest.mark.django_db
def test_it_measures_no_lag_on_a_server_that_is_not_a_standby() -> None:
    state = probe(connection.settings_dict)
    assert state == ReplicaState(lag_seconds=0.0, lag_bytes=0)


# --- which pages -------------------------------------------------------------


def run_middleware(path: str, response: HttpResponse | StreamingHttpResponse) -> tuple[bool, Any]:
    """The flag as the view saw it, and the response the middleware returned."""
    seen: list[bool] = []

    def view(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        seen.append(replica_reads_wanted())
        return response

    def get_response(request: HttpRequest) -> Any:
        request.resolver_match = resolve(request.path_info)
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReplicaReadsMiddleware(get_response)
    returned = middleware(RequestFactory().get(path))
    return seen[0], returned


@pytest.mark.parametrize(
    "path",
    [
        "/reports/",
        "/reports/scorecards/",
        "/open-data/",
        "/spreadsheets/export/participants.csv",
    ],
)
def test_it_marks_report_and_export_pages_for_the_replica(path: str) -> None:
    wanted, _ = run_middleware(path, HttpResponse())
    assert wanted
    assert not replica_reads_wanted()


@pytest.mark.parametrize("path", ["/participants/", "/spreadsheets/", "/healthz", "/api/v1/participants/"])
def test_it_leaves_other_pages_on_the_primary(path: str) -> None:
    wanted, _ = run_middleware(path, HttpResponse())
    assert not wanted


def test_it_keeps_a_streamed_export_on_the_replica_while_it_is_sent() -> None:
    def rows() -> Iterator[str]:
        yield f"{replica_reads_wanted()}\n"
        yield f"{replica_reads_wanted()}\n"

    _, response = run_middleware("/spreadsheets/export/participants.csv", StreamingHttpResponse(rows()))
    assert not replica_reads_wanted()
    assert b"".join(response.streaming_content) == b"True\nTrue\n"
    assert not replica_reads_wanted()


def test_it_sends_a_report_pages_reads_to_the_replica_and_sign_in_to_the_primary(
    client: Client, cast: Cast, replica: mock.MagicMock
) -> None:
    """The whole request: which database the router chose for each model the
    page read. Chosen, not used: the test database has no second copy."""
    chosen: list[tuple[str, str | None]] = []
    original = PrimaryReplicaRouter.db_for_read

    def spy(self: PrimaryReplicaRouter, model: Any, **hints: Any) -> str | None:
        chosen.append((model._meta.app_label, original(self, model, **hints)))
        return None

    client.force_login(cast.ministry_officer)
    with mock.patch.object(PrimaryReplicaRouter, "db_for_read", spy):
        assert client.get(reverse("reports:index")).status_code == 200
        report = list(chosen)
        chosen.clear()
        assert client.get(reverse("participant_list")).status_code == 200
    assert (("sessions", None)) in report
    assert {label for label, alias in report if alias == REPLICA} - db_router.PRIMARY_ONLY_APPS
    assert all(alias is None for label, alias in report if label in db_router.PRIMARY_ONLY_APPS)
    assert chosen
    assert all(alias is None for _, alias in chosen)


def failing_on_the_replica(request: HttpRequest) -> HttpResponse:
    if replica_reads_wanted():
        raise OperationalError("connection to server at 127.0.0.1, port 5441 failed: Connection refused")
    return HttpResponse("from the primary")


def run_failing_view(path: str, method: str = "get") -> HttpResponseBase:
    def get_response(request: HttpRequest) -> Any:
        request.resolver_match = resolve(request.path_info)
        middleware.process_view(request, failing_on_the_replica, (), {})
        try:
            return failing_on_the_replica(request)
        except OperationalError as error:
            answer = middleware.process_exception(request, error)
            if answer is None:
                raise
            return answer

    middleware = ReplicaReadsMiddleware(get_response)
    return middleware(getattr(RequestFactory(), method)(path))


def test_it_answers_from_the_primary_when_the_replica_dies_between_checks(replica: mock.MagicMock) -> None:
    replica.side_effect = [HEALTHY, ReplicaState(lag_seconds=None, lag_bytes=None, error="refused")]
    assert db_router.replica_usable()
    response = run_failing_view("/reports/")
    assert isinstance(response, HttpResponse)
    assert response.content == b"from the primary"
    assert replica.call_count == 2
    assert not replica_reads_wanted()


def test_it_lets_the_error_through_when_the_replica_is_still_healthy(replica: mock.MagicMock) -> None:
    with pytest.raises(OperationalError):
        run_failing_view("/reports/")


def test_it_never_repeats_a_post(replica: mock.MagicMock) -> None:
    replica.side_effect = [HEALTHY, ReplicaState(lag_seconds=None, lag_bytes=None, error="refused")]
    with pytest.raises(OperationalError):
        run_failing_view("/reports/", method="post")
