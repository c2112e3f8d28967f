"""A POST from someone who may not change a thing answers 404 before anything
else: not a redirect, not a form error, not a message. Each of those would
tell an outsider that the record exists, and a redirect after a refusal
hides that nothing happened.

Every page of the URL configuration is posted to (an empty form), its path
arguments filled with records of the world below, by a user who belongs to
no organization and by read-only staff. A page missing from ARGUMENTS fails
the first test, so a new page joins the check.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from audit.models import AuditEntry
from breaches.models import Breach, BreachNotification, BreachStatus
from breaches.tests.world import a_breach
from joborders.models import JobOrder
from joborders.tests.world import served_job_order
from ledger.models import Dispute, LedgerEntry
from ledger.tests import world as ledger_world
from matching import actions as matching_actions
from matching.models import PlanningRun, Shortlist, ShortlistEntry
from participants.models import Document, PossibleDuplicate
from placements.models import (
    DepartureCohort,
    GateRecord,
    Interview,
    Offer,
    OfferStatus,
    Placement,
    Upskilling,
    UpskillingKind,
)
from placements.tests.gate_world import departing, planned_cohort
from placements.tests.return_world import returned_siti
from placements.tests.world import bare_interview_and_offer
from privacy.models import CorrectionRequest, ErasureRequest
from privacy.tests.world import budis_correction, budis_erasure
from protection.actions.conversation import give_consent
from protection.actions.handling import refer_case
from protection.models import (
    Attachment,
    Body,
    Case,
    CheckIn,
    CheckInRound,
    Consent,
    ConsentGivenBy,
    ConsentPurpose,
    Incident,
    Note,
    Referral,
    SafetyCheck,
    SafetyQuestion,
)
from protection.tests.case_world import budis_case
from protection.tests.intake_world import budis_report
from reference.models import DocumentKind
from spreadsheets import actions as spreadsheet_actions
from spreadsheets.models import ImportJob, ImportKind
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast
from training import actions as training_actions
from training.models import ClassSession, Course, CourseKind, Enrolment, TrainingClass
from training.tests.conftest import START, class_details, course_details

# Django's sign-in pages (anyone may post to them) and the admin (tested in test_access_matrix); the
# API, which takes no session at all (its tokens and writes are tested in api/tests).
# The webhook pages' posts are checked for every persona in webhooks/tests/test_views.py.
SKIPPED_PREFIXES = ("admin/", "i18n/", "accounts/", "api/v1/", "webhooks/")
READ_ONLY = ("outsider", "ministry_viewer", "lpk_viewer")
# Pages anyone may post to without an account: the anonymous grievance form, the code-and-PIN form
# (an empty post is a form error, as for a visitor), and closing one's report on a phone.
PUBLIC_PAGES = {
    "protection:anonymous_report": "the anonymous report form",
    "protection:anonymous_follow": "the tracking code and PIN form",
    "protection:anonymous_leave": "closing a report on this phone (deletes the phone's cookie only)",
}


class World:
    """One record of each kind a page names in its address."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.job_order: JobOrder = served_job_order(cast)
        self.course: Course = training_actions.create_course(
            provider=cast.lpk, details=course_details(CourseKind.LANGUAGE), by=cast.lpk_officer
        )
        self.training_class: TrainingClass = training_actions.create_class(
            course_id=self.course.pk, details=class_details(), by=cast.lpk_officer
        )
        self.session: ClassSession = training_actions.add_session(
            training_class_id=self.training_class.pk, held_on=START, hours=Decimal(4), topic="", by=cast.lpk_officer
        )
        self.enrolment: Enrolment = training_actions.enrol_participants(
            training_class_id=self.training_class.pk, participant_ids=[cast.budi.pk], by=cast.lpk_officer
        )[0]
        self.import_job: ImportJob = spreadsheet_actions.start_import(
            kind=ImportKind.PARTICIPANTS,
            upload=upload(xlsx([person(cast, 3)])),
            organization=cast.lpk,
            by=cast.lpk_officer,
        )
        shortlist = Shortlist.objects.create(
            job_order=self.job_order, weights={}, computed_on=timezone.localdate(), computed_by=cast.ministry_officer
        )
        self.entry = ShortlistEntry.objects.create(
            shortlist=shortlist, participant=cast.budi, rank=1, score=500, parts={}, fit=1
        )
        self.interview, self.offer = bare_interview_and_offer(cast, self.entry)
        self.run: PlanningRun = matching_actions.start_planning(by=cast.ministry_officer, queue=False)
        self.document = Document.objects.create(
            participant=cast.budi,
            kind=DocumentKind.PHOTO,
            file="documents/none.png",
            original_name="photo.png",
            content_type="image/png",
            size=1,
            sha256="0" * 64,
            uploaded_by=cast.lpk_officer,
        )
        self.flag = PossibleDuplicate.objects.create(participant=cast.siti, other=cast.budi)
        self.cohort = planned_cohort(cast)
        self.placement = departing(cast)
        self.upskilling = Upskilling.objects.create(
            placement=self.placement,
            kind=UpskillingKind.COURSE,
            title="玉掛け",
            taken_on=START,
            recorded_by=cast.ministry_admin,
        )
        self.ledger_entry = ledger_world.book(cast)
        self.home = returned_siti(cast)
        # Budi is about to fly here, never in Japan when a round opens: his check-in is made by hand.
        checkin_round = CheckInRound.objects.create(month=START.replace(day=1), closes_on=START)
        self.checkin = CheckIn.objects.create(
            round=checkin_round, participant=cast.budi, placement=self.placement, company=self.placement.company
        )
        self.report = budis_report(cast)
        self.consent = give_consent(
            case_id=self.report.pk,
            purpose=ConsentPurpose.REFERRAL,
            body=Body.OTIT,
            given_by=ConsentGivenBy.REPORTER_ONLINE,
            recorded_by=cast.participant_user,
        )
        self.safety_question = _asked(cast, self.placement)
        self.case = budis_case(cast)
        self.case_consent = give_consent(
            case_id=self.case.pk,
            purpose=ConsentPurpose.REFERRAL,
            body=Body.OTIT,
            given_by=ConsentGivenBy.BY_PHONE,
            recorded_by=cast.lpk_officer,
        )
        self.case.refresh_from_db()
        self.referral = refer_case(
            case_id=self.case.pk,
            body=Body.OTIT,
            organization=None,
            reference="",
            shared="Upah.",
            share_identity=False,
            by=cast.lpk_officer,
            version=self.case.version,
        )
        self.case.refresh_from_db()
        self.breach = a_breach(cast)
        self.correction = budis_correction(cast)
        self.erasure = budis_erasure(cast)


def _asked(cast: Cast, placement: Placement) -> SafetyQuestion:
    """An open safety check that asked the worker of ``placement``."""
    check = SafetyCheck.objects.create(event="Gempa", same_as="gempa", opened_by=cast.ministry_officer)
    check.prefectures.set([placement.prefecture_id])
    return SafetyQuestion.objects.create(
        safety_check=check,
        participant=placement.participant,
        placement=placement,
        prefecture=placement.prefecture,
        company=placement.company,
        supervising_organization=placement.supervising_organization,
        sending_organization=placement.participant.sending_organization,
    )


Arguments = Callable[[World], dict[str, object]]
BUDI: Arguments = lambda w: {"pk": w.cast.budi.pk}  # noqa: E731
ORDER: Arguments = lambda w: {"pk": w.job_order.pk}  # noqa: E731
INTERVIEW: Arguments = lambda w: {"pk": w.interview.pk}  # noqa: E731
OFFER: Arguments = lambda w: {"pk": w.offer.pk}  # noqa: E731
CASE: Arguments = lambda w: {"pk": w.case.pk}  # noqa: E731
ARGUMENTS: dict[str, Arguments] = {
    "duplicate_review": lambda w: {"flag_pk": w.flag.pk},
    "participant_detail": BUDI,
    "participant_edit": BUDI,
    "participant_transition": BUDI,
    "participant_sensitive": BUDI,
    "language_result_create": BUDI,
    "health_check_create": BUDI,
    "document_upload": BUDI,
    "participant_background": BUDI,
    "document_file": lambda w: {"pk": w.cast.budi.pk, "document_pk": w.document.pk},
    "document_verify": lambda w: {"pk": w.cast.budi.pk, "document_pk": w.document.pk},
    "course_detail": lambda w: {"pk": w.course.pk},
    "course_edit": lambda w: {"pk": w.course.pk},
    "class_create": lambda w: {"course_pk": w.course.pk},
    "class_detail": lambda w: {"pk": w.training_class.pk},
    "class_edit": lambda w: {"pk": w.training_class.pk},
    "class_enrol": lambda w: {"pk": w.training_class.pk},
    "session_create": lambda w: {"pk": w.training_class.pk},
    "class_attendance": lambda w: {"pk": w.session.pk},
    "enrolment_detail": lambda w: {"pk": w.enrolment.pk},
    "assessment_create": lambda w: {"pk": w.enrolment.pk},
    "enrolment_complete": lambda w: {"pk": w.enrolment.pk},
    "enrolment_withdraw": lambda w: {"pk": w.enrolment.pk},
    "import_detail": lambda w: {"pk": w.import_job.pk},
    "import_progress": lambda w: {"pk": w.import_job.pk},
    "import_commit": lambda w: {"pk": w.import_job.pk},
    "import_cancel": lambda w: {"pk": w.import_job.pk},
    "import_errors": lambda w: {"pk": w.import_job.pk},
    "import_decide": lambda w: {"pk": w.import_job.pk, "row": 2},
    "import_undo": lambda w: {"pk": w.import_job.pk},
    "import_template": lambda w: {"kind": ImportKind.PARTICIPANTS},
    "participant_export": lambda w: {"file_format": "csv"},
    "job_order_detail": ORDER,
    "job_order_edit": ORDER,
    "job_order_transition": ORDER,
    "organization_detail": lambda w: {"pk": w.cast.company.pk},
    "organization_edit": lambda w: {"pk": w.cast.company.pk},
    "member_company_create": lambda w: {"pk": w.cast.supervising.pk},
    "job_order_shortlist": ORDER,
    "job_order_candidates": ORDER,
    "run_shortlist": ORDER,
    "exclude_entry": lambda w: {"pk": w.job_order.pk, "entry_pk": w.entry.pk},
    "publish_shortlist": ORDER,
    "participant_matches": BUDI,
    "plan_detail": lambda w: {"pk": w.run.pk},
    "plan_shortlists": lambda w: {"pk": w.run.pk},
    "order_interviews": ORDER,
    "schedule_interview": ORDER,
    "interview_criteria": ORDER,
    "interview_detail": INTERVIEW,
    "score_interview": INTERVIEW,
    "interview_result": INTERVIEW,
    "select_candidate": INTERVIEW,
    "cancel_interview": INTERVIEW,
    "offer_detail": OFFER,
    "offer_pdf": OFFER,
    "answer_offer": OFFER,
    "record_offer_answer": OFFER,
    "withdraw_offer": OFFER,
    "offer_signed_page": OFFER,
    "participant_selection": BUDI,
    "participant_resume": BUDI,
    "shortlist_resumes": ORDER,
    "placement_gate": lambda w: {"pk": w.placement.pk},
    "gate_record": lambda w: {"pk": w.placement.pk, "item": "coe"},
    "cohort_board": lambda w: {"pk": w.cohort.pk},
    "cohort_edit": lambda w: {"pk": w.cohort.pk},
    "cohort_add": lambda w: {"pk": w.cohort.pk},
    "cohort_remove": lambda w: {"pk": w.cohort.pk, "placement_pk": w.placement.pk},
    "cohort_depart": lambda w: {"pk": w.cohort.pk},
    "cohort_manifest": lambda w: {"pk": w.cohort.pk, "file_format": "pdf"},
    "placement_moves": lambda w: {"pk": w.placement.pk},
    "move_transfer": lambda w: {"pk": w.placement.pk},
    "move_ssw": lambda w: {"pk": w.placement.pk},
    "move_end": lambda w: {"pk": w.placement.pk},
    "move_missing": lambda w: {"pk": w.placement.pk},
    "move_reports": lambda w: {"pk": w.placement.pk},
    "move_found": lambda w: {"pk": w.placement.pk},
    "move_close": lambda w: {"pk": w.placement.pk},
    "open_placement": lambda w: {"pk": w.cast.siti.pk},
    "participant_ledger": BUDI,
    "ledger_statement": BUDI,
    "ledger_statement_pdf": BUDI,
    "ledger_dispute": BUDI,
    "ledger_reverse": lambda w: {"pk": w.ledger_entry.pk},
    "ledger_receipt": lambda w: {"pk": w.ledger_entry.pk},
    "ledger_report": lambda w: {"name": "violations"},
    "record_return": lambda w: {"pk": w.placement.pk},
    "completion_certificate": lambda w: {"pk": w.home.placement_id},
    "return_follow_ups": lambda w: {"pk": w.home.placement_id},
    "follow_up_form": lambda w: {"pk": w.home.follow_ups.order_by("months").values_list("pk", flat=True)[0]},
    "placement_detail": lambda w: {"pk": w.placement.pk},
    "record_arrival": lambda w: {"pk": w.placement.pk},
    "stage_move": lambda w: {"pk": w.placement.pk},
    "record_upskilling": lambda w: {"pk": w.placement.pk},
    "correct_upskilling": lambda w: {"pk": w.placement.pk, "record_pk": w.upskilling.pk},
    "duty_record": lambda w: {"kind": "visit"},
    "protection:checkin_answer": lambda w: {"pk": w.checkin.pk},
    "protection:placement_incidents": lambda w: {"pk": w.placement.pk},
    "protection:my_case": lambda w: {"pk": w.report.pk},
    "protection:my_case_reply": lambda w: {"pk": w.report.pk},
    "protection:my_case_attachment": lambda w: {"pk": w.report.pk},
    "protection:my_case_consent": lambda w: {"pk": w.report.pk},
    "protection:my_case_withdraw": lambda w: {"pk": w.report.pk, "consent_pk": w.consent.pk},
    "protection:anonymous_withdraw": lambda w: {"consent_pk": w.consent.pk},
    "protection:safety_board": lambda w: {"pk": w.safety_question.safety_check_id},
    "protection:safety_people": lambda w: {"pk": w.safety_question.safety_check_id},
    "protection:safety_close": lambda w: {"pk": w.safety_question.safety_check_id},
    "protection:safety_question": lambda w: {"pk": w.safety_question.pk},
    "protection:safety_mine": lambda w: {"pk": w.safety_question.pk},
    # The e-mail's link needs no login: its signature is its access, and one not signed by us answers 404.
    "protection:safety_reply": lambda w: {"token": "not-signed-by-us"},
    "protection:protection_dashboard_table": lambda w: {"name": "clock-breaches"},
    "protection:case_detail": CASE,
    "protection:case_assign": CASE,
    "protection:case_status": CASE,
    "protection:case_escalate": CASE,
    "protection:case_refer": CASE,
    "protection:case_consent": CASE,
    "protection:case_consent_withdraw": lambda w: {"pk": w.case.pk, "consent_pk": w.case_consent.pk},
    "protection:case_note": CASE,
    "protection:case_attachment": lambda w: {"pk": w.case.pk, "attachment_pk": 1},
    "protection:case_referral_reference": lambda w: {"pk": w.case.pk, "referral_pk": w.referral.pk},
    "protection:case_resolve": CASE,
    "privacy:correction_review": lambda w: {"pk": w.correction.pk},
    "privacy:erasure_review": lambda w: {"pk": w.erasure.pk},
    "open_data:figures_csv": lambda w: {"name": "departures-by-year"},
    "reports:dashboard": lambda w: {"dashboard": "pipeline"},
    "reports:dashboard_xlsx": lambda w: {"dashboard": "pipeline"},
    "reports:dashboard_pdf": lambda w: {"dashboard": "pipeline"},
    "reports:table_csv": lambda w: {"dashboard": "pipeline", "table": "funnel"},
    "reports:monthly_file": lambda w: {"month": "2026-11", "language": "id"},
    "reports:scorecard_list": lambda w: {"kind": "companies"},
    "reports:scorecard_export": lambda w: {"kind": "companies", "file_format": "csv"},
    "reports:scorecard_detail": lambda w: {"kind": "companies", "organization_id": w.cast.company.pk},
    "breaches:breach_detail": lambda w: {"pk": w.breach.pk},
    "breaches:breach_notify": lambda w: {"pk": w.breach.pk},
    "breaches:breach_status": lambda w: {"pk": w.breach.pk},
}


def _pages(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str, URLPattern]]:
    """Each page's route, its name as ``reverse`` takes it (with its app's namespace), and its pattern."""
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_pages(entry, route, f"{namespace}{entry.namespace}:" if entry.namespace else namespace))
        elif not route.startswith(SKIPPED_PREFIXES) and entry.name:
            found.append((route, namespace + entry.name, entry))
    return found


PAGES = sorted({name for _route, name, _pattern in _pages(get_resolver())} - set(PUBLIC_PAGES))


def _takes_arguments(name: str) -> bool:
    return any(
        named == name and (pattern.pattern.regex.groups or "<" in route)
        for route, named, pattern in _pages(get_resolver())
    )


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_knows_the_arguments_of_every_page() -> None:
    missing = [name for name in PAGES if _takes_arguments(name) and name not in ARGUMENTS]
    assert not missing, f"add these pages to ARGUMENTS: {missing}"


@pytest.mark.parametrize("persona", READ_ONLY)
def test_it_answers_404_to_every_post_by_someone_who_may_not_change_it(cast: Cast, persona: str) -> None:
    world = World(cast)
    client = Client()
    client.force_login(getattr(cast, persona))
    written = AuditEntry.objects.count()
    wrong = []
    for name in PAGES:
        url = reverse(name, kwargs=ARGUMENTS[name](world) if name in ARGUMENTS else None)
        status = client.post(url, {}).status_code
        if status not in {404, 405}:
            wrong.append(f"{name}: {status}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)
    assert AuditEntry.objects.count() == written, "a refused post wrote something"
    assert PossibleDuplicate.objects.get(pk=world.flag.pk).reviewed_at is None
    assert ImportJob.objects.get(pk=world.import_job.pk).state == world.import_job.state
    assert Offer.objects.get(pk=world.offer.pk).status == OfferStatus.SENT
    assert Interview.objects.get(pk=world.interview.pk).is_scheduled
    assert DepartureCohort.objects.get(pk=world.cohort.pk).version == world.cohort.version
    assert not GateRecord.objects.exists()
    assert LedgerEntry.objects.get() == world.ledger_entry
    assert not Dispute.objects.exists()
    assert not CheckIn.objects.answered().exists()
    assert not Incident.objects.exists()
    assert not Note.objects.filter(case=world.report).exists()
    assert not Attachment.objects.exists()
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert Case.objects.count() == 2
    assert SafetyQuestion.objects.get(pk=world.safety_question.pk).answer == ""
    assert SafetyCheck.objects.open().filter(pk=world.safety_question.safety_check_id).exists()
    assert Case.objects.get(pk=world.case.pk).version == world.case.version
    assert not Note.objects.filter(case=world.case, from_reporter=False).exists()
    assert Referral.objects.get(pk=world.referral.pk).reference == ""
    assert not BreachNotification.objects.exists()
    assert Breach.objects.get(pk=world.breach.pk).status == BreachStatus.SUSPECTED
    assert CorrectionRequest.objects.open().count() == ErasureRequest.objects.open().count() == 1
