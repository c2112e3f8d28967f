"""Demo data for the Japanese side: profiles of the demo supervising
organizations, companies and the support organization, and a few dozen job
orders in every status (``seed_demo`` calls ``seed_japan``).

Job orders go through the real actions, opening included: the demo's open
orders passed the quota check and carry its stored decision, and an order
that would not fit stays a draft, as it would for a real officer. A few dozen
orders cost well under a second that way. Everything is fictional and drawn
from one seeded generator; start dates follow the calendar (relative to
today), so a TITP order that would start once ESD has replaced TITP is made an
ESD order in the matching field, as the rules in force require.

Profiles and orders are created once: a second run leaves them as they are.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from typing import NamedTuple

from django.core.exceptions import ValidationError

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from joborders import actions, decisions
from joborders.details import JobOrderDetails
from joborders.models import JobOrder, JobOrderStatus, SupervisingCategory, TitpStage, profile_of
from reference.models import ESDField, JobCategory, LanguageTest, ListKind, ListVersion, Operation, SSWField, Track

# --- profiles -----------------------------------------------------------------


class SupervisingSpec(NamedTuple):
    licence_number: str
    category: SupervisingCategory
    excellent_since: datetime.date | None
    contact_name: str


class CompanySpec(NamedTuple):
    industry: str
    is_construction: bool
    full_time_staff: int
    excellent_since: datetime.date | None
    trainees: tuple[int, int, int]
    contact_name: str


SUPERVISING = {
    # The excellent cooperative: general licence, rated excellent (優良) since 2022.
    "michinoku-coop": SupervisingSpec(
        "許1704000251", SupervisingCategory.GENERAL, datetime.date(2022, 4, 1), "佐藤 美咲"
    ),
    "chubu-coop": SupervisingSpec("許2307000418", SupervisingCategory.SPECIFIC, None, "加藤 健一"),
}
# What the Japanese partners type themselves (industry, notes on hours and
# deductions, cancel reasons) is in Japanese, as they would write it.
COMPANIES = {
    "sendai-seimitsu": CompanySpec("精密機械加工", False, 85, datetime.date(2023, 4, 1), (3, 6, 2), "高橋 誠"),
    "ishinomaki-kaisan": CompanySpec("水産加工", False, 42, None, (0, 4, 0), "阿部 由美"),
    "natori-green-farm": CompanySpec("施設園芸", False, 18, None, (1, 3, 0), "菅原 修"),
    "aoba-kensetsu": CompanySpec("建設業（鉄骨・とび）", True, 12, None, (1, 4, 0), "千葉 大輔"),
    "toyohashi-kinzoku": CompanySpec("金属加工", False, 130, None, (0, 8, 0), "鈴木 一郎"),
    "okazaki-auto": CompanySpec("自動車整備", False, 28, None, (1, 2, 0), "伊藤 翔"),
    "higashiosaka-yosetsu": CompanySpec("溶接・製缶", False, 24, None, (0, 3, 0), "山本 浩二"),
    "sakai-delica": CompanySpec("惣菜製造", False, 210, None, (2, 10, 0), "中村 里奈"),
    "kitakyushu-tekko": CompanySpec("鉄工", False, 64, None, (0, 5, 0), "松本 剛"),
    "hakata-care": CompanySpec("介護", False, 55, None, (0, 0, 0), "井上 恵"),
}
SUPPORT = {"tohoku-support": ("19登-002187", datetime.date(2019, 9, 1), "今野 亜希")}


def _by(organization: Organization) -> User | None:
    """The officer who works for ``organization`` in the demo, else the ministry's administrator."""
    membership = (
        Membership.objects.filter(organization=organization, role__in=[Role.ADMIN, Role.OFFICER])
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        return membership.user
    admin = Membership.objects.filter(organization__kind=OrganizationKind.MINISTRY, role=Role.ADMIN).order_by("pk")
    first = admin.select_related("user").first()
    return first.user if first else None


def _where(organization: Organization) -> actions.OrganizationDetails:
    return actions.OrganizationDetails(
        name_ja=organization.name_ja,
        prefecture=organization.prefecture,
        city=organization.city,
        city_ja=organization.city_ja,
    )


def seed_profiles(organizations: dict[str, Organization], *, today: datetime.date) -> None:
    """A profile for each demo organization in Japan that has none yet."""
    for code, spec in SUPERVISING.items():
        organization = organizations.get(code)
        by = _by(organization) if organization else None
        if organization is None or by is None or profile_of(organization) is not None:
            continue
        actions.save_supervising_profile(
            organization_id=organization.pk,
            organization=_where(organization),
            details=actions.SupervisingDetails(
                licence_number=spec.licence_number,
                category=spec.category,
                excellent_since=spec.excellent_since,
                contact_name=spec.contact_name,
                contact_email=f"info@{code}.example.jp",
            ),
            expected_version=0,
            by=by,
        )
    for code, company in COMPANIES.items():
        organization = organizations.get(code)
        recorder = _by(organization.parent) if organization and organization.parent else None
        if organization is None or recorder is None or profile_of(organization) is not None:
            continue
        i, ii, iii = company.trainees
        actions.save_company_profile(
            organization_id=organization.pk,
            organization=_where(organization),
            details=actions.CompanyDetails(
                industry=company.industry,
                is_construction=company.is_construction,
                full_time_staff=company.full_time_staff,
                excellent_since=company.excellent_since,
                contact_name=company.contact_name,
                contact_email=f"jinji@{code}.example.jp",
                contact_phone="",
            ),
            trainees=actions.TraineeCounts(
                trainees_stage_i=i, trainees_stage_ii=ii, trainees_stage_iii=iii, trainees_recorded_on=today
            ),
            expected_version=0,
            by=recorder,
        )
    for code, (number, registered_on, contact) in SUPPORT.items():
        organization = organizations.get(code)
        by = _by(organization) if organization else None
        if organization is None or by is None or profile_of(organization) is not None:
            continue
        actions.save_support_profile(
            organization_id=organization.pk,
            organization=_where(organization),
            details=actions.SupportDetails(
                registration_number=number, registered_on=registered_on, contact_name=contact
            ),
            expected_version=0,
            by=by,
        )


# --- job orders ---------------------------------------------------------------


class OrderSpec(NamedTuple):
    company: str
    title: str
    programme: Track
    operation: str  # TITP operation code, for TITP orders
    field: int  # SSW field number: SSW orders, and ESD when TITP no longer takes the start date
    business_category: str
    stage: int
    positions: int
    wage: int
    path: tuple[JobOrderStatus, ...]


_O, _I, _F, _C = JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED, JobOrderStatus.CANCELLED
FILLED = (_O, _I, _F)
CANCELLED = (_O, _C)
INTERVIEWING = (_O, _I)
OPEN = (_O,)
DRAFT = ()
_ORDER_TABLE = """
sendai-seimitsu | NC lathe operator | titp | 6-4-3 | 3 | 機械金属加工 | 1 | 3 | 192000 | filled
sendai-seimitsu | Machining centre operator | titp | 6-4-4 | 3 | 機械金属加工 | 1 | 4 | 195000 | interviewing
sendai-seimitsu | Jig and tool finisher (stage iii) | titp | 6-10-1 | 3 | 機械金属加工 | 3 | 2 | 215000 | open
sendai-seimitsu | Production engineer | engineer | | 0 | | 0 | 1 | 265000 | open
sendai-seimitsu | Machine assembly finisher | titp | 6-10-3 | 3 | 機械金属加工 | 1 | 2 | 190000 | draft
ishinomaki-kaisan | Seafood processing worker | titp | 4-4-1 | 11 | 飲食料品製造業全般 | 1 | 3 | 178000 | filled
ishinomaki-kaisan | Kamaboko line worker | titp | 4-5-1 | 11 | 飲食料品製造業全般 | 1 | 2 | 176000 | open
ishinomaki-kaisan | Fish processing (SSW) | ssw | | 11 | 飲食料品製造業全般 | 0 | 2 | 205000 | interviewing
natori-green-farm | Vegetable farm worker | titp | 1-1-2 | 9 | 耕種農業全般 | 1 | 1 | 170000 | cancelled
natori-green-farm | Greenhouse worker | titp | 1-1-1 | 9 | 耕種農業全般 | 1 | 2 | 172000 | interviewing
natori-green-farm | Farm worker (SSW) | ssw | | 9 | 耕種農業全般 | 0 | 2 | 198000 | draft
aoba-kensetsu | Scaffolder (tobi) | titp | 3-8-1 | 4 | 建築 | 1 | 2 | 205000 | open
aoba-kensetsu | Plasterer | titp | 3-12-1 | 4 | 建築 | 1 | 3 | 200000 | draft
aoba-kensetsu | Construction worker (SSW) | ssw | | 4 | 土木 | 0 | 2 | 240000 | filled
toyohashi-kinzoku | Lathe operator | titp | 6-4-1 | 3 | 機械金属加工 | 1 | 5 | 188000 | filled
toyohashi-kinzoku | Milling machine operator | titp | 6-4-2 | 3 | 機械金属加工 | 1 | 4 | 188000 | interviewing
toyohashi-kinzoku | Semi-automatic welder | titp | 7-7-2 | 3 | 機械金属加工 | 1 | 1 | 198000 | open
toyohashi-kinzoku | Quality control engineer | engineer | | 0 | | 0 | 1 | 270000 | draft
okazaki-auto | Body repair mechanic | titp | 7-11-1 | 6 | 自動車整備 | 1 | 2 | 188000 | cancelled
okazaki-auto | Automobile mechanic | titp | 7-11-1 | 6 | 自動車整備 | 1 | 2 | 190000 | open
okazaki-auto | Automobile mechanic (SSW) | ssw | | 6 | 自動車整備 | 0 | 1 | 225000 | interviewing
higashiosaka-yosetsu | Manual welder | titp | 7-7-1 | 3 | 機械金属加工 | 1 | 2 | 195000 | filled
higashiosaka-yosetsu | Semi-automatic welder | titp | 7-7-2 | 3 | 機械金属加工 | 1 | 1 | 196000 | open
higashiosaka-yosetsu | Welder (SSW) | ssw | | 3 | 機械金属加工 | 0 | 2 | 230000 | draft
sakai-delica | Prepared-dish line worker | titp | 4-9-1 | 11 | 飲食料品製造業全般 | 1 | 8 | 182000 | filled
sakai-delica | Bakery worker | titp | 4-8-1 | 11 | 飲食料品製造業全般 | 1 | 4 | 180000 | interviewing
sakai-delica | Central kitchen staff (SSW) | ssw | | 11 | 飲食料品製造業全般 | 0 | 3 | 210000 | open
sakai-delica | Pickle production worker | titp | 4-10-1 | 11 | 飲食料品製造業全般 | 1 | 3 | 179000 | draft
kitakyushu-tekko | Welder | titp | 7-7-1 | 3 | 機械金属加工 | 1 | 3 | 193000 | open
kitakyushu-tekko | Machine finisher | titp | 6-10-3 | 3 | 機械金属加工 | 1 | 3 | 197000 | interviewing
kitakyushu-tekko | Lathe operator, second line | titp | 6-4-1 | 3 | 機械金属加工 | 1 | 9 | 190000 | draft
hakata-care | Care worker (SSW) | ssw | | 1 | 介護（身体介護等） | 0 | 4 | 215000 | open
hakata-care | Care worker (SSW) | ssw | | 1 | 介護（身体介護等） | 0 | 2 | 212000 | filled
hakata-care | Care worker, night shift (SSW) | ssw | | 1 | 介護（身体介護等） | 0 | 2 | 220000 | cancelled
hakata-care | Care worker trainee | titp | 7-13-1 | 1 | 介護（身体介護等） | 1 | 2 | 185000 | draft
"""
PATHS = {"filled": FILLED, "cancelled": CANCELLED, "interviewing": INTERVIEWING, "open": OPEN, "draft": DRAFT}
# Days from today to the start: every order starts after today, since an
# order whose start date has passed cannot open; filled ones start soonest.
START_DAYS = {
    "filled": (20, 45),
    "cancelled": (15, 60),
    "interviewing": (30, 90),
    "open": (60, 150),
    "draft": (90, 210),
}
CANCEL_REASONS = ("増員計画を延期したため。", "受注が減り、募集の必要がなくなったため。")


def _order_specs(table: str) -> list[tuple[OrderSpec, str]]:
    specs = []
    for line in table.strip().splitlines():
        company, title, programme, operation, field, category, stage, positions, wage, status = (
            cell.strip() for cell in line.split("|")
        )
        spec = OrderSpec(
            company,
            title,
            Track(programme),
            operation,
            int(field),
            category,
            int(stage),
            int(positions),
            int(wage),
            PATHS[status],
        )
        specs.append((spec, status))
    return specs


ORDERS = _order_specs(_ORDER_TABLE)


class _Lists(NamedTuple):
    titp: ListVersion | None
    ssw: ListVersion | None
    esd: ListVersion | None
    n4: LanguageTest | None
    n5: LanguageTest | None


def _lists(day: datetime.date) -> _Lists:
    return _Lists(
        ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES, on=day),
        ListVersion.objects.in_force(ListKind.SSW_FIELDS, on=day),
        ListVersion.objects.in_force(ListKind.ESD_FIELDS, on=day),
        LanguageTest.objects.filter(code="JLPT-N4").first(),
        LanguageTest.objects.filter(code="JLPT-N5").first(),
    )


def _details(
    spec: OrderSpec, company: Organization, *, start: datetime.date, lpks: list[Organization], rng: random.Random
) -> JobOrderDetails | None:
    """The order as entered, or None where the reference lists it needs are not loaded."""
    lists = _lists(start)
    programme = spec.programme
    if (
        programme == Track.TITP
        and not decisions.programme_question(
            programme=Track.TITP, starts_on=start, rules=decisions.rules_on(start)
        ).allowed
    ):
        programme = Track.ESD  # ESD has replaced TITP by then
    operation = field = esd_field = None
    if programme == Track.TITP:
        operation = Operation.objects.filter(job_category__version=lists.titp, code=spec.operation).first()
        if operation is None:
            return None
    elif programme == Track.SSW:
        field = SSWField.objects.filter(version=lists.ssw, number=spec.field).first()
        if field is None:
            return None
    elif programme == Track.ESD:
        # ESD's own list, in the field of the same name as the SSW field the spec names.
        ssw_name = SSWField.objects.filter(version=lists.ssw, number=spec.field).values_list("name_ja", flat=True)
        esd_field = ESDField.objects.filter(version=lists.esd, name_ja__in=ssw_name).first()
        if esd_field is None:
            return None
    interview = start - datetime.timedelta(days=rng.randint(45, 100))
    housing = rng.choice((20_000, 25_000, 30_000, 35_000))
    return JobOrderDetails(
        company=company,
        programme=programme,
        title=spec.title,
        titp_stage=TitpStage(spec.stage) if programme == Track.TITP else None,
        job_category=JobCategory.objects.get(pk=operation.job_category_id) if operation else None,
        operation=operation,
        ssw_field=field,
        esd_field=esd_field,
        business_category=spec.business_category if field or esd_field else "",
        positions=spec.positions,
        workplace_prefecture=company.prefecture,  # type: ignore[arg-type]  # every demo company has one
        workplace_city=company.city,
        workplace_city_ja=company.city_ja,
        monthly_wage_jpy=spec.wage + rng.randint(-3, 3) * 1_000,
        hours_per_week=40,
        working_hours_note=rng.choice(("8:00〜17:00、土曜日は隔週休み", "2交替制、残業代支給", "")),
        housing_provided=True,
        housing_cost_jpy=housing,
        other_deductions_jpy=rng.choice((0, 5_000, 8_000)),
        deductions_note="水道光熱費は住居費に含む" if housing >= 30_000 else "",
        start_date=start,
        interview_date=interview,
        interview_mode=rng.choice(("online", "online", "in_person")),
        min_japanese_level=lists.n4 if programme == Track.SSW else lists.n5,
        min_age=18,
        max_age=rng.choice((30, 35, None)),
        trade=None,
        experience_months=rng.choice((0, 0, 6, 12)),
        experience_note="",
        notes="",
        support_organization=None,
        sending_organizations=tuple(rng.sample(lpks, k=rng.randint(1, 3))),
    )


def seed_job_orders(organizations: dict[str, Organization], *, seed: int, today: datetime.date) -> int:
    """The demo job orders, once; returns how many were made."""
    companies = [organizations[code] for code in COMPANIES if code in organizations]
    if not companies or JobOrder.objects.filter(company__in=companies).exists():
        return 0
    rng = random.Random(seed + 3)  # noqa: S311 -- fictional data, reproducible by seed
    lpks = list(Organization.objects.sending_organizations().order_by("code"))
    if not lpks:
        return 0
    support = organizations.get("tohoku-support")
    made = 0
    for spec, status in ORDERS:
        company = organizations.get(spec.company)
        by = _by(company.parent) if company and company.parent else None
        if company is None or by is None:
            continue
        start = today + datetime.timedelta(days=rng.randint(*START_DAYS[status]))
        details = _details(spec, company, start=start, lpks=lpks, rng=rng)
        if details is None:
            continue
        if details.programme == Track.SSW and support is not None and rng.random() < 0.5:
            details = dataclasses.replace(details, support_organization=support)
        try:
            order = actions.create_job_order(details=details, by=by)
        except ValidationError:
            continue  # the reference data in this database does not allow it; skip rather than guess
        made += 1
        _walk(order, spec.path, by=by, rng=rng)
    return made


def _walk(order: JobOrder, path: tuple[JobOrderStatus, ...], *, by: User, rng: random.Random) -> None:
    for status in path:
        reason = rng.choice(CANCEL_REASONS) if status == JobOrderStatus.CANCELLED else ""
        try:
            actions.change_job_order_status(job_order_id=order.pk, to=status, by=by, reason=reason)
        except actions.JobOrderError:
            return  # it does not fit the quota (or the rules): it stays where it is, as it would for an officer


def seed_japan(organizations: dict[str, Organization], *, seed: int, today: datetime.date) -> None:
    """Profiles and job orders for the demo organizations in Japan."""
    seed_profiles(organizations, today=today)
    seed_job_orders(organizations, seed=seed, today=today)
