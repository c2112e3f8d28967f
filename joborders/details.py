"""What a partner enters about a job order, as one plain value.

The form builds it, the checks (``joborders.checks``) read it and the actions
(``joborders.actions``) save it. It lives on its own so that those imports run
one way: checks and actions both import it, and checks never import actions.
"""

from __future__ import annotations

import dataclasses
import datetime

from accounts.models import Organization
from joborders import numbers
from joborders.models import TitpStage
from reference.models import (
    ESDField,
    JobCategory,
    LanguageTest,
    Operation,
    Prefecture,
    SSWField,
    Track,
    VocationalProgramme,
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class JobOrderDetails:
    """Everything a partner enters about a job order (its status has its own action)."""

    company: Organization
    programme: Track
    title: str
    titp_stage: TitpStage | None
    job_category: JobCategory | None
    operation: Operation | None
    ssw_field: SSWField | None
    esd_field: ESDField | None
    business_category: str
    positions: int = numbers.whole(1)
    workplace_prefecture: Prefecture
    workplace_city: str
    workplace_city_ja: str
    monthly_wage_jpy: int = numbers.whole(1)
    hours_per_week: int = numbers.whole(1)
    working_hours_note: str
    housing_provided: bool
    housing_cost_jpy: int = numbers.whole(0)
    other_deductions_jpy: int = numbers.whole(0)
    deductions_note: str
    start_date: datetime.date
    interview_date: datetime.date | None
    interview_mode: str
    min_japanese_level: LanguageTest | None
    min_age: int | None = numbers.whole(0, optional=True)
    max_age: int | None = numbers.whole(0, optional=True)
    trade: VocationalProgramme | None
    experience_months: int = numbers.whole(0)
    experience_note: str
    notes: str
    support_organization: Organization | None
    sending_organizations: tuple[Organization, ...]
