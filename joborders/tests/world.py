"""The Japanese side of the test cast, built through the real actions.

On top of tests/cast.py: a TITP job category list and an SSW field list in
force, profiles for the cast's supervising organization (JOE Cooperative,
general licence, not excellent) and its member company (Sendai Steel, 25
full-time staff: a yearly stage i quota of 3), and a second cooperative with a
company of its own, whose staff must never see the cast's job orders.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import zoneinfo
from collections.abc import Iterator

import time_machine

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from joborders import actions
from joborders.details import JobOrderDetails
from joborders.models import JobOrder, SupervisingCategory, TitpStage
from reference.models import (
    ESDField,
    JobCategory,
    LanguageTest,
    ListKind,
    ListVersion,
    Operation,
    Prefecture,
    SSWField,
    Track,
)
from tests.cast import PASSWORD, Cast

# Before ESD replaces TITP on 2027-04-01, after both lists came into force.
START = datetime.date(2026, 10, 1)
LISTS_FROM = datetime.date(2025, 4, 1)
# The tests' today (on_day): before START, since an order whose
# start date has passed cannot open.
TODAY = datetime.date(2026, 6, 1)


@contextlib.contextmanager
def on_day(day: datetime.date = TODAY) -> Iterator[None]:
    """The clock at 09:00 in Jakarta on ``day``, running on from there."""
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(moment, tick=True):
        yield


@dataclasses.dataclass
class Japan:
    titp_list: ListVersion
    welding: JobCategory
    manual_welding: Operation
    casting: JobCategory
    die_casting: Operation  # highest stage ii
    carpentry: JobCategory  # 建築大工, in the construction sector
    carpentry_work: Operation
    ssw_list: ListVersion
    construction: SSWField
    linen: SSWField  # planned, not open
    esd_list: ListVersion  # membership unverified, as shipped
    esd_construction: ESDField
    esd_linen: ESDField  # planned, not open
    miyagi: Prefecture
    n4: LanguageTest
    other_supervising: Organization
    other_company: Organization
    other_company_officer: User


def prefecture(code: str = "04", name_ja: str = "宮城県", name_en: str = "Miyagi") -> Prefecture:
    found, _ = Prefecture.objects.get_or_create(jis_code=code, defaults={"name_ja": name_ja, "name_en": name_en})
    return found


def titp_list(label: str = "2025", effective_from: datetime.date = LISTS_FROM) -> ListVersion:
    version = ListVersion.objects.create(kind=ListKind.TITP_JOB_CATEGORIES, label=label, effective_from=effective_from)
    welding = JobCategory.objects.create(
        version=version, sector="機械・金属", code="7-7", name_ja="溶接", name_en="Welding", max_stage=3
    )
    Operation.objects.create(
        job_category=welding, code="7-7-1", name_ja="手溶接", name_en="Manual welding", max_stage=3
    )
    casting = JobCategory.objects.create(
        version=version, sector="機械・金属", code="6-1", name_ja="鋳造", name_en="Casting", max_stage=3
    )
    Operation.objects.create(
        job_category=casting, code="6-1-1", name_ja="ダイカスト", name_en="Die casting", max_stage=2
    )
    carpentry = JobCategory.objects.create(
        version=version,
        sector="建設関係 / Construction",
        code="3-5",
        name_ja="建築大工",
        name_en="Carpentry",
        max_stage=3,
    )
    Operation.objects.create(
        job_category=carpentry, code="3-5-1", name_ja="大工工事作業", name_en="Carpentry work", max_stage=3
    )
    return version


def ssw_list() -> ListVersion:
    version = ListVersion.objects.create(kind=ListKind.SSW_FIELDS, label="2026-01", effective_from=LISTS_FROM)
    SSWField.objects.create(
        version=version,
        number=4,
        name_ja="建設",
        name_en="Construction",
        ssw2_note="yes",
        business_categories="土木; 建築; ライフライン・設備",
        status=SSWField.Status.ACTIVE,
    )
    SSWField.objects.create(
        version=version,
        number=17,
        name_ja="リネンサプライ",
        name_en="Linen supply",
        ssw2_note="UNVERIFIED",
        business_categories="リネンサプライ",
        status=SSWField.Status.PLANNED,
    )
    return version


def esd_list() -> ListVersion:
    version = ListVersion.objects.create(
        kind=ListKind.ESD_FIELDS, label="2026-01", effective_from=datetime.date(2026, 1, 23), unverified=True
    )
    ESDField.objects.create(
        version=version,
        number=4,
        name_ja="建設",
        name_en="Construction",
        business_categories="土木; 建築; ライフライン・設備",
        status=SSWField.Status.ACTIVE,
    )
    ESDField.objects.create(
        version=version,
        number=15,
        name_ja="リネンサプライ",
        name_en="Linen supply",
        business_categories="リネンサプライ",
        status=SSWField.Status.PLANNED,
    )
    return version


def organization_details(**overrides: object) -> actions.OrganizationDetails:
    values: dict[str, object] = {
        "name_ja": "仙台精密工業株式会社",
        "prefecture": prefecture(),
        "city": "Sendai",
        "city_ja": "仙台市",
    }
    values.update(overrides)
    return actions.OrganizationDetails(**values)  # type: ignore[arg-type]


def company_details(**overrides: object) -> actions.CompanyDetails:
    values: dict[str, object] = {
        "industry": "Metal machining",
        "is_construction": False,
        "full_time_staff": 25,
        "contact_name": "Sato Hanako",
        "contact_email": "sato@example.jp",
        "contact_phone": "022-000-0000",
    }
    values.update(overrides)
    return actions.CompanyDetails(**values)  # type: ignore[arg-type]


def trainees(i: int = 0, ii: int = 0, iii: int = 0) -> actions.TraineeCounts:
    return actions.TraineeCounts(
        trainees_stage_i=i, trainees_stage_ii=ii, trainees_stage_iii=iii, trainees_recorded_on=START
    )


def supervising_details(**overrides: object) -> actions.SupervisingDetails:
    values: dict[str, object] = {"licence_number": "許1704000123", "category": SupervisingCategory.GENERAL}
    values.update(overrides)
    return actions.SupervisingDetails(**values)  # type: ignore[arg-type]


def build_japan(cast: Cast) -> Japan:
    version = titp_list()
    fields = ssw_list()
    esd = esd_list()
    miyagi = prefecture()
    n4 = LanguageTest.objects.create(code="JLPT-N4", family="JLPT", level="N4", cefr="A2", rank=20)
    actions.save_supervising_profile(
        organization_id=cast.supervising.pk,
        organization=organization_details(name_ja="JOE協同組合"),
        details=supervising_details(),
        expected_version=0,
        by=cast.supervising_officer,
    )
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(name_ja="仙台製鋼株式会社"),
        details=company_details(),
        trainees=trainees(),
        expected_version=0,
        by=cast.supervising_officer,
    )
    other_supervising = Organization.objects.create(
        kind=OrganizationKind.SUPERVISING_ORGANIZATION, code="chubu", name="Chubu Cooperative"
    )
    other_company = Organization.objects.create(
        kind=OrganizationKind.COMPANY, code="nagoya-metal", name="Nagoya Metal", parent=other_supervising
    )
    other_company_officer = User.objects.create_user(username="other_company_officer", password=PASSWORD)
    Membership.objects.create(user=other_company_officer, organization=other_company, role=Role.OFFICER)
    return Japan(
        titp_list=version,
        welding=version.job_categories.get(code="7-7"),
        manual_welding=Operation.objects.get(code="7-7-1"),
        casting=version.job_categories.get(code="6-1"),
        die_casting=Operation.objects.get(code="6-1-1"),
        carpentry=version.job_categories.get(code="3-5"),
        carpentry_work=Operation.objects.get(code="3-5-1"),
        ssw_list=fields,
        construction=fields.ssw_fields.get(number=4),
        linen=fields.ssw_fields.get(number=17),
        esd_list=esd,
        esd_construction=esd.esd_fields.get(number=4),
        esd_linen=esd.esd_fields.get(number=15),
        miyagi=miyagi,
        n4=n4,
        other_supervising=other_supervising,
        other_company=other_company,
        other_company_officer=other_company_officer,
    )


def order_details(cast: Cast, japan: Japan, **overrides: object) -> JobOrderDetails:
    """A valid TITP stage i order for Sendai Steel; tests override what they are about."""
    values: dict[str, object] = {
        "company": cast.company,
        "programme": Track.TITP,
        "title": "Welder",
        "titp_stage": TitpStage.I,
        "job_category": japan.welding,
        "operation": japan.manual_welding,
        "ssw_field": None,
        "esd_field": None,
        "business_category": "",
        "positions": 3,
        "workplace_prefecture": japan.miyagi,
        "workplace_city": "Sendai",
        "workplace_city_ja": "仙台市",
        "monthly_wage_jpy": 185_000,
        "hours_per_week": 40,
        "working_hours_note": "",
        "housing_provided": True,
        "housing_cost_jpy": 25_000,
        "other_deductions_jpy": 5_000,
        "deductions_note": "",
        "start_date": START,
        "interview_date": datetime.date(2026, 7, 15),
        "interview_mode": "online",
        "min_japanese_level": japan.n4,
        "min_age": 18,
        "max_age": 30,
        "trade": None,
        "experience_months": 0,
        "experience_note": "",
        "notes": "",
        "support_organization": None,
        "sending_organizations": (cast.lpk,),
    }
    values.update(overrides)
    return JobOrderDetails(**values)  # type: ignore[arg-type]


def served_job_order(cast: Cast) -> JobOrder:
    """A draft Engineer/Specialist order of Sendai Steel served by LPK Sakura,
    made once per test (it needs no reference list): for the access matrix."""
    existing = JobOrder.objects.filter(company=cast.company, title="Machine designer").first()
    if existing is not None:
        return existing
    details = JobOrderDetails(
        company=cast.company,
        programme=Track.ENGINEER,
        title="Machine designer",
        titp_stage=None,
        job_category=None,
        operation=None,
        ssw_field=None,
        esd_field=None,
        business_category="",
        positions=1,
        workplace_prefecture=prefecture(),
        workplace_city="Sendai",
        workplace_city_ja="仙台市",
        monthly_wage_jpy=260_000,
        hours_per_week=40,
        working_hours_note="",
        housing_provided=False,
        housing_cost_jpy=0,
        other_deductions_jpy=0,
        deductions_note="",
        start_date=START,
        interview_date=None,
        interview_mode="",
        min_japanese_level=None,
        min_age=None,
        max_age=None,
        trade=None,
        experience_months=24,
        experience_note="CAD",
        notes="",
        support_organization=None,
        sending_organizations=(cast.lpk,),
    )
    # Made on the tests' day, so that its start date has not passed whenever the suite runs.
    with on_day():
        return actions.create_job_order(details=details, by=cast.company_officer)
