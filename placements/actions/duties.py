"""Recording the supervising duties: a monthly visit (訪問指導) or an audit
(定期監査) of a company by its supervising organization, a regular interview
(定期面談) of a specified skilled worker and a quarterly report (定期届出) by
the registered support organization (or the employer that supports its
workers itself).

Each is checked against the placements in Japan it rests on and the day in
Japan, written with its audit row in one transaction, and from then on moves
the deadline engine's next due day.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from placements.deadlines.dates import quarter_end, quarter_start
from placements.deadlines.registry import TOKYO
from placements.models import (
    Audit,
    AuditOutcome,
    MonthlyVisit,
    Placement,
    PlacementStatus,
    QuarterlyReport,
    RegularInterview,
    StayStage,
)

TITP = (StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III)
# Records older than this are not this system's to keep (and a mistyped year).
OLDEST = datetime.date(2017, 11, 1)  # the Technical Intern Training Act in force


class DutyRefused(Exception):
    """Input that cannot be stored; ``problems`` by form field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Nothing was saved: correct the marked fields."))


@dataclasses.dataclass(frozen=True, kw_only=True)
class VisitDetails:
    visited_on: datetime.date
    visitor: str
    checked: str
    notes: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class AuditDetails:
    audited_on: datetime.date
    auditor: str
    outcome: str
    findings: str = ""
    notes: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class InterviewDetails:
    interviewed_on: datetime.date
    interviewer: str
    supervisor: str
    notes: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReportDetails:
    quarter_start: datetime.date
    filed_on: datetime.date
    reference: str = ""
    notes: str = ""


def japan_today() -> datetime.date:
    """The duties are Japan's: their days are Tokyo's."""
    return timezone.now().astimezone(TOKYO).date()


def _day_problem(day: datetime.date, *, today: datetime.date) -> str | None:
    if day > today:
        return _("The day cannot be in the future (in Japan it is %(today)s).") % {
            "today": date_format(today, "DATE_FORMAT")
        }
    if day < OLDEST:
        return _("The day is before %(day)s: check the year.") % {"day": date_format(OLDEST, "DATE_FORMAT")}
    return None


def _required(problems: dict[str, str], **values: str) -> None:
    for name, value in values.items():
        if not value.strip():
            problems[name] = _("This field is required.")


def _supervisor_of(company: Organization, by: User) -> Organization | None:
    """The supervising organization of the company's TITP placements in Japan;
    where there are several, the recorder's own."""
    supervisors = list(
        Organization.objects.filter(
            placements_supervised__company=company,
            placements_supervised__status=PlacementStatus.IN_JAPAN,
            placements_supervised__stage__in=TITP,
        )
        .distinct()
        .order_by("pk")
    )
    own = [org for org in supervisors if org.memberships.filter(user=by).exists()]
    chosen = own or supervisors
    return chosen[0] if chosen else None


@transaction.atomic
def record_monthly_visit(*, company_id: int, details: VisitDetails, by: User) -> MonthlyVisit:
    company = Organization.objects.get(pk=company_id)
    problems: dict[str, str] = {}
    _required(problems, visitor=details.visitor, checked=details.checked)
    if problem := _day_problem(details.visited_on, today=japan_today()):
        problems["visited_on"] = problem
    supervisor = _supervisor_of(company, by)
    if supervisor is None:
        problems["company"] = _("This company has no technical intern in Japan under a supervising organization.")
    if problems or supervisor is None:
        raise DutyRefused(problems)
    visit = MonthlyVisit.objects.create(
        company=company,
        supervising_organization=supervisor,
        visited_on=details.visited_on,
        visitor=details.visitor.strip(),
        checked=details.checked.strip(),
        notes=details.notes.strip(),
        recorded_by=by,
    )
    changes = {"visited_on": [None, str(visit.visited_on)]}
    audit.record(actor=by, action=AuditAction.CREATED, target=visit, changes=changes)
    return visit


@transaction.atomic
def record_audit(*, company_id: int, details: AuditDetails, by: User) -> Audit:
    company = Organization.objects.get(pk=company_id)
    problems: dict[str, str] = {}
    _required(problems, auditor=details.auditor)
    if problem := _day_problem(details.audited_on, today=japan_today()):
        problems["audited_on"] = problem
    if details.outcome not in AuditOutcome.values:
        problems["outcome"] = _("Choose the outcome from the list.")
    elif details.outcome == AuditOutcome.IMPROVEMENT and not details.findings.strip():
        problems["findings"] = _("Write the findings the company must improve.")
    supervisor = _supervisor_of(company, by)
    if supervisor is None:
        problems["company"] = _("This company has no technical intern in Japan under a supervising organization.")
    if problems or supervisor is None:
        raise DutyRefused(problems)
    made = Audit.objects.create(
        company=company,
        supervising_organization=supervisor,
        audited_on=details.audited_on,
        auditor=details.auditor.strip(),
        outcome=details.outcome,
        findings=details.findings.strip(),
        notes=details.notes.strip(),
        recorded_by=by,
    )
    changes = {"audited_on": [None, str(made.audited_on)], "outcome": [None, made.outcome]}
    audit.record(actor=by, action=AuditAction.CREATED, target=made, changes=changes)
    return made


@transaction.atomic
def record_regular_interview(*, placement_id: int, details: InterviewDetails, by: User) -> RegularInterview:
    # The placement is locked: its interviews are its own series.
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    problems: dict[str, str] = {}
    _required(problems, interviewer=details.interviewer, supervisor=details.supervisor)
    if problem := _day_problem(details.interviewed_on, today=japan_today()):
        problems["interviewed_on"] = problem
    elif placement.arrived_on and details.interviewed_on < placement.arrived_on:
        problems["interviewed_on"] = _("The interview cannot be before the arrival on %(day)s.") % {
            "day": date_format(placement.arrived_on, "DATE_FORMAT")
        }
    if not placement.is_in_japan or placement.stage != StayStage.SSW_I:
        problems["placement"] = _("Regular interviews are for specified skilled workers (i) at work in Japan.")
    if problems:
        raise DutyRefused(problems)
    interview = RegularInterview.objects.create(
        placement=placement,
        organization_id=placement.support_organization_id or placement.company_id,
        interviewed_on=details.interviewed_on,
        interviewer=details.interviewer.strip(),
        supervisor=details.supervisor.strip(),
        notes=details.notes.strip(),
        recorded_by=by,
    )
    changes = {"interviewed_on": [None, str(interview.interviewed_on)]}
    audit.record(actor=by, action=AuditAction.CREATED, target=interview, changes=changes)
    return interview


def _filer_of(company: Organization) -> int | None:
    """Who files for the company's SSW i workers in Japan: their support organization, or the company."""
    placement = (
        Placement.objects.in_japan()
        .filter(company=company, stage=StayStage.SSW_I)
        .order_by("support_organization_id", "pk")
        .first()
    )
    if placement is None:
        return None
    return placement.support_organization_id or placement.company_id


@transaction.atomic
def record_quarterly_report(*, company_id: int, details: ReportDetails, by: User) -> QuarterlyReport:
    company = Organization.objects.select_for_update().get(pk=company_id)
    problems: dict[str, str] = {}
    filer = _filer_of(company)
    if filer is None:
        problems["company"] = _("This company has no specified skilled worker (i) in Japan.")
    if details.quarter_start != quarter_start(details.quarter_start):
        problems["quarter_start"] = _("Choose the quarter from the list.")
    elif details.filed_on <= quarter_end(details.quarter_start):
        problems["filed_on"] = _("A quarter is reported after it ends, on %(day)s.") % {
            "day": date_format(quarter_end(details.quarter_start), "DATE_FORMAT")
        }
    elif (
        filer
        and QuarterlyReport.objects.filter(
            company=company, organization_id=filer, quarter_start=details.quarter_start
        ).exists()
    ):
        problems["quarter_start"] = _("The report for this quarter is recorded already.")
    if "filed_on" not in problems and (problem := _day_problem(details.filed_on, today=japan_today())):
        problems["filed_on"] = problem
    if problems or filer is None:
        raise DutyRefused(problems)
    report = QuarterlyReport.objects.create(
        company=company,
        organization_id=filer,
        quarter_start=details.quarter_start,
        filed_on=details.filed_on,
        reference=details.reference.strip(),
        notes=details.notes.strip(),
        recorded_by=by,
    )
    changes = {"quarter_start": [None, str(report.quarter_start)], "filed_on": [None, str(report.filed_on)]}
    audit.record(actor=by, action=AuditAction.CREATED, target=report, changes=changes)
    return report
