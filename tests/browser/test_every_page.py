"""Every page, for every persona, on a 360 px phone in the persona's own
language: no sideways scrolling, tap targets of at least 44 px, a header that
leaves the screen to the content, and no serious or critical axe-core finding.

Each persona (the demo's logins: one per organization kind, then the
participant) logs in through the form, lands on the home, follows its first
work item, then every link it is shown, one page per URL name. The pages no
persona reached are then compared with the URL configuration, so a new page
that nobody can reach, or that no persona was given data for, fails here."""

from __future__ import annotations

import dataclasses
import datetime
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organization, User
from demo.seed import seed_demo
from joborders.models import JobOrder, JobOrderStatus
from matching.actions import compute_plan, start_planning
from matching.engine.scoring import PART_NAMES
from matching.models import ScoreWeights, Shortlist, ShortlistEntry, ShortlistStatus
from participants import actions as participant_actions
from participants.demo import seed_retyped_registrations
from participants.demo_data import DEMO_PASSWORD, LOGINS, PARTICIPANT_LOGIN
from participants.models import Participant, Status
from placements.actions.arrival import ArrivalDetails, record_arrival
from placements.actions.duties import VisitDetails, record_monthly_visit
from placements.actions.endings import MissingDetails, record_missing
from placements.actions.upskilling import UpskillingDetails, record_upskilling
from placements.deadlines import sweep_and_send
from placements.demo import DEMO_COMPANY, seed_selection
from placements.models import Placement, PlacementStatus, StayStage, UpskillingKind
from protection.actions.cases import CaseDetails, open_case
from protection.actions.checkins import open_round
from protection.actions.conversation import give_consent, write_note
from protection.actions.handling import refer_case
from protection.actions.intake import report_as_participant
from protection.actions.safety import Answer, answer_safety, open_safety_check
from protection.models import (
    AnsweredVia,
    Body,
    Category,
    ConsentGivenBy,
    ConsentPurpose,
    Door,
    SafetyAnswer,
    SafetyQuestion,
    Visibility,
)
from protection.safety_links import reply_token
from reports.actions import refresh_figures
from spreadsheets.actions import commit_import, start_import
from spreadsheets.models import ImportKind
from spreadsheets.tests.files import HEADINGS, upload, xlsx
from tests.browser.conftest import PHONE, open_context
from tests.browser.pagecheck import load_axe, phone_problems
from tests.cast import walk
from tests.nik import make_nik
from webhooks.actions import claim_attempt, create_endpoint, fan_out, record_attempt
from webhooks.events import PARTICIPANT, make_event
from webhooks.models import SUBSCRIBABLE, EventKind
from webhooks.sending import Answer as WebhookAnswer

# The header may take this share of the phone's height, the rest is the page's.
HEADER_SHARE = 0.12
# A long address without a break: the participant's own record must still fit.
LONG_EMAIL = "alambana.kusumo.peserta.magang.jepang.angkatan2026@lpk-karya-nusantara-mandiri.co.id"
SCREENS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "phone"


@dataclass(frozen=True)
class Persona:
    username: str
    language: str  # the language the persona reads the interface in

    @property
    def locale(self) -> str:
        return {"id": "id-ID", "ja": "ja-JP", "en": "en-GB"}[self.language]


# Indonesian staff and the participant read Indonesian; the Japanese side
# (supervising organization, company, support organization, prefecture) Japanese.
PERSONAS = (
    Persona("kemnaker", "id"),
    Persona("blk.bekasi", "id"),
    Persona("lpk.officer", "id"),
    Persona("ap2ln.officer", "id"),
    Persona("coop.officer", "ja"),
    Persona("company.officer", "ja"),
    Persona("support.officer", "ja"),
    Persona("miyagi.officer", "ja"),
    Persona("kbri.officer", "id"),
    Persona(PARTICIPANT_LOGIN, "id"),
)

# Named URLs that are not pages a person reads, with why.
NOT_PAGES = {
    "healthz": "JSON for monitors",
    "readyz": "JSON for the balancer",
    "set_language": "POST only",
    "logout": "POST only",
    # Each URL name is walked once, through whichever placement the walk reaches first.
    "correct_upskilling": "a form on one upskilling record: placements/tests/test_stay_views.py",
    "password_change": "Django's admin-styled page, linked from nowhere",
    "password_change_done": "Django's admin-styled page, linked from nowhere",
    "katakana_suggestion": "htmx fragment of the participant form",
    "participant_sensitive": "htmx fragment of the participant record",
    "participant_transition": "POST only",
    "document_file": "a stored file",
    "document_verify": "POST only",
    "duplicate_review": "POST only",
    "assessment_create": "POST only",
    "enrolment_complete": "POST only",
    "enrolment_withdraw": "POST only",
    "draft_all_shortlists": "POST only",
    "run_shortlist": "POST only",
    "exclude_entry": "POST only",
    "publish_shortlist": "POST only",
    "plan_shortlists": "POST only",
    "import_progress": "htmx fragment of the import page",
    "import_commit": "POST only",
    "import_cancel": "POST only",
    "import_decide": "POST only",
    "two_factor_remove": "POST only",
    "login_code": "a step of signing in for a user with a second factor; the demo logins have none",
    "import_errors": "a spreadsheet",
    "import_template": "a spreadsheet",
    "participant_export": "a spreadsheet or CSV file",
    "job_order_fields": "htmx fragment of the job order form",
    "job_order_transition": "POST only",
    "schedule_interview": "POST only",
    "interview_criteria": "POST only",
    "score_interview": "POST only",
    "interview_result": "POST only",
    "select_candidate": "POST only",
    "cancel_interview": "POST only",
    "answer_offer": "POST only",
    "record_offer_answer": "POST only",
    "withdraw_offer": "POST only",
    "interview_calendar": "a calendar file",
    "offer_pdf": "a PDF",
    "offer_signed_page": "a stored file",
    "participant_resume": "a PDF file",
    "shortlist_resumes": "a PDF file",
    "cohort_add": "POST only",
    "cohort_remove": "POST only",
    "cohort_depart": "POST only",
    "cohort_manifest": "a spreadsheet or PDF file",
    "ledger_reverse": "POST only",
    "ledger_dispute": "POST only",
    "ledger_receipt": "a stored file",
    "ledger_statement_pdf": "a PDF",
    "ledger_report": "a spreadsheet",
    "completion_certificate": "a PDF file",
    "my_case_reply": "POST only",
    "my_case_attachment": "POST only",
    "my_case_consent": "POST only",
    "my_case_withdraw": "POST only",
    "anonymous_reply": "POST only",
    "anonymous_attachment": "POST only",
    "anonymous_consent": "POST only",
    "anonymous_withdraw": "POST only",
    "anonymous_leave": "POST only",
    "anonymous_code": "shown once after an anonymous report: test_anonymous_report.py checks it on a phone",
    "anonymous_case": "opened with a tracking code and PIN: test_anonymous_report.py checks it on a phone",
    "safety_close": "POST only",
    "protection_dashboard_table": "a spreadsheet",
    "case_assign": "POST only",
    "case_status": "POST only",
    "case_escalate": "POST only",
    "case_refer": "POST only",
    "case_consent": "POST only",
    "case_consent_withdraw": "POST only",
    "case_note": "POST only",
    "case_attachment": "a file: protection/tests/test_views_cases.py TestFiles",
    "case_referral_reference": "POST only",
    "case_resolve": "POST only",
    "scorecard_export": "a spreadsheet or CSV file",
    "figures_csv": "a CSV file of the open data",
    "dashboard_xlsx": "a spreadsheet",
    "dashboard_pdf": "a PDF",
    "table_csv": "a CSV file",
    "monthly_file": "a stored file: reports/tests/test_views_monthly.py",
    "endpoint_secret": "shown once after adding an endpoint or making a new secret: webhooks/tests/test_views.py",
    "endpoint_active": "POST only",
    "endpoint_rotate": "POST only",
    "endpoint_delete": "POST only",
    "endpoint_test": "POST only",
    "delivery_send_again": "POST only",
    "api_token_revoke": "POST only",
    "breach_notify": "POST only",
    "breach_status": "POST only",
    "my_data_json": "a JSON file",
    "my_data_pdf": "a PDF",
    "photo_consent": "POST only",
    "ask_correction": "POST only",
    "ask_erasure": "POST only",
}
# URL namespaces that hold no pages, with why.
NOT_PAGE_NAMESPACES = {
    "admin": "Django's admin",
    "api": "JSON for partners' systems, tested in api/tests",
}
# Reached by a visitor who is not logged in, before any persona.
VISITOR_PAGES = (
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "protection:anonymous_report",
    "protection:anonymous_follow",
    "open_data:figures",
)


def test_the_personas_are_the_demo_logins() -> None:
    assert {persona.username for persona in PERSONAS} == {spec.username for spec in LOGINS} | {PARTICIPANT_LOGIN}


@pytest.fixture
def demo(transactional_db: None, settings: Any, tmp_path: Path) -> None:
    """The demo at a small size, plus what it leaves out: a planning run, an
    import waiting with a bad row, pairs of possible duplicates, a long
    e-mail address on the participant's own record, a missing person, and
    this month's check-in round."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    seed_demo(participants=150, seed=11)
    ministry = User.objects.get(username="kemnaker")
    compute_plan(run_id=start_planning(by=ministry, queue=False).pk)
    seed_retyped_registrations(after_pk=0, count=3, seed=11)
    _import_with_a_bad_row()
    _committed_import()
    _long_email_for(Participant.objects.get(user__username=PARTICIPANT_LOGIN), by=ministry)
    _interviews_for_the_demo_company()
    _at_work_in_japan()
    _missing_in_japan(by=ministry)
    # This month's check-in: the participant (in Japan) finds it waiting on their home.
    open_round(now=timezone.now())
    _a_report_by_the_participant()
    _safety_check(by=ministry)
    _protection_cases()
    _webhook_endpoint(by=ministry)
    _figures()


def _figures() -> None:
    """The figures refreshed again after everything above, as the schedule would:
    every dashboard and scorecard shows the demo's own numbers."""
    refresh_figures()


def _missing_in_japan(*, by: User) -> None:
    """At this size nobody in Japan is missing: one disappearance, so that its
    reports, the finding and the closing have their pages."""
    placement = (
        Placement.objects.filter(status=PlacementStatus.IN_JAPAN, participant__status=Status.PLACED)
        .order_by("pk")
        .first()
    )
    assert placement is not None
    since = timezone.localdate() - datetime.timedelta(days=3)
    details = MissingDetails(
        missing_since=since,
        last_contact_on=since,
        police_reported_on=None,
        otit_reported_on=None,
        circumstances="Tidak kembali ke asrama setelah hari libur.",
    )
    record_missing(placement_id=placement.pk, details=details, by=by)


def _a_report_by_the_participant() -> None:
    """Until the demo seeds protection cases: the participant's own report,
    with a question from the handler, so that their case page has a conversation."""
    user = User.objects.get(username=PARTICIPANT_LOGIN)
    participant = Participant.objects.get(user=user)
    details = CaseDetails(category=Category.WAGES, description="Gaji bulan lalu belum dibayar.")
    case = report_as_participant(participant=participant, details=details, file=None, by=user)
    officer = User.objects.get(username="lpk.officer")
    write_note(
        case_id=case.pk,
        text="Berapa jam Anda bekerja minggu lalu?",
        visibility=Visibility.REPORTER,
        by=officer,
        organization=case.assigned_organization,
    )


def _safety_check(*, by: User) -> None:
    """An open safety check over every prefecture where the demo has people
    at work, the participant login's among them, who asks for help (their
    LPK/SO's home then lists it), so that the board, the lists, a worker's
    page, the participant's answer and the e-mail's link have something to show."""
    own = Placement.objects.filter(participant__user__username=PARTICIPANT_LOGIN, status=PlacementStatus.IN_JAPAN)
    assert own.exists(), "the participant login must be at work in Japan to be asked"
    at_work = Placement.objects.filter(status=PlacementStatus.IN_JAPAN)
    prefectures = list(at_work.values_list("prefecture", flat=True).distinct())
    check = open_safety_check(event="Gempa Miyagi", prefecture_ids=prefectures, by=by).check
    lpk = Organization.objects.get(memberships__user__username="lpk.officer")
    asks = SafetyQuestion.objects.filter(safety_check=check, sending_organization=lpk)
    question = asks.filter(participant__user__username=PARTICIPANT_LOGIN).first()
    assert question is not None
    help_wanted = Answer(SafetyAnswer.NEEDS_HELP, message="Asrama rusak.", whereabouts="Balai kota")
    answer_safety(question_id=question.pk, answer=help_wanted, via=AnsweredVia.PARTICIPANT, by=None)


def _safety_reply_path() -> str:
    question = SafetyQuestion.objects.order_by("pk").first()
    assert question is not None
    return reverse("protection:safety_reply", args=[reply_token(question.pk)])


def _protection_cases() -> None:
    """Until the demo seeds protection: a worker of the demo LPK/SO reports
    unpaid overtime at the demo company, which is referred to its cooperative
    with the worker's consent (so the cooperative reads its page), and another
    reports violence, which goes to the ministry and the embassy at once."""
    officer = User.objects.get(username="lpk.officer")
    company = Organization.objects.get(code=DEMO_COMPANY)
    workers = Participant.objects.filter(sending_organization__memberships__user=officer).order_by("pk")
    reports = [
        (Category.OVERTIME, "Saya bekerja 80 jam lembur sebulan dan tidak dibayar penuh."),
        (Category.VIOLENCE, "Mandor memukul saya di gudang."),
    ]
    cases = [
        open_case(
            details=CaseDetails(
                category=category,
                description=words,
                participant=worker,
                company=company,
                supervising_organization=company.parent,
            ),
            door=Door.HOTLINE,
            by=officer,
        )
        for (category, words), worker in zip(reports, workers, strict=False)
    ]
    overtime = cases[0]
    give_consent(
        case_id=overtime.pk,
        purpose=ConsentPurpose.REFERRAL,
        body=Body.SUPERVISING_ORGANIZATION,
        given_by=ConsentGivenBy.BY_PHONE,
        recorded_by=officer,
    )
    refer_case(
        case_id=overtime.pk,
        body=Body.SUPERVISING_ORGANIZATION,
        organization=company.parent,
        reference="",
        shared="Jam lembur di pabrik melebihi batas dan tidak dibayar penuh.",
        share_identity=False,
        by=officer,
        version=overtime.version,
    )


def _webhook_endpoint(*, by: User) -> None:
    """Until the demo seeds webhooks: the demo LPK/SO's endpoint, registered
    by the ministry, with a delivery its receiver refused (so the log offers
    "send again") and one it accepted, written through the real attempts but
    without a network."""
    lpk = Organization.objects.get(memberships__user__username="lpk.officer")
    url = "https://lpk-karya-nusantara.example/jembatan/events"
    create_endpoint(organization=lpk, url=url, event_kinds=SUBSCRIBABLE, by=by)
    person = Participant.objects.filter(sending_organization=lpk).order_by("pk").first()
    assert person is not None
    for code, error in ((503, "HTTP 503: Service Unavailable"), (200, "")):
        event = make_event(
            kind=EventKind.PARTICIPANT_STATUS,
            subject_type=PARTICIPANT,
            subject_id=person.pk,
            from_status=Status.READY,
            to_status=Status.SHORTLISTED,
            at=timezone.now(),
        )
        [delivery_id] = fan_out(event)
        claim = claim_attempt(delivery_id=delivery_id, now=timezone.now())
        assert claim is not None
        record_attempt(claim=claim, answer=WebhookAnswer(code, error, 120), started_at=timezone.now())


def _import_with_a_bad_row() -> None:
    officer = User.objects.get(username="lpk.officer")
    lpk = Organization.objects.get(memberships__user=officer)
    blk = Organization.objects.get(code="bbpvp-bekasi")
    birth = datetime.date(2003, 4, 5)
    good = [make_nik(birth, sex="F", serial=7001), "Wulan Sari", "P", birth, "Bekasi", blk.code, lpk.code]
    bad = [make_nik(birth, sex="M", serial=7002), "Agus Salim", "X", birth, "Bekasi", blk.code, lpk.code]
    start_import(kind=ImportKind.PARTICIPANTS, upload=upload(xlsx([good, bad], HEADINGS)), organization=lpk, by=officer)


def _committed_import() -> None:
    """A BLK's import, committed: its page offers the undo, whose page must fit too."""
    officer = User.objects.get(username="blk.bekasi")
    blk = Organization.objects.get(memberships__user=officer)
    birth = datetime.date(2002, 8, 9)
    row = [make_nik(birth, sex="F", serial=7101), "Ratna Dewi", "P", birth, "Bekasi", blk.code, ""]
    job = start_import(kind=ImportKind.PARTICIPANTS, upload=upload(xlsx([row], HEADINGS)), organization=blk, by=officer)
    commit_import(job_id=job.pk, by=officer)


def _interviews_for_the_demo_company() -> None:
    """At this size nobody is eligible for the demo company's orders, so its
    interviewing order gets a published list of three ready candidates (the
    demo LPK/SO's first, where it has any), as if matching had made it; the
    demo's own selection seeding then interviews them, selects one and ranks
    a reserve."""
    order = JobOrder.objects.get(company__code=DEMO_COMPANY, status=JobOrderStatus.INTERVIEWING)
    officer = User.objects.get(username="lpk.officer")
    ready = Participant.objects.filter(status=Status.READY, sending_organization__isnull=False).order_by("pk")
    own = list(ready.filter(sending_organization__memberships__user=officer)[:3])
    chosen = (own + [person for person in ready[:3] if person not in own])[:3]
    people = [walk(person, [Status.SHORTLISTED], officer) for person in chosen]
    shortlist = Shortlist.objects.filter(job_order=order).exclude(status=ShortlistStatus.CLOSED).first() or Shortlist(
        job_order=order, weights=ScoreWeights().as_dict(), computed_on=timezone.localdate(), computed_by=officer
    )
    shortlist.status, shortlist.published_at = ShortlistStatus.PUBLISHED, timezone.now()
    shortlist.save()
    for rank, person in enumerate(people, start=1):
        parts = [0.7] * len(PART_NAMES)
        ShortlistEntry.objects.create(shortlist=shortlist, participant=person, rank=rank, score=700, parts=parts, fit=1)
    seed_selection()


def _at_work_in_japan() -> None:
    """Until the demo places people in Japan: a technical intern (stage i) of
    the demo company under its cooperative and a specified skilled worker
    supported by the demo support organization, arrived four months ago, a
    monthly visit recorded and the deadline sweep run, so that the duty pages,
    their forms and the to-do lists have something to show."""
    ministry = User.objects.get(username="kemnaker")
    order = JobOrder.objects.filter(company__code=DEMO_COMPANY).order_by("pk").first()
    assert order is not None
    ready = Participant.objects.filter(status=Status.READY).order_by("-pk")[:2]
    support = Organization.objects.get(code="tohoku-support")
    terms = [
        {"stage": StayStage.TITP_I, "supervising_organization": order.company.parent, "support_organization": None},
        {"stage": StayStage.SSW_I, "supervising_organization": None, "support_organization": support},
    ]
    today = timezone.localdate()
    for person, fields in zip(ready, terms, strict=True):
        walk(person, [Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE, Status.DEPARTED], ministry)
        placement = Placement.objects.create_for_order(
            participant=person,
            job_order=order,
            starts_on=today - datetime.timedelta(days=120),
            status=PlacementStatus.IN_JAPAN,
            departed_on=today - datetime.timedelta(days=151),
            created_by=ministry,
            **fields,
        )
        details = ArrivalDetails(
            arrived_on=today - datetime.timedelta(days=150),
            work_starts_on=today - datetime.timedelta(days=120),
            work_site="宮城県仙台市泉区明通3-5",
            residence_card_number="AB12345678CD",
            residence_card_expires_on=today + datetime.timedelta(days=60),
            planned_end_on=today + datetime.timedelta(days=600),
        )
        record_arrival(placement_id=placement.pk, details=details, by=ministry)
        # A course taken in Japan: its record opens the correction form from the placement.
        course = UpskillingDetails(
            kind=UpskillingKind.COURSE, title="玉掛け技能講習", taken_on=today - datetime.timedelta(days=100)
        )
        record_upskilling(placement_id=placement.pk, details=course, by=ministry)
    visit = VisitDetails(
        visited_on=today - datetime.timedelta(days=40), visitor="佐藤花子", checked="実習日誌を確認した。"
    )
    record_monthly_visit(company_id=order.company_id, details=visit, by=User.objects.get(username="coop.officer"))
    sweep_and_send(now=timezone.now())


def _long_email_for(participant: Participant, *, by: User) -> None:
    fields = {name: getattr(participant, name) for name in participant_actions.DETAIL_FIELDS}
    details = dataclasses.replace(participant_actions.ParticipantDetails(**fields), email=LONG_EMAIL)
    participant_actions.update_participant(
        participant_id=participant.pk, details=details, expected_version=participant.version, by=by
    )


def test_it_fits_every_page_on_a_phone_for_every_persona(
    browser: Browser, live_server: LiveServer, demo: None, subtests: Any
) -> None:
    reached: set[str] = set()
    with subtests.test(persona="visitor"):
        visit = _visit_as_visitor(browser, live_server)
        reached |= visit.seen
        assert not visit.problems, "\n".join(visit.problems)
    for persona in PERSONAS:
        with subtests.test(persona=persona.username):
            visit = _visit_as(persona, browser, live_server)
            reached |= visit.seen
            assert not visit.problems, f"{persona.username}:\n" + "\n".join(visit.problems)
    never = set(_page_names()) - reached
    assert not never, f"No persona reached these pages: {sorted(never)}"


@dataclass
class Visit:
    """One persona's walk through the pages, in one browser page."""

    page: Page
    live_server: LiveServer
    seen: set[str] = dataclasses.field(default_factory=set)
    problems: list[str] = dataclasses.field(default_factory=list)

    def check(self, url: str) -> None:
        """Open ``url`` and note what is wrong with it."""
        response = self.page.goto(url)
        if response is None or response.status != 200:
            self.problems.append(f"{url}: answers {response.status if response else 'nothing'}")
            return
        self.check_shown()

    def check_shown(self) -> None:
        path = urlsplit(self.page.url).path
        name = _name_of(path) or path
        self.seen.add(name)
        problems = phone_problems(self.page, width=PHONE["width"])
        self.problems += [f"{path}: {problem}" for problem in problems]

    def links(self) -> list[str]:
        hrefs: list[str] = self.page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
        return [href.split("#")[0] for href in hrefs if href.startswith(self.live_server.url)]


def _visit_as_visitor(browser: Browser, live_server: LiveServer) -> Visit:
    context = open_context(browser, live_server, viewport=PHONE, locale="id-ID")
    load_axe(context)
    visit = Visit(context.new_page(), live_server)
    try:
        for name in VISITOR_PAGES:
            visit.check(reverse(name))
        visit.check("/accounts/reset/MQ/not-a-token/")  # an expired or forged reset link
        visit.check(_safety_reply_path())  # the safety check e-mail's link answers without login
    finally:
        context.close()
    return visit


def _visit_as(persona: Persona, browser: Browser, live_server: LiveServer) -> Visit:
    context = open_context(browser, live_server, viewport=PHONE, locale=persona.locale)
    load_axe(context)
    visit = Visit(context.new_page(), live_server)
    try:
        _log_in(visit.page, persona)
        _home(visit, persona)
        _follow_first_item(visit)
        _crawl(visit)
    finally:
        context.close()
    return visit


def _log_in(page: Page, persona: Persona) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", persona.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("/")
    expect(page.locator("html")).to_have_attribute("lang", persona.language)


def _home(visit: Visit, persona: Persona) -> None:
    page = visit.page
    header = page.locator("header").bounding_box()
    assert header is not None
    if header["height"] > PHONE["height"] * HEADER_SHARE:
        visit.problems.append(f"/: the header takes {header['height']:.0f} of {PHONE['height']} px")
    _screenshot(page, persona, "home")
    page.locator("header summary").click()  # the menu opens without any script of the page's own
    expect(page.locator("header .menu-panel")).to_be_visible()
    visit.check_shown()


def _follow_first_item(visit: Visit) -> None:
    """The first work item on the home, else its first link, else the menu's first."""
    page = visit.page
    page.goto("/")  # as the persona landed, the folds closed
    work, content = page.locator("main .work a"), page.locator("main a")
    if work.count():
        first = work.first
    elif content.count():
        first = content.first
    else:
        page.locator("header summary").click()
        first = page.locator("header nav a").first
    with page.expect_navigation() as navigation:
        first.click()
    response = navigation.value
    if response is None or response.status != 200:
        status = response.status if response else "nothing"
        visit.problems.append(f"{page.url}: the first item on the home answers {status}")
        return
    visit.check_shown()


def _crawl(visit: Visit) -> None:
    """Every link shown, breadth first, one page per URL name."""
    queue = deque(visit.links())
    visit.page.goto("/")
    queue.extend(visit.links())
    while queue:
        url = queue.popleft()
        name = _name_of(urlsplit(url).path)
        if name is None or name in visit.seen or name in NOT_PAGES:
            continue
        visit.check(url)
        queue.extend(visit.links())


def _name_of(path: str) -> str | None:
    """The URL name of one of the app's pages, None for anything else
    (the Django admin, static files, downloads)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace == "admin" or match.url_name is None:
        return None
    return match.url_name


def _page_names() -> Iterator[str]:
    def walk(patterns: list[URLPattern | URLResolver]) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in NOT_PAGE_NAMESPACES:
                    yield from walk(pattern.url_patterns)
            elif pattern.name and pattern.name not in NOT_PAGES:
                yield pattern.name

    yield from walk(get_resolver().url_patterns)


def _screenshot(page: Page, persona: Persona, what: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{persona.username}-{what}.png"), full_page=True)
