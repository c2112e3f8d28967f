"""Any query string on any list or search page answers below 500.

An address can be edited by hand: arbitrary keys and values, unicode, NUL,
huge and negative numbers, repeated keys, and page cursors that are base64
of any JSON at all. Every page reachable with GET and no path argument
comes from the URL configuration, plus the pages with a path argument that
read their query string; each gets generated query strings as a ministry
administrator and as an LPK/SO officer. A crash comes back as an exception
from the test client, a refused value as 400.

The run is short by default (``JEMBATAN_FUZZ_EXAMPLES`` examples per page and
persona); ``make fuzz`` runs many more.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import pytest
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import actions as matching_actions
from matching.models import PlanningRun
from reports.tests.scorecard_world import scorecards_of_the_cast
from reports.tests.world import cast_figures
from tests.cast import Cast
from training import actions as training_actions
from training.models import CourseKind, TrainingClass
from training.tests.conftest import class_details, course_details

EXAMPLES = int(os.environ.get("JEMBATAN_FUZZ_EXAMPLES", "4"))
# Not pages of the app: Django's admin and language switch, and logging out (a POST).
SKIPPED_PREFIXES = ("admin/", "i18n/")
SKIPPED_NAMES = {"logout"}
PERSONAS = ("ministry_admin", "lpk_officer")


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    """Each pattern's route, its name as ``reverse`` takes it (with its app's namespace), and the pattern."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        else:
            yield route, namespace + (entry.name or ""), entry


def pages_without_arguments() -> list[str]:
    names = []
    for route, name, pattern in _patterns(get_resolver()):
        if route.startswith(SKIPPED_PREFIXES) or pattern.name in SKIPPED_NAMES or pattern.name is None:
            continue
        if not pattern.pattern.regex.groupindex and "<" not in route:
            names.append(name)
    return sorted(set(names))


class World:
    def __init__(self, cast: Cast) -> None:
        course = training_actions.create_course(
            provider=cast.lpk, details=course_details(CourseKind.LANGUAGE), by=cast.lpk_officer
        )
        self.training_class: TrainingClass = training_actions.create_class(
            course_id=course.pk, details=class_details(), by=cast.lpk_officer
        )
        self.run: PlanningRun = matching_actions.start_planning(by=cast.ministry_officer, queue=False)
        self.cast = cast

    def scored(self, path: str) -> str:
        """``path``, once the scorecards have a snapshot to read (and to export)."""
        scorecards_of_the_cast(self.cast)
        return path

    def with_figures(self, url: str) -> str:
        """``url``, once a snapshot of figures exists for every scope of the cast."""
        cast_figures(self.cast)
        return url


# Pages with a path argument that read their query string (search, filters, pages).
PAGES_WITH_ARGUMENTS: dict[str, Callable[[World], str]] = {
    "class_enrol": lambda w: f"/training/classes/{w.training_class.pk}/enrol/",
    "plan_detail": lambda w: f"/matching/plans/{w.run.pk}/",
    "participant_export csv": lambda w: "/spreadsheets/export/participants.csv",
    "participant_export xlsx": lambda w: "/spreadsheets/export/participants.xlsx",
    "document_upload": lambda w: f"/participants/{w.cast.budi.pk}/documents/new/",
    "scorecard_list": lambda w: w.scored("/reports/scorecards/companies/"),
    "scorecard_detail": lambda w: w.scored(f"/reports/scorecards/companies/{w.cast.company.pk}/"),
    "scorecard_export csv": lambda w: w.scored("/reports/scorecards/sending-organizations/export.csv"),
    "scorecard_export xlsx": lambda w: w.scored("/reports/scorecards/supervising-organizations/export.xlsx"),
    "open_data:figures_csv": lambda w: "/open-data/departures-by-year.csv",
    "reports dashboard": lambda w: w.with_figures("/reports/pipeline/"),
    "reports dashboard xlsx": lambda w: w.with_figures("/reports/departures/export.xlsx"),
    "reports dashboard pdf": lambda w: w.with_figures("/reports/placements/export.pdf"),
    "reports table csv": lambda w: w.with_figures("/reports/returnees/work.csv"),
}

# Names the views read, so that generated values reach the code behind them.
KNOWN_KEYS = [
    "after",
    "before",
    "q",
    "page",
    "unmatched_page",
    "participants",
    "job_order",
    "reason",
    "type",
    "id",
    "actor",
    "sort",
    "status",
    "training_centre",
    "sending_organization",
    "kind",
    "full_name",
    "name_katakana",
    "katakana_suggested",
    "programme",
    "start_date",
    "job_category",
    "operation",
    "ssw_field",
    "business_category",
    "company",
    "titp_stage",
    "next",
    "start",
    "end",
    "year",
    "language",
    "scope",
    "year",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


# Plausible cursors first: a [time, id] or [text, id] pair with values at their edges.
edge_values = (
    st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from(["2026-01-01T00:00:00+07:00", "2026-01-01T00:00:00", "2026-13-45", "", "\x00", "9" * 40])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
cursors = st.one_of(
    st.tuples(edge_values, edge_values).map(list).map(_cursor),
    json_values.map(_cursor),
    st.text(max_size=40),
    st.just("[" * 5000).map(lambda nested: base64.urlsafe_b64encode(nested.encode()).decode()),
)
values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["", "-1", "0", "1", "9" * 25, "1e30", "NaN", "２", "²", "2026-02-30", "ready", "\x00"]),
    cursors,
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12))
query_strings = st.lists(st.tuples(keys, values), max_size=6).map(urlencode)


def _consume(response: HttpResponseBase) -> None:
    """A download is written while it is sent: read it, so that an error in it shows."""
    if isinstance(response, StreamingHttpResponse):
        b"".join(response.streaming_content)  # type: ignore[arg-type]


def _fuzz(client: Client, path: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=query_strings)
    def answers_below_500(query: str) -> None:
        response = client.get(f"{path}?{query}")
        _consume(response)
        assert response.status_code < 500, (path, query)

    answers_below_500()


def test_it_enumerates_the_list_pages_from_the_url_configuration() -> None:
    pages = pages_without_arguments()
    # A sample that must be there; the point is that new pages join without being listed.
    assert {"participant_list", "job_order_list", "audit_log", "course_list", "shortlist_list"} <= set(pages)


@pytest.mark.parametrize("name", pages_without_arguments())
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_never_answers_500_to_a_query_string_on_a_list_page(cast: Cast, name: str, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))
    _fuzz(client, reverse(name))


@pytest.mark.parametrize("name", sorted(PAGES_WITH_ARGUMENTS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_never_answers_500_to_a_query_string_on_a_search_page(cast: Cast, name: str, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))
    _fuzz(client, PAGES_WITH_ARGUMENTS[name](World(cast)))
