"""Schemathesis against /api/v1/openapi.json, in process through WSGI: no answer
is a 5xx, every answer matches the schema (its status code is documented and
its body has the documented shape).

Every operation gets calls generated from the schema, valid ones and invalid
ones (wrong types, missing fields, values out of range), as a ministry officer,
an LPK/SO officer and a company officer; a path's ``id`` is a record of the
world below as often as a random number, so reads and writes reach real rows.
Then the stateful run follows the schema's links (a list to its first record,
a created record to its detail and status), so calls act on what earlier calls
created or changed.

The suite runs a few examples per operation; ``make bench-fuzz`` runs the same
code with JEMBATAN_FUZZ_SCALE for ten thousand calls and more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from api.tests.conftest import secret_for
from tests.cast import Cast
from tests.fuzzing import Tally, fuzz_world, out_of_time, scaled

PERSONAS = ("ministry_officer", "lpk_officer", "company_officer")
SCHEMA_CHECKS = [response_schema_conformance, status_code_conformance]
Check = Callable[..., Any]
AnyCase = Case[Any]


class Fuzz:
    """The schema loaded through WSGI, a token per persona, the ids of the world, and the tally."""

    def __init__(self, cast: Cast, tally: Tally) -> None:
        world = fuzz_world(cast)
        self.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        self.headers = {
            persona: {"Authorization": f"Bearer {secret_for(getattr(cast, persona))}"} for persona in PERSONAS
        }
        self.ids = sorted(
            {
                cast.budi.pk,
                cast.siti.pk,
                world.job_order.pk,
                world.enrolment.pk,
                world.entry.shortlist_id,
                world.interview.pk,
                world.placement.pk,
                world.ledger_entry.pk,
                world.case.pk,
                world.report.pk,
            }
        )
        self.tally = tally

    def send(self, case: AnyCase, persona: str) -> Response:
        response = case.call(headers=self.headers[persona])
        self.check(case, response)
        return response

    def check(self, case: AnyCase, response: Response) -> None:
        self.tally.add("api_calls")
        self.tally.add(f"api_answered_{response.status_code}")
        label = f"{case.method} {case.formatted_path} as {response.request.headers.get('Authorization', '')[:14]}"
        if not self._passes(case, response, [not_a_server_error]):
            self.tally.fail("api_5xx", f"{label}: {response.status_code} {response.text[:300]}")
        elif not self._passes(case, response, SCHEMA_CHECKS):
            self.tally.fail("schema_violations", f"{label}: {response.status_code} {response.text[:300]}")

    def _passes(self, case: AnyCase, response: Response, checks: list[Check]) -> bool:
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup:
            return False
        return True


@pytest.fixture
def fuzz(cast: Cast, settings: Settings, tmp_path: Path) -> Iterator[Fuzz]:
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Thousands of calls per token: the rate limit (tested in test_authentication) would answer 429 to most.
    settings.API_RATE_LIMIT = "1000000/hour"
    # Calls go through Django's own WSGI handler, whose request signals close a connection that is
    # not in autocommit, as the test's transaction is (on PostgreSQL): Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Fuzz(cast, Tally("api"))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@contextmanager
def undone() -> Iterator[None]:
    """Runs one example and rolls back what it wrote: every example starts from the same world,
    so that hypothesis sees the same answers when it replays one."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def _run_each_operation(fuzz: Fuzz, examples: int) -> None:
    for result in fuzz.schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err would be a broken schema: test_schema fails
        if out_of_time():
            return
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(
                case=operation.as_strategy(generation_mode=mode),
                persona=st.sampled_from(PERSONAS),
                known=st.none() | st.sampled_from(fuzz.ids),
            )
            def call(case: AnyCase, persona: str, known: int | None) -> None:
                if known is not None and "id" in (case.path_parameters or {}):
                    case.path_parameters["id"] = known
                with undone():
                    fuzz.send(case, persona)

            call()


def _run_stateful(fuzz: Fuzz, scenarios: int) -> None:
    if out_of_time():
        return
    machine: type[APIStateMachine] = fuzz.schema.as_state_machine()

    # One persona per run: a persona chosen by a counter that outlives the
    # scenario made the same choices give other answers (other records, other
    # links), which hypothesis refuses as inconsistent data generation.
    for persona in PERSONAS:

        class Linked(machine):  # type: ignore[valid-type, misc]
            """Each scenario calls as the run's persona; answers are counted, not raised."""

            def setup(self) -> None:
                self.savepoint = transaction.savepoint()

            def teardown(self) -> None:
                transaction.savepoint_rollback(self.savepoint)

            def get_call_kwargs(self, case: AnyCase, persona: str = persona) -> dict[str, Any]:
                return {"headers": fuzz.headers[persona]}

            def validate_response(self, response: Response, case: AnyCase, *args: Any, **kwargs: Any) -> None:
                fuzz.check(case, response)

        run_state_machine_as_test(
            Linked,
            settings=settings(
                max_examples=max(1, scenarios // len(PERSONAS)),
                stateful_step_count=8,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )


def test_it_answers_every_generated_call_without_a_5xx_and_within_the_schema(fuzz: Fuzz) -> None:
    _run_each_operation(fuzz, scaled(6))
    _run_stateful(fuzz, scaled(15))
    fuzz.tally.report()
    assert fuzz.tally.counts["api_calls"] >= 24 * 2 * 3
    assert not fuzz.tally.bad, "\n".join(fuzz.tally.bad)
