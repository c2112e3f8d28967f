"""The API's scoping, generated from the pages' access matrix: each endpoint
is paired with the page it mirrors and the persona set that page grants
(imported from accounts/tests/test_access_matrix.py), so a change to the
page rules changes this test. Every persona who may hold a token gets 200
where the page gives 200, and 404 where the page gives 404; a list holds
exactly the records of the access function the page lists with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from accounts import access
from accounts.models import User
from accounts.tests.test_access_matrix import (
    CASE_LIST,
    JAPAN_SIDE,
    JOB_ORDER_PAGES,
    LIST_READERS,
    LPKS,
    MINISTRY,
    PLACEMENT_LIST,
    SEE_BUDI,
    SEE_BUDIS_CASE,
    SEE_BUDIS_COSTS,
    SEE_BUDIS_OFFER,
    SEE_BUDIS_PLACEMENT,
    SEE_SERVED_ORDER,
    SEE_SITI,
    SEE_SITIS_PLACEMENT,
    SELECTION_LISTS,
    STAFF,
    TRAINERS,
    supported_job_order,
)
from api.tests.conftest import client_for
from joborders.tests.world import served_job_order
from ledger.tests.world import company_paid_line
from matching.engine.scoring import PART_NAMES
from matching.models import Shortlist, ShortlistEntry
from placements.tests.moves_world import sitis_placement
from placements.tests.resume_world import budi_on_a_shortlist
from placements.tests.stay_world import at_work
from placements.tests.world import budis_selection
from protection.models import Body
from protection.tests.case_world import budis_case, case_at_the_top, referred_case
from tests.cast import PERSONAS, Cast
from training import actions as training_actions
from training.models import CourseKind
from training.tests.conftest import class_details, course_details

# Who may hold a token: every staff persona (participants and the outsider may not; test_actions).
HOLDERS = STAFF
# The ledger's two list pages: "costs and subsidies" (ledgers kept) and "costs we paid" (the Japanese side).
LEDGER_LINES = MINISTRY | LPKS | JAPAN_SIDE | {"support_officer"}


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _shortlist(cast: Cast, *, published: bool) -> str:
    order = budi_on_a_shortlist(cast, published=published)
    # The matrix's world writes budi's entry without score parts; the API shows his profile, which explains them.
    ShortlistEntry.objects.filter(shortlist__job_order=order).update(parts=[0.5] * len(PART_NAMES))
    return f"/api/v1/shortlists/{Shortlist.objects.get(job_order=order).pk}/"


def budi_in_a_class(cast: Cast) -> None:
    """Budi in a welding class at his BLK and in a Japanese class at his LPK/SO."""
    welding = training_actions.create_course(
        provider=cast.blk,
        details=course_details(CourseKind.SKILL, code="las", vocational_programme=cast.programme),
        by=cast.blk_officer,
    )
    japanese = training_actions.create_course(
        provider=cast.lpk, details=course_details(CourseKind.LANGUAGE, code="n4"), by=cast.lpk_officer
    )
    for course, code in ((welding, "las-1"), (japanese, "n4-1")):
        made = training_actions.create_class(
            course_id=course.pk, details=class_details(code=code), by=cast.ministry_officer
        )
        training_actions.enrol_participants(
            training_class_id=made.pk, participant_ids=[cast.budi.pk], by=cast.ministry_officer
        )


def _supported_order(cast: Cast) -> str:
    return supported_job_order(cast).replace("/joborders/", "/api/v1/job-orders/")


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[Cast], str]
    # The personas the mirrored page is shown to (test_access_matrix.GET_PAGES).
    page: set[str]


DETAILS = [
    Row("budi (his record)", lambda c: f"/api/v1/participants/{c.budi.pk}/", SEE_BUDI),
    Row("siti (her record)", lambda c: f"/api/v1/participants/{c.siti.pk}/", SEE_SITI),
    Row("a served job order", lambda c: f"/api/v1/job-orders/{served_job_order(c).pk}/", SEE_SERVED_ORDER),
    Row("a job order naming the support organization", _supported_order, SEE_SERVED_ORDER | {"support_officer"}),
    # The shortlist page of the order, as its résumés: a draft is the ministry's; a published one the Japanese side's.
    Row("a draft shortlist", lambda c: _shortlist(c, published=False), MINISTRY),
    Row("a published shortlist", lambda c: _shortlist(c, published=True), MINISTRY | JAPAN_SIDE),
    Row("budi's interview", lambda c: f"/api/v1/interviews/{budis_selection(c).interview.pk}/", SEE_BUDIS_OFFER),
    Row("budi's placement at work", lambda c: f"/api/v1/placements/{at_work(c).pk}/", SEE_BUDIS_PLACEMENT),
    Row("siti's placement", lambda c: f"/api/v1/placements/{sitis_placement(c).pk}/", SEE_SITIS_PLACEMENT),
    Row("budi's case", lambda c: f"/api/v1/grievances/{budis_case(c).pk}/", SEE_BUDIS_CASE),
    Row(
        "budi's case at the top of the chain",
        lambda c: f"/api/v1/grievances/{case_at_the_top(c).pk}/",
        SEE_BUDIS_CASE | {"embassy_officer"},
    ),
    Row(
        "budi's case referred to the supervising organization",
        lambda c: f"/api/v1/grievances/{referred_case(c, Body.SUPERVISING_ORGANIZATION).pk}/",
        SEE_BUDIS_CASE | {"supervising_officer"},
    ),
    Row(
        "a line the company paid",
        lambda c: f"/api/v1/ledger-entries/{company_paid_line(c).pk}/",
        SEE_BUDIS_COSTS | {"company_officer"},
    ),
]


@dataclass(frozen=True)
class ListRow(Row):
    # The records the page lists for a user: the access function the page reads.
    records: Callable[[User], Any]
    # Whatever the list needs to hold something worth comparing.
    world: Callable[[Cast], object] = lambda cast: None


LISTS = [
    ListRow("participants", lambda c: "/api/v1/participants/", LIST_READERS, access.participants_visible_to),
    ListRow(
        "training records",
        lambda c: "/api/v1/training-records/",
        TRAINERS,
        access.enrolments_visible_to,
        budi_in_a_class,
    ),
    ListRow(
        "job orders", lambda c: "/api/v1/job-orders/", JOB_ORDER_PAGES, access.job_orders_visible_to, served_job_order
    ),
    ListRow(
        "shortlists",
        lambda c: "/api/v1/shortlists/",
        MINISTRY | JAPAN_SIDE,
        access.shortlists_visible_to,
        lambda c: budi_on_a_shortlist(c, published=True),
    ),
    ListRow(
        "interviews", lambda c: "/api/v1/interviews/", SELECTION_LISTS, access.interviews_visible_to, budis_selection
    ),
    ListRow("placements", lambda c: "/api/v1/placements/", PLACEMENT_LIST, access.placements_visible_to, at_work),
    ListRow("grievances, none yet", lambda c: "/api/v1/grievances/", CASE_LIST, access.cases_visible_to),
    ListRow(
        "grievances, with budi's",
        lambda c: "/api/v1/grievances/",
        CASE_LIST | {"lpk_viewer"},
        access.cases_visible_to,
        budis_case,
    ),
    ListRow(
        "grievances, one referred to the company",
        lambda c: "/api/v1/grievances/",
        CASE_LIST | {"lpk_viewer", "company_officer"},
        access.cases_visible_to,
        lambda c: referred_case(c, Body.COMPANY),
    ),
    ListRow(
        "ledger entries",
        lambda c: "/api/v1/ledger-entries/",
        LEDGER_LINES,
        access.ledger_entries_visible_to,
        company_paid_line,
    ),
]


def _answers(cast: Cast, url: str) -> dict[str, Any]:
    return {persona: client_for(getattr(cast, persona)).get(url) for persona in sorted(HOLDERS)}


@pytest.mark.parametrize("row", DETAILS, ids=[row.name for row in DETAILS])
def test_it_opens_each_record_to_the_personas_of_its_page(cast: Cast, row: Row) -> None:
    url = row.url(cast)
    wrong = []
    for persona, response in _answers(cast, url).items():
        expected = 200 if persona in row.page else 404
        if response.status_code != expected:
            wrong.append(f"{persona}: {response.status_code}, expected {expected}")
        elif expected == 404 and response.json()["error"]["code"] != "not_found":
            wrong.append(f"{persona}: {response.json()}")
    assert not wrong, f"{row.name}: " + "; ".join(wrong)


@pytest.mark.parametrize("row", LISTS, ids=[row.name for row in LISTS])
def test_it_lists_what_the_page_lists_to_the_personas_of_its_page(cast: Cast, row: ListRow) -> None:
    row.world(cast)
    url = row.url(cast)
    wrong = []
    for persona, response in _answers(cast, url).items():
        expected = 200 if persona in row.page else 404
        if response.status_code != expected:
            wrong.append(f"{persona}: {response.status_code}, expected {expected}")
            continue
        if expected == 200:
            listed = {record["id"] for record in response.json()["results"]}
            visible = set(row.records(getattr(cast, persona)).values_list("pk", flat=True))
            if listed != visible:
                wrong.append(f"{persona}: listed {sorted(listed)}, the page lists {sorted(visible)}")
    assert not wrong, f"{row.name}: " + "; ".join(wrong)


def test_it_tests_every_persona_who_may_hold_a_token() -> None:
    assert set(PERSONAS) - {"participant_user", "outsider"} == HOLDERS
