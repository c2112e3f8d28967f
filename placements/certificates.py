"""The certificate of completion (sertifikat / 修了証明書): a returnee's years
in Japan on one page, in Indonesian and in Japanese side by side, for the
employers and offices at home that ask what the person did there.

It names the programme and each stage served (from the placement's stage
periods), the employer and the supervising organization in Japanese, the
prefecture, the job category and operation (or SSW field), the dates, and
the skill tests passed in Japan. It carries no NIK, address or health data:
the certificate is shown to strangers.

``certificate_for`` takes the skill tests as an argument (``PassedTest``
rows); ``passed_tests_of`` reads them from the placement's upskilling
records, each named in Indonesian and in Japanese.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone, translation

from accounts.models import Organization, User
from audit import actions as audit
from lib.pdf import render_pdf
from placements.models import Ending, HomeReturn, Placement, PlacementStatus, StagePeriod, StayStage, Upskilling
from placements.zones import JAKARTA
from reference.models import JobCategory, Operation, SSWField

TEMPLATE = "placements/return_certificate_pdf.html"


@dataclass(frozen=True)
class PassedTest:
    """A skill test passed in Japan (技能検定基礎級, 随時3級, an SSW skill test)."""

    name_id: str
    name_ja: str
    passed_on: datetime.date


def passed_tests_of(placement: Placement) -> tuple[PassedTest, ...]:
    """The skill tests passed during ``placement``, oldest first, named in both languages."""
    passed = placement.upskilling.passed_tests().order_by("taken_on", "pk")
    return tuple(
        PassedTest(name_id=_named(test, "id"), name_ja=_named(test, "ja"), passed_on=test.taken_on) for test in passed
    )


def _named(test: Upskilling, language: str) -> str:
    with translation.override(language):
        return str(test.get_skill_test_display())


@dataclass(frozen=True)
class StageLine:
    stage: StayStage
    started_on: datetime.date
    ended_on: datetime.date | None

    @property
    def label(self) -> str:
        return str(self.stage.label)


@dataclass(frozen=True)
class Certificate:
    number: str
    full_name: str
    katakana: str
    stages: tuple[StageLine, ...]
    company: Organization
    supervising_organization: Organization | None
    support_organization: Organization | None
    prefecture_ja: str
    prefecture_en: str
    work_city: str
    work_city_ja: str
    job_category: JobCategory | None
    operation: Operation | None
    ssw_field: SSWField | None
    arrived_on: datetime.date | None
    ended_on: datetime.date
    returned_on: datetime.date | None
    months_in_japan: int
    skill_tests: tuple[PassedTest, ...]
    issued_on: datetime.date


def is_certified(placement: Placement) -> bool:
    """A certificate of completion is given for a placement that ended completed."""
    return placement.status == PlacementStatus.ENDED and placement.ending == Ending.COMPLETED


def issue_day() -> datetime.date:
    """Issued at home, on Jakarta's date."""
    return timezone.localdate(timezone=JAKARTA)


def certificate_for(placement: Placement, *, skill_tests: Sequence[PassedTest] = (), on: datetime.date) -> Certificate:
    """What the certificate says about ``placement`` (ended as completed)."""
    if not is_certified(placement) or placement.ended_on is None:
        raise ValueError(f"placement {placement.pk} did not end as completed")
    periods = StagePeriod.objects.filter(placement=placement).order_by("started_on", "id")
    home = HomeReturn.objects.filter(placement=placement).first()
    participant = placement.participant
    return Certificate(
        number=f"JBT-{placement.pk:06d}",
        full_name=participant.full_name,
        katakana=participant.name_katakana,
        stages=tuple(StageLine(StayStage(p.stage), p.started_on, p.ended_on) for p in periods),
        company=placement.company,
        supervising_organization=placement.supervising_organization,
        support_organization=placement.support_organization,
        prefecture_ja=placement.prefecture.name_ja,
        prefecture_en=placement.prefecture.name_en,
        work_city=placement.work_city,
        work_city_ja=placement.work_city_ja,
        job_category=placement.job_category,
        operation=placement.operation,
        ssw_field=placement.ssw_field,
        arrived_on=placement.arrived_on,
        ended_on=placement.ended_on,
        returned_on=home.returned_on if home else None,
        months_in_japan=months_between(placement.arrived_on or placement.starts_on, placement.ended_on),
        skill_tests=tuple(sorted(skill_tests, key=lambda test: test.passed_on)),
        issued_on=on,
    )


def months_between(first: datetime.date, last: datetime.date) -> int:
    """Whole months from ``first`` to ``last``: 1 August to 31 July is 11."""
    months = (last.year - first.year) * 12 + last.month - first.month
    return max(0, months - (1 if last.day < first.day else 0))


def certificate_pdf(certificate: Certificate) -> bytes:
    return render_pdf(TEMPLATE, {"certificate": certificate})


def record_download(*, by: User, placement: Placement) -> None:
    """Every download is recorded: the certificate names where the person worked."""
    audit.record_sensitive_view(actor=by, target=placement, fields=["certificate.pdf"])
