"""Reports and exports read from the streaming replica; everything else uses the primary.

A national deployment's heaviest reads are the dashboards, scorecards, open data
and the participant export: whole-table aggregates that would otherwise compete
with the day's writes. With ``DATABASE_REPLICA_URL`` set, those pages (chosen
by URL name in ``REPLICA_NAMESPACES`` / ``REPLICA_VIEW_NAMES``) read from the
``replica`` database. Writes, and every other page, stay on ``default``.

A replica can be down, or behind (a long vacuum replay, a lost connection to
the primary). Before using it the router asks the replica itself how far
behind it is; it reads from the primary instead when the replica does not
answer within a second or lags more than ``REPLICA_MAX_LAG_SECONDS``. The answer
is kept for ``CHECK_EVERY_SECONDS`` per process, so a busy report page costs
one small query every few seconds, not one per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase
from django.urls import ResolverMatch

logger = logging.getLogger(__name__)

DEFAULT = "default"
REPLICA = "replica"
CHECK_EVERY_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 1

# URL namespaces and view names whose reads may come from the replica: read-only pages.
REPLICA_NAMESPACES = frozenset({"reports", "open_data"})
REPLICA_VIEW_NAMES = frozenset({"participant_export"})
# Signing in must see a session, a lockout or a second factor the moment it is
# written, so these always come from the primary, even on a report page.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "accounts", "axes", "django_otp", "otp_totp", "otp_static", "contenttypes"}
)

# How far behind the replica is: 0 when it has replayed all it received (an idle
# primary writes nothing, so the time since the last replayed commit would grow
# without the replica being behind at all); 0 on a server that is not a standby.
LAG_QUERY = """
SELECT
    CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
    END::float8,
    CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        ELSE COALESCE(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)
    END::bigint
"""

_replica_wanted: ContextVar[bool] = ContextVar("jembatan_replica_reads", default=False)


@dataclass(frozen=True)
class ReplicaState:
    """What the last check saw. ``lag_seconds`` is None when it did not answer."""

    lag_seconds: float | None
    lag_bytes: int | None
    error: str = ""

    @property
    def reachable(self) -> bool:
        return self.lag_seconds is not None

    def usable(self, max_lag_seconds: float) -> bool:
        return self.lag_seconds is not None and self.lag_seconds <= max_lag_seconds

    def describe(self) -> str:
        if self.lag_seconds is None:
            return f"unreachable ({self.error})"
        return f"lag {self.lag_seconds:.1f} s, {self.lag_bytes} bytes to replay"


def probe(settings_dict: Mapping[str, Any]) -> ReplicaState:
    """Ask the database described by ``settings_dict`` how far behind it is.

    A connection of its own, not Django's: a replica that hangs must cost at
    most CONNECT_TIMEOUT_SECONDS, and a failed check must not leave a broken
    connection behind for the request's own queries."""
    try:
        with psycopg.connect(
            host=settings_dict.get("HOST") or None,
            port=str(settings_dict.get("PORT") or "") or None,
            dbname=settings_dict.get("NAME"),
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            autocommit=True,
        ) as connection:
            row = connection.execute(LAG_QUERY).fetchone()
    except psycopg.Error as error:
        return ReplicaState(lag_seconds=None, lag_bytes=None, error=str(error).strip().splitlines()[0][:200])
    if row is None:  # A SELECT without FROM always returns its one row.
        return ReplicaState(lag_seconds=None, lag_bytes=None, error="no answer to the lag query")
    return ReplicaState(lag_seconds=float(row[0]), lag_bytes=int(row[1]))


class ReplicaHealth:
    """The last check of the replica, renewed when older than ``every`` seconds.

    One per process; the lock keeps a page burst from checking once per thread."""

    def __init__(
        self,
        check: Callable[[], ReplicaState],
        every: float = CHECK_EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._check = check
        self._every = every
        self._clock = clock
        self._lock = threading.Lock()
        self._state: ReplicaState | None = None
        self._checked_at = 0.0

    def forget(self) -> None:
        """Check again on the next question (a query on the replica just failed)."""
        with self._lock:
            self._state = None

    def state(self) -> ReplicaState:
        with self._lock:
            now = self._clock()
            if self._state is None or now - self._checked_at >= self._every:
                previous, self._state = self._state, self._check()
                self._checked_at = now
                self._log_change(previous, self._state)
            return self._state

    @staticmethod
    def _log_change(previous: ReplicaState | None, current: ReplicaState) -> None:
        limit = settings.REPLICA_MAX_LAG_SECONDS
        was = previous is None or previous.usable(limit)
        if was and not current.usable(limit):
            logger.warning("Replica not used, reports read from the primary: %s", current.describe())
        elif previous is not None and not was and current.usable(limit):
            logger.info("Replica back in use for reports: %s", current.describe())


def _check_configured_replica() -> ReplicaState:
    return probe(settings.DATABASES[REPLICA])


_health = ReplicaHealth(_check_configured_replica)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_usable() -> bool:
    """Whether reads marked for the replica may go there now."""
    return replica_configured() and _health.state().usable(settings.REPLICA_MAX_LAG_SECONDS)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads of report data may come from the replica."""
    token = _replica_wanted.set(True)
    try:
        yield
    finally:
        _replica_wanted.reset(token)


def replica_reads_wanted() -> bool:
    return _replica_wanted.get()


# The databases whose objects may point to each other's (None: an object not saved yet).
_RELATED_DATABASES = frozenset({DEFAULT, REPLICA, None})


class PrimaryReplicaRouter:
    """Django's database router: see the module docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not _replica_wanted.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            # None: Django follows an instance's own database, else default.
            return None
        return REPLICA if replica_usable() else DEFAULT

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # The replica holds the primary's rows: an object read from either may point to the other's.
        # Asked at every assignment of a related object (a seed of millions of rows asks it tens of
        # millions of times), so two lookups in a constant set, not two new sets a call.
        return obj1._state.db in _RELATED_DATABASES and obj2._state.db in _RELATED_DATABASES

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # A streaming replica copies the primary's schema; it is never migrated itself.
        return db != REPLICA


def reads_from_replica(match: ResolverMatch | None) -> bool:
    """Whether the page ``match`` resolved to is one whose reads may use the replica."""
    if match is None:
        return False
    return match.namespace in REPLICA_NAMESPACES or match.view_name in REPLICA_VIEW_NAMES


def _streamed_from_replica(content: Iterable[object]) -> Iterator[object]:
    # A streamed export runs its queries while the server sends it, after the
    # middleware has returned: the choice must hold for those reads as well.
    with replica_reads():
        yield from content


class ReplicaReadsMiddleware:
    """Marks the request of a report or export page so its reads may use the replica."""

    # Where process_view leaves the context variable's token for __call__ to reset.
    _TOKEN = "_jembatan_replica_token"  # noqa: S105 (an attribute name, not a password)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            response = self.get_response(request)
        finally:
            token: Token[bool] | None = request.__dict__.pop(self._TOKEN, None)
            if token is not None:
                _replica_wanted.reset(token)
        if token is not None and response.streaming:
            response.streaming_content = _streamed_from_replica(response.streaming_content)  # type: ignore[attr-defined]
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        if reads_from_replica(request.resolver_match) and self._TOKEN not in request.__dict__:
            request.__dict__[self._TOKEN] = _replica_wanted.set(True)
            request.__dict__[self._VIEW] = (view_func, view_args, view_kwargs)

    _VIEW = "_jembatan_replica_view"

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        """A replica that died since the last check fails the page's first query
        on it. A read-only page is then answered again from the primary, at
        once, instead of failing until the next check notices."""
        token: Token[bool] | None = request.__dict__.get(self._TOKEN)
        if token is None or request.method not in ("GET", "HEAD"):
            return None
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        _health.forget()
        if replica_usable():
            return None  # The replica is fine: the failure was the primary's, shown as such.
        logger.warning("Replica failed during %s; answering it from the primary", request.path)
        view_func, view_args, view_kwargs = request.__dict__[self._VIEW]
        primary_token = _replica_wanted.set(False)
        try:
            response: HttpResponseBase = view_func(request, *view_args, **view_kwargs)
        finally:
            _replica_wanted.reset(primary_token)
        return response
