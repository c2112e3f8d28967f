"""Who sees which page: every organization kind against every page that exists.

Each row names the personas that get the page; everyone else logged in gets
404 (never 403, so out-of-scope records stay invisible), and an anonymous
visitor is sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from accounts.models import Organization
from breaches.tests.world import a_breach
from joborders.models import JobOrder
from joborders.tests.world import prefecture, served_job_order
from ledger.tests.world import company_paid_line
from participants.models import Status
from placements.tests.duty_world import budi_at_work, ssw_at_work
from placements.tests.gate_world import departing, planned_cohort
from placements.tests.moves_world import sitis_placement
from placements.tests.resume_world import budi_on_a_shortlist, shortlisted_budi
from placements.tests.return_world import budis_follow_up, returned_budi, working_budi
from placements.tests.stay_world import at_work, awaiting_arrival, budis_course
from placements.tests.world import budis_selection
from privacy.tests.world import budis_correction, budis_erasure
from protection.models import Body
from protection.tests.case_world import budis_case, case_at_the_top, referred_case
from protection.tests.intake_world import budis_report
from protection.tests.world import budis_checkin
from reports.tests.scorecard_world import scorecards_of_the_cast
from reports.tests.world import cast_figures
from tests.cast import PERSONAS, Cast
from webhooks.tests.world import lpk_endpoint

STAFF = set(PERSONAS) - {"participant_user", "outsider"}
MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
MINISTRY_WRITERS = {"ministry_admin", "ministry_officer"}
# budi: trained at blk, enrolled with lpk, registered, has his own login.
SEE_BUDI = MINISTRY | {"blk_officer", "lpk_officer", "lpk_viewer", "participant_user"}
CHANGE_BUDI = MINISTRY_WRITERS | {"blk_officer", "lpk_officer"}
# siti: trained at other_blk, enrolled with other_lpk, placed in Japan.
SEE_SITI = MINISTRY | {"other_blk_officer", "other_lpk_officer", "embassy_officer"}
REGISTER = MINISTRY_WRITERS | {"blk_officer", "other_blk_officer", "lpk_officer", "other_lpk_officer"}
LIST_READERS = MINISTRY | REGISTER | {"lpk_viewer", "embassy_officer"}
# Courses are given by BLKs and LPK/SOs; the ministry oversees them.
TRAINERS = MINISTRY | {"blk_officer", "other_blk_officer", "lpk_officer", "lpk_viewer", "other_lpk_officer"}
# An import belongs to the importer's organization; its writers who may register participants import them.
IMPORTERS = REGISTER
# The Japanese side: company (Sendai Steel) and its supervising organization (JOE Cooperative). Job
# orders are read by the ministry, them and the LPK/SOs they serve; changed by them and ministry admins.
JAPAN_SIDE = {"supervising_officer", "company_officer"}
# The registered support organization reads the orders that name it (its list shows them).
JOB_ORDER_PAGES = MINISTRY | JAPAN_SIDE | {"lpk_officer", "lpk_viewer", "other_lpk_officer", "support_officer"}
SEE_SERVED_ORDER = MINISTRY | JAPAN_SIDE | {"lpk_officer", "lpk_viewer"}  # served by lpk, not other_lpk
CHANGE_ORDERS = {"ministry_admin"} | JAPAN_SIDE
SELECTION_LISTS = MINISTRY | JAPAN_SIDE | {"lpk_officer", "lpk_viewer", "other_lpk_officer"}
SEE_BUDIS_OFFER = MINISTRY | JAPAN_SIDE | {"lpk_officer", "lpk_viewer", "participant_user"}
DEPARTURES = MINISTRY | JAPAN_SIDE | {"lpk_officer", "lpk_viewer", "other_lpk_officer"}
SEE_BUDIS_GATE = MINISTRY | JAPAN_SIDE | {"lpk_officer", "lpk_viewer", "participant_user"}
RECORD_BUDIS_GATE = MINISTRY_WRITERS | {"lpk_officer"}
# Work in Japan: budi's placement is read by whoever sees him and by his employer's side and the
# embassy; the Japanese side and the ministry's officers record his arrival, stages and upskilling.
SEE_BUDIS_PLACEMENT = SEE_BUDI | JAPAN_SIDE | {"embassy_officer"}
RECORD_BUDIS_STAY = MINISTRY_WRITERS | JAPAN_SIDE
PLACEMENT_LIST = (
    MINISTRY | JAPAN_SIDE | {"support_officer", "embassy_officer", "lpk_officer", "lpk_viewer", "other_lpk_officer"}
)
# In Japan: the ministry, the Japanese side and the embassy (protection) list them; a placement's moves
# are read by whoever sees the placement and recorded by ministry officers and the Japanese side only.
IN_JAPAN_LIST = MINISTRY | JAPAN_SIDE | {"embassy_officer"}
SEE_SITIS_PLACEMENT = SEE_SITI | JAPAN_SIDE
MOVE_SITI = MINISTRY_WRITERS | JAPAN_SIDE
# Costs: the ministry and the LPK/SOs keep ledgers; a participant reads their own; the Japanese
# side sees only the lines it paid; subsidies are read by who gives, receives or oversees them.
LPKS = {"lpk_officer", "lpk_viewer", "other_lpk_officer"}
SEE_BUDIS_COSTS = MINISTRY | {"lpk_officer", "lpk_viewer", "participant_user"}
SUBSIDIES = MINISTRY | LPKS | {"blk_officer", "other_blk_officer", "association_officer", "supervising_officer"}
# The supervising duties: the Japanese side that does or hosts them, the embassy and the ministry read
# them; the supervising organization records visits and audits, the support organization interviews
# and reports. The to-do list: theirs, and the participant's own.
DUTY_READERS = MINISTRY | JAPAN_SIDE | {"support_officer", "embassy_officer"}
# Coming home: the ministry's officers and the Japanese side record the flight home; budi's BLK and
# LPK/SO, the ministry and budi read his follow-ups and download his certificate; his BLK's and LPK/SO's
# officers and budi enter the follow-ups; the ministry, BLKs and LPK/SOs list their returnees.
RECORD_RETURNS = MINISTRY_WRITERS | JAPAN_SIDE
SEE_BUDIS_RETURN = MINISTRY | {"blk_officer", "lpk_officer", "lpk_viewer", "participant_user"}
ENTER_BUDIS_FOLLOW_UPS = {"blk_officer", "lpk_officer", "participant_user"}
RETURNEE_LISTS = MINISTRY | {"blk_officer", "other_blk_officer", "lpk_officer", "lpk_viewer", "other_lpk_officer"}
# Check-ins: the Indonesian side reads the response rates (an LPK/SO and an association only their
# workers'); the Japanese side never, since a company's count of answers that signal a problem would
# tell it of cases before any referral. Only the worker answers their own check-in. Incidents are
# recorded by whoever records the placement's endings.
CHECKIN_RATES = MINISTRY | LPKS | {"association_officer", "embassy_officer"}
# Protection intake: a worker reports and follows their own reports, nobody else reads them there; the
# ministry's, the embassy's and the LPK/SOs' writers record calls and visits. The anonymous pages are
# open to everyone, logged in or not (PUBLIC_PAGES below).
RECORD_CASES = MINISTRY_WRITERS | {"lpk_officer", "other_lpk_officer", "embassy_officer"}
# Protection dashboards (counts): the ministry and the embassy all; an LPK/SO its own workers'; an
# association its members'. Never the Japanese side: a count of the cases naming it would reveal them.
PROTECTION_COUNTS = MINISTRY | LPKS | {"association_officer", "embassy_officer"}
# Protection: a case reaches the worker's LPK/SO and the ministry; the embassy at the top of the chain;
# the Japanese side only by a referral made with the reporter's consent. The case list is for those who
# record or oversee cases, and for an organization once a case is referred to it (or visible to it).
CASE_LIST = MINISTRY | {"lpk_officer", "other_lpk_officer", "embassy_officer"}
SEE_BUDIS_CASE = MINISTRY | {"lpk_officer", "lpk_viewer"}
# The partner scorecards rate partners so that the ministry can choose them: the ministry's alone.
SCORECARDS = MINISTRY
# Reports (figures of a snapshot): the ministry and the embassy the whole programme; a prefectural government
# its prefecture (never grievances and fees); an association its members; an LPK/SO and a BLK their own.
# The monthly reports are the ministry's.
REPORT_READERS = (
    MINISTRY
    | LPKS
    | {"blk_officer", "other_blk_officer", "association_officer", "embassy_officer", "prefecture_officer"}
)

Url = Callable[[Cast], str]


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    """Uploads made on the way (budi's signed offer page) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def supported_job_order(cast: Cast) -> str:
    """The served order, naming the cast's registered support organization."""
    order = served_job_order(cast)
    JobOrder.objects.filter(pk=order.pk).update(support_organization=cast.support_organization)
    return f"/joborders/{order.pk}/"


def with_figures(cast: Cast, url: str) -> str:
    """``url``, once a snapshot of figures exists for every scope of the cast (its government in Miyagi)."""
    cast_figures(cast)
    return url


def in_the_prefecture(cast: Cast, url: str) -> str:
    """``url``, once the company and the prefectural government are both in Miyagi."""
    miyagi = prefecture()
    Organization.objects.filter(pk__in=[cast.company.pk, cast.prefecture.pk]).update(prefecture=miyagi)
    return url


GET_PAGES: list[tuple[str, Url, set[str]]] = [
    ("home", lambda c: "/", STAFF | {"outsider", "participant_user"}),
    # Personal API tokens: staff of an organization; never a participant's account (api.actions).
    ("API tokens", lambda c: "/accounts/api-tokens/", STAFF),
    ("participant list", lambda c: "/participants/", LIST_READERS),
    ("register form", lambda c: "/participants/new/", REGISTER),
    ("katakana suggestion", lambda c: "/participants/katakana/?full_name=Budi", REGISTER),
    ("budi's record", lambda c: f"/participants/{c.budi.pk}/", SEE_BUDI),
    ("budi's NIK and address", lambda c: f"/participants/{c.budi.pk}/sensitive/", SEE_BUDI),
    ("budi's edit form", lambda c: f"/participants/{c.budi.pk}/edit/", CHANGE_BUDI),
    ("siti's record", lambda c: f"/participants/{c.siti.pk}/", SEE_SITI),
    ("siti's NIK and address", lambda c: f"/participants/{c.siti.pk}/sensitive/", SEE_SITI),
    ("job categories", lambda c: "/reference/job-categories/", STAFF),
    ("vocational programmes", lambda c: "/reference/programmes/", STAFF),
    ("audit log", lambda c: "/audit/", {"ministry_admin"}),
    ("possible duplicates queue", lambda c: "/participants/duplicates/", MINISTRY_WRITERS),
    ("budi's language result form", lambda c: f"/participants/{c.budi.pk}/language/new/", CHANGE_BUDI),
    # Health data: the ministry and budi's LPK/SO, not his BLK (UU 27/2022 specific personal data).
    (
        "budi's health check form",
        lambda c: f"/participants/{c.budi.pk}/health/new/",
        MINISTRY_WRITERS | {"lpk_officer"},
    ),
    # budi may upload his own papers from his phone; only staff verify them.
    (
        "budi's document upload",
        lambda c: f"/participants/{c.budi.pk}/documents/new/",
        CHANGE_BUDI | {"participant_user"},
    ),
    ("training courses", lambda c: "/training/", TRAINERS),
    ("spreadsheet import", lambda c: "/spreadsheets/", IMPORTERS),
    ("participant export", lambda c: "/spreadsheets/export/participants.csv", LIST_READERS),
    ("job orders", lambda c: "/joborders/", JOB_ORDER_PAGES),
    ("new job order", lambda c: "/joborders/new/", CHANGE_ORDERS),
    ("a served job order", lambda c: f"/joborders/{served_job_order(c).pk}/", SEE_SERVED_ORDER),
    ("a job order naming the support organization", supported_job_order, SEE_SERVED_ORDER | {"support_officer"}),
    ("job order edit form", lambda c: f"/joborders/{served_job_order(c).pk}/edit/", CHANGE_ORDERS),
    ("organizations in Japan", lambda c: "/joborders/organizations/", MINISTRY | JAPAN_SIDE | {"support_officer"}),
    ("company profile", lambda c: f"/joborders/organizations/{c.company.pk}/", MINISTRY | JAPAN_SIDE),
    # A prefectural government reads the organizations in its prefecture.
    (
        "organizations in Japan, for a prefecture with a company in it",
        lambda c: in_the_prefecture(c, "/joborders/organizations/"),
        MINISTRY | JAPAN_SIDE | {"support_officer", "prefecture_officer"},
    ),
    (
        "profile of a company in the prefecture",
        lambda c: in_the_prefecture(c, f"/joborders/organizations/{c.company.pk}/"),
        MINISTRY | JAPAN_SIDE | {"prefecture_officer"},
    ),
    ("company profile form", lambda c: f"/joborders/organizations/{c.company.pk}/edit/", CHANGE_ORDERS),
    (
        "supervising organization profile",
        lambda c: f"/joborders/organizations/{c.supervising.pk}/",
        MINISTRY | JAPAN_SIDE,
    ),
    (
        "supervising organization profile form",
        lambda c: f"/joborders/organizations/{c.supervising.pk}/edit/",
        {"ministry_admin", "supervising_officer"},
    ),
    (
        "new member company",
        lambda c: f"/joborders/organizations/{c.supervising.pk}/companies/new/",
        {"ministry_admin", "supervising_officer"},
    ),
    (
        "support organization profile",
        lambda c: f"/joborders/organizations/{c.support_organization.pk}/",
        MINISTRY | {"support_officer"},
    ),
    # Matching: the ministry's officers make shortlists and plans; the Japanese side reads
    # published shortlists; whoever sees a participant sees the job orders they fit.
    ("shortlists", lambda c: "/matching/", MINISTRY | JAPAN_SIDE),
    (
        "a job order's shortlist, none yet",
        lambda c: f"/matching/job-orders/{served_job_order(c).pk}/",
        MINISTRY_WRITERS,
    ),
    (
        "an LPK/SO's own candidates for an order it serves",
        lambda c: f"/matching/job-orders/{served_job_order(c).pk}/candidates/",
        {"lpk_officer", "lpk_viewer"},
    ),
    ("score weights", lambda c: "/matching/weights/", MINISTRY_WRITERS),
    ("planning runs", lambda c: "/matching/plans/", MINISTRY_WRITERS),
    ("job orders budi fits", lambda c: f"/matching/participants/{c.budi.pk}/", SEE_BUDI),
    # Selection (budi interviewed, selected and accepted for the served order): the ministry
    # and the order's Japanese side run it; budi's LPK/SO and budi read his; the lists are for
    # whoever has interviews or candidates in them.
    ("interviews", lambda c: "/placements/interviews/", SELECTION_LISTS),
    ("interview calendar", lambda c: "/placements/interviews/calendar.ics", SELECTION_LISTS),
    ("offers", lambda c: "/placements/offers/", SELECTION_LISTS),
    (
        "an order's interviews and offers",
        lambda c: f"/placements/job-orders/{budis_selection(c).order.pk}/interviews/",
        MINISTRY | JAPAN_SIDE,
    ),
    ("budi's interview", lambda c: f"/placements/interviews/{budis_selection(c).interview.pk}/", SEE_BUDIS_OFFER),
    ("budi's offer", lambda c: f"/placements/offers/{budis_selection(c).offer.pk}/", SEE_BUDIS_OFFER),
    ("budi's offer as a PDF", lambda c: f"/placements/offers/{budis_selection(c).offer.pk}/offer.pdf", SEE_BUDIS_OFFER),
    (
        "budi's signed offer page",
        lambda c: f"/placements/offers/{budis_selection(c).offer.pk}/signed-page/",
        SEE_BUDIS_OFFER,
    ),
    (
        "budi's interviews and offers",
        lambda c: f"/placements/participants/{budis_selection(c).offer.participant_id}/",
        MINISTRY | {"lpk_officer", "lpk_viewer", "participant_user"},
    ),
    # Schooling and earlier work, for the résumé: whoever changes budi's record.
    ("budi's education and work form", lambda c: f"/participants/{c.budi.pk}/background/", CHANGE_BUDI),
    # Résumés (PDF downloads): the ministry, the candidate's own LPK/SO, and the Japanese side
    # for candidates on a published shortlist of its orders; never the BLK, embassy or participant.
    ("budi's résumé", lambda c: f"/placements/resumes/{c.budi.pk}/", MINISTRY | {"lpk_officer", "lpk_viewer"}),
    ("siti's résumé", lambda c: f"/placements/resumes/{c.siti.pk}/", MINISTRY | {"other_lpk_officer"}),
    (
        "budi's résumé, on a draft shortlist",
        lambda c: f"/placements/resumes/{shortlisted_budi(c, published=False).pk}/",
        MINISTRY | {"lpk_officer", "lpk_viewer"},
    ),
    (
        "budi's résumé, on a published shortlist",
        lambda c: f"/placements/resumes/{shortlisted_budi(c, published=True).pk}/",
        MINISTRY | {"lpk_officer", "lpk_viewer"} | JAPAN_SIDE,
    ),
    (
        "a draft shortlist's résumés",
        lambda c: f"/placements/job-orders/{budi_on_a_shortlist(c, published=False).pk}/resumes/",
        MINISTRY,
    ),
    (
        "a published shortlist's résumés",
        lambda c: f"/placements/job-orders/{budi_on_a_shortlist(c, published=True).pk}/resumes/",
        MINISTRY | JAPAN_SIDE,
    ),
    # Departure: LPK/SOs, the Japanese side and the ministry see who departs; a placement's gate its
    # participant's LPK/SO, the order's Japanese side, the ministry and the participant (not the BLK, not
    # the embassy). Items are recorded by writers, the Japanese side only the items done in Japan (COE).
    ("departures", lambda c: "/placements/departures/", DEPARTURES),
    ("budi's pre-departure gate", lambda c: f"/placements/{departing(c).pk}/gate/", SEE_BUDIS_GATE),
    ("budi's COE form", lambda c: f"/placements/{departing(c).pk}/gate/coe/", RECORD_BUDIS_GATE | JAPAN_SIDE),
    ("budi's visa form", lambda c: f"/placements/{departing(c).pk}/gate/visa/", RECORD_BUDIS_GATE),
    # Cohorts are the ministry's: its viewers read them and their manifests, its officers plan them.
    ("departure cohorts", lambda c: "/placements/cohorts/", MINISTRY),
    ("new cohort", lambda c: "/placements/cohorts/new/", MINISTRY_WRITERS),
    ("a cohort's board", lambda c: f"/placements/cohorts/{planned_cohort(c).pk}/", MINISTRY),
    ("a cohort's edit form", lambda c: f"/placements/cohorts/{planned_cohort(c).pk}/edit/", MINISTRY_WRITERS),
    ("a cohort's manifest (XLSX)", lambda c: f"/placements/cohorts/{planned_cohort(c).pk}/manifest.xlsx", MINISTRY),
    ("a cohort's manifest (PDF)", lambda c: f"/placements/cohorts/{planned_cohort(c).pk}/manifest.pdf", MINISTRY),
    # Work in Japan (a prefecture reads counts only, of its own prefecture).
    ("placements", lambda c: "/placements/in-japan/", PLACEMENT_LIST),
    ("placements in Japan by stage", lambda c: "/placements/in-japan/?stage=titp_i&status=all", PLACEMENT_LIST),
    ("workers in the prefecture", lambda c: "/placements/prefecture/", MINISTRY | {"prefecture_officer"}),
    (
        "workers in a prefecture with a company in it",
        lambda c: in_the_prefecture(c, f"/placements/prefecture/?prefecture={at_work(c).prefecture_id}"),
        MINISTRY | {"prefecture_officer"},
    ),
    ("budi's placement at work", lambda c: f"/placements/{at_work(c).pk}/", SEE_BUDIS_PLACEMENT),
    ("budi's placement awaiting arrival", lambda c: f"/placements/{awaiting_arrival(c).pk}/", SEE_BUDIS_PLACEMENT),
    ("budi's arrival form", lambda c: f"/placements/{awaiting_arrival(c).pk}/arrival/", RECORD_BUDIS_STAY),
    ("budi's stage move form", lambda c: f"/placements/{at_work(c).pk}/stage/", RECORD_BUDIS_STAY),
    ("budi's upskilling form", lambda c: f"/placements/{at_work(c).pk}/upskilling/new/", RECORD_BUDIS_STAY),
    (
        "correcting budi's upskilling record",
        lambda c: f"/placements/{at_work(c).pk}/upskilling/{budis_course(c).pk}/",
        RECORD_BUDIS_STAY,
    ),
    ("people in Japan: moves and endings", lambda c: "/placements/in-japan/moves/", IN_JAPAN_LIST),
    ("siti's moves", lambda c: f"/placements/{sitis_placement(c).pk}/moves/", SEE_SITIS_PLACEMENT),
    ("siti's transfer form", lambda c: f"/placements/{sitis_placement(c).pk}/moves/transfer/", MOVE_SITI),
    ("siti's ending form", lambda c: f"/placements/{sitis_placement(c).pk}/moves/end/", MOVE_SITI),
    ("siti's disappearance form", lambda c: f"/placements/{sitis_placement(c).pk}/moves/missing/", MOVE_SITI),
    ("opening siti's placement", lambda c: f"/placements/participants/{c.siti.pk}/open/", MINISTRY_WRITERS),
    ("costs and subsidies", lambda c: "/ledger/", MINISTRY | LPKS),
    ("budi's ledger", lambda c: f"/ledger/participants/{c.budi.pk}/", SEE_BUDIS_COSTS),
    ("siti's ledger", lambda c: f"/ledger/participants/{c.siti.pk}/", MINISTRY | {"other_lpk_officer"}),
    ("budi's cost statement", lambda c: f"/ledger/participants/{c.budi.pk}/statement/", SEE_BUDIS_COSTS),
    (
        "budi's cost statement (PDF)",
        lambda c: f"/ledger/participants/{c.budi.pk}/statement.pdf?language=ja",
        SEE_BUDIS_COSTS,
    ),
    (
        "the receipt of a line the company paid",
        lambda c: f"/ledger/entries/{company_paid_line(c).pk}/receipt/",
        SEE_BUDIS_COSTS | {"company_officer"},
    ),
    ("fee policy violations", lambda c: "/ledger/violations/", MINISTRY | LPKS),
    ("subsidies and budgets", lambda c: "/ledger/subsidies/", SUBSIDIES),
    ("cost reports", lambda c: "/ledger/reports/", MINISTRY | {"association_officer"}),
    ("a cost report (XLSX)", lambda c: "/ledger/reports/average-cost.xlsx", MINISTRY | {"association_officer"}),
    ("costs we paid", lambda c: "/ledger/paid/", JAPAN_SIDE | {"support_officer"}),
    ("supervising duties", lambda c: "/placements/duties/", DUTY_READERS),
    ("supervising duties, with budi at work", lambda c: f"/placements/duties/?{budi_at_work(c).pk}", DUTY_READERS),
    ("what is due", lambda c: "/placements/todo/", DUTY_READERS | {"participant_user"}),
    (
        "what is due, with budi at work",
        lambda c: f"/placements/todo/?{budi_at_work(c).pk}",
        DUTY_READERS | {"participant_user"},
    ),
    # Nothing to record for before anyone works in Japan.
    ("monthly visit form, nobody in Japan", lambda c: "/placements/duties/visit/new/", set()),
    (
        "monthly visit form",
        lambda c: f"/placements/duties/visit/new/?{budi_at_work(c).pk}",
        MINISTRY_WRITERS | {"supervising_officer"},
    ),
    (
        "audit form",
        lambda c: f"/placements/duties/audit/new/?{budi_at_work(c).pk}",
        MINISTRY_WRITERS | {"supervising_officer"},
    ),
    (
        "regular interview form, no SSW worker",
        lambda c: f"/placements/duties/interview/new/?{budi_at_work(c).pk}",
        set(),
    ),
    (
        "regular interview form",
        lambda c: f"/placements/duties/interview/new/?{ssw_at_work(c).pk}",
        MINISTRY_WRITERS | {"support_officer"},
    ),
    (
        "quarterly report form",
        lambda c: f"/placements/duties/report/new/?{ssw_at_work(c).pk}",
        MINISTRY_WRITERS | {"support_officer"},
    ),
    ("a duty that does not exist", lambda c: f"/placements/duties/holiday/new/?{budi_at_work(c).pk}", set()),
    ("coming home", lambda c: "/placements/returns/", RECORD_RETURNS),
    ("budi's return form", lambda c: f"/placements/{working_budi(c).pk}/return/", RECORD_RETURNS),
    (
        "budi's certificate of completion",
        lambda c: f"/placements/{returned_budi(c).placement_id}/certificate.pdf",
        SEE_BUDIS_RETURN,
    ),
    ("budi's follow-ups", lambda c: f"/placements/{returned_budi(c).placement_id}/follow-ups/", SEE_BUDIS_RETURN),
    (
        "budi's 3-month follow-up form",
        lambda c: f"/placements/follow-ups/{budis_follow_up(c).pk}/",
        ENTER_BUDIS_FOLLOW_UPS,
    ),
    ("returnees", lambda c: "/placements/returnees/", RETURNEE_LISTS),
    ("check-in response rates", lambda c: "/protection/check-ins/rates/", CHECKIN_RATES),
    ("budi's check-in", lambda c: f"/protection/check-ins/{budis_checkin(c).pk}/", {"participant_user"}),
    (
        "incidents of siti's placement",
        lambda c: f"/protection/placements/{sitis_placement(c).pk}/incidents/",
        SEE_SITIS_PLACEMENT,
    ),
    ("report a problem", lambda c: "/protection/report/", {"participant_user"}),
    ("my reports", lambda c: "/protection/my-reports/", {"participant_user"}),
    ("budi's own report", lambda c: f"/protection/my-reports/{budis_report(c).pk}/", {"participant_user"}),
    ("record a call or a visit", lambda c: "/protection/record/", RECORD_CASES),
    # Privacy (UU 27/2022): the participant's own data page and its copies; the requests are
    # reviewed by who may change the record (corrections) and by the ministry's officers (erasures).
    ("my data", lambda c: "/privacy/", {"participant_user"}),
    ("my data (JSON)", lambda c: "/privacy/my-data.json", {"participant_user"}),
    ("my data (PDF)", lambda c: "/privacy/my-data.pdf?language=ja", {"participant_user"}),
    ("privacy requests", lambda c: "/privacy/requests/", REGISTER),
    ("budi's correction request", lambda c: f"/privacy/requests/corrections/{budis_correction(c).pk}/", CHANGE_BUDI),
    ("budi's erasure request", lambda c: f"/privacy/requests/erasure/{budis_erasure(c).pk}/", MINISTRY_WRITERS),
    ("protection dashboards", lambda c: "/protection/dashboards/", PROTECTION_COUNTS),
    (
        "a protection dashboard table (XLSX)",
        lambda c: "/protection/dashboards/checkins-by-company.xlsx",
        PROTECTION_COUNTS,
    ),
    ("reports", lambda c: with_figures(c, "/reports/"), REPORT_READERS),
    ("pipeline dashboard", lambda c: with_figures(c, "/reports/pipeline/"), REPORT_READERS),
    ("departures dashboard (XLSX)", lambda c: with_figures(c, "/reports/departures/export.xlsx"), REPORT_READERS),
    ("placements dashboard (PDF)", lambda c: with_figures(c, "/reports/placements/export.pdf"), REPORT_READERS),
    ("a dashboard table (CSV)", lambda c: with_figures(c, "/reports/returnees/work.csv"), REPORT_READERS),
    (
        "grievances and fees dashboard",
        lambda c: with_figures(c, "/reports/protection/"),
        REPORT_READERS - {"prefecture_officer"},
    ),
    (
        "another LPK/SO's figures",
        lambda c: with_figures(c, f"/reports/departures/?scope=lpk-{c.other_lpk.pk}"),
        MINISTRY | {"embassy_officer", "other_lpk_officer"},
    ),
    ("monthly reports", lambda c: "/reports/monthly/", MINISTRY),
    ("protection cases, none yet", lambda c: "/protection/cases/", CASE_LIST),
    ("protection cases, with budi's", lambda c: f"/protection/cases/?{budis_case(c).pk}", CASE_LIST | {"lpk_viewer"}),
    ("budi's case", lambda c: f"/protection/cases/{budis_case(c).pk}/", SEE_BUDIS_CASE),
    (
        "budi's case at the top of the chain",
        lambda c: f"/protection/cases/{case_at_the_top(c).pk}/",
        SEE_BUDIS_CASE | {"embassy_officer"},
    ),
    (
        "budi's case referred to the supervising organization",
        lambda c: f"/protection/cases/{referred_case(c, Body.SUPERVISING_ORGANIZATION).pk}/",
        SEE_BUDIS_CASE | {"supervising_officer"},
    ),
    (
        "protection cases, one referred to the company",
        lambda c: f"/protection/cases/?{referred_case(c, Body.COMPANY).pk}",
        CASE_LIST | {"lpk_viewer", "company_officer"},
    ),
    ("partner scorecards", lambda c: "/reports/scorecards/", SCORECARDS),
    ("scorecards of the LPK/SOs", lambda c: "/reports/scorecards/sending-organizations/", SCORECARDS),
    (
        "a supervising organization's scorecard",
        lambda c: f"/reports/scorecards/supervising-organizations/{c.supervising.pk}/",
        SCORECARDS,
    ),
    (
        "scorecards of the companies (XLSX)",
        lambda c: f"/reports/scorecards/companies/export.xlsx?{scorecards_of_the_cast(c).pk}",
        SCORECARDS,
    ),
    (
        "scorecards of the LPK/SOs (CSV)",
        lambda c: f"/reports/scorecards/sending-organizations/export.csv?{scorecards_of_the_cast(c).pk}",
        SCORECARDS,
    ),
    # Webhooks: an organization's administrators manage its endpoints; the ministry's see every one.
    # The cast's only administrator is the ministry's (webhooks/tests/test_views.py has an LPK's).
    ("webhooks", lambda c: "/webhooks/", {"ministry_admin"}),
    ("an LPK's webhook endpoint", lambda c: f"/webhooks/{lpk_endpoint(c).pk}/", {"ministry_admin"}),
    # Data breaches: the register is the ministry's; anyone who writes for an organization reports one.
    ("data breaches", lambda c: "/breaches/", MINISTRY),
    ("a data breach the LPK/SO reported", lambda c: f"/breaches/{a_breach(c).pk}/", MINISTRY),
    ("report a data breach", lambda c: "/breaches/report/", STAFF - {"ministry_viewer", "lpk_viewer"}),
]
# Pages that need no login: reporting a problem anonymously and coming back with its code and PIN;
# the open data (aggregates of the whole programme, reports/tests/test_views_open_data.py).
PUBLIC_PAGES = ["/protection/anonymous/", "/protection/anonymous/follow/", "/open-data/"]


@pytest.mark.parametrize(("page", "url", "allowed"), GET_PAGES, ids=[row[0] for row in GET_PAGES])
def test_it_shows_each_page_only_to_its_personas(cast: Cast, page: str, url: Url, allowed: set[str]) -> None:
    wrong = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(getattr(cast, persona))
        status = client.get(url(cast)).status_code
        expected = 200 if persona in allowed else 404
        if status != expected:
            wrong.append(f"{persona}: {status}, expected {expected}")
    assert not wrong, f"{page}: " + "; ".join(wrong)


@pytest.mark.parametrize(("page", "url", "allowed"), GET_PAGES, ids=[row[0] for row in GET_PAGES])
def test_it_sends_anonymous_visitors_to_the_login_page(
    client: Client, cast: Cast, page: str, url: Url, allowed: set[str]
) -> None:
    response = client.get(url(cast))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_it_opens_the_anonymous_pages_to_everyone(cast: Cast, url: str) -> None:
    assert Client().get(url).status_code == 200
    for persona in PERSONAS:
        client = Client()
        client.force_login(getattr(cast, persona))
        assert client.get(url).status_code == 200, persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_writers_change_budis_status(cast: Cast, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))
    response = client.post(f"/participants/{cast.budi.pk}/status/", {"to": Status.IN_TRAINING})
    cast.budi.refresh_from_db()
    if persona in CHANGE_BUDI:
        assert response.status_code == 302
        assert cast.budi.status == Status.IN_TRAINING
    else:
        assert response.status_code == 404
        assert cast.budi.status == Status.REGISTERED


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_writers_save_budis_record(cast: Cast, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))
    response = client.post(f"/participants/{cast.budi.pk}/edit/", {"full_name": "Changed"})
    cast.budi.refresh_from_db()
    assert cast.budi.full_name == "Budi Santoso"  # incomplete form: nothing saved by anyone
    assert response.status_code == (400 if persona in CHANGE_BUDI else 404)


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/participants/{budi}/status/", "get"),
        ("/participants/{budi}/edit/", "put"),
        ("/participants/new/", "delete"),
    ],
)
def test_it_refuses_the_wrong_http_method(client: Client, cast: Cast, url: str, method: str) -> None:
    client.force_login(cast.ministry_admin)
    response = getattr(client, method)(url.format(budi=cast.budi.pk))
    assert response.status_code == 405


def test_it_counts_the_members_participants_for_the_association(client: Client, cast: Cast) -> None:
    client.force_login(cast.association_officer)
    response = client.get("/")
    # budi, enrolled with member LPK Sakura; not siti
    assert sum(figure.count for figure in response.context["by_status"].figures) == 1
    assert b"Budi" not in response.content


def test_it_counts_nothing_for_a_japanese_company_before_shortlists_exist(client: Client, cast: Cast) -> None:
    client.force_login(cast.company_officer)
    assert client.get("/").context["by_status"].figures == []


def test_it_lists_only_the_participants_in_scope(cast: Cast) -> None:
    expectations = {
        "ministry_viewer": {"Budi Santoso", "Siti Aminah"},
        "blk_officer": {"Budi Santoso"},
        "other_lpk_officer": {"Siti Aminah"},
        "embassy_officer": {"Siti Aminah"},
    }
    for persona, names in expectations.items():
        client = Client()
        client.force_login(getattr(cast, persona))
        rows = client.get("/participants/").context["page"].rows
        assert {row.full_name for row in rows} == names, persona


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/reference/prefecture/", "/admin/audit/auditentry/", "/admin/ledger/costclass/"]
)
def test_it_opens_the_administration_to_ministry_administrators_only(cast: Cast, url: str) -> None:
    for persona in PERSONAS:
        client = Client()
        client.force_login(getattr(cast, persona))
        response = client.get(url)
        if persona == "ministry_admin":
            assert response.status_code == 200, persona
        else:
            assert response.status_code == 302, persona
            assert response["Location"].startswith("/admin/login/"), persona
