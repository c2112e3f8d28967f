"""The Japanese résumé (履歴書) of a candidate, as Japanese companies expect it
for technical interns: photo, name in katakana and Latin letters, birth date
and age, sex, nationality, province, schooling and work, the BLK trade and
its training hours, the LPK/SO's Japanese hours, the Japanese level,
certificates and a health line.

What it never holds: the NIK, the street address, or any health detail. The
health line says 良好 ("fit") when the latest check is fit and valid on the
day, and nothing otherwise (UU 27/2022: health is specific personal data).

The document is written in Japanese whoever downloads it, like a printed
form: the words on it are the form's, in this module and in
templates/pdf/resume.html, not the interface's. Everything for a whole
shortlist is read in a fixed number of queries, whatever its length.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from lib.japanese_dates import era_year, japanese_date, japanese_month
from lib.katakana import suggest_katakana
from lib.pdf import photo_data_url, render_pdf
from matching.models import Shortlist
from participants.models import (
    Document,
    Education,
    HealthCheck,
    LanguageResult,
    Participant,
    SchoolLevel,
    SchoolOutcome,
    Sex,
    WorkExperience,
)
from privacy.models import ConsentRecord, Purpose
from reference.models import DocumentKind, VocationalProgramme
from training.models import Assessment, AssessmentKind, CourseKind, Enrolment

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/resume.html"
# The résumé is dated, and ages counted, on the day in Japan, where it is read.
JAPAN = zoneinfo.ZoneInfo("Asia/Tokyo")
NATIONALITY = "インドネシア"
FIT = "良好"

SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}
SCHOOL_LEVEL = {
    SchoolLevel.PRIMARY: "小学校",
    SchoolLevel.JUNIOR_HIGH: "中学校",
    SchoolLevel.SENIOR_HIGH: "高等学校",
    SchoolLevel.VOCATIONAL_HIGH: "職業高等学校",
    SchoolLevel.DIPLOMA: "ディプロマ課程（D1〜D3）",
    SchoolLevel.BACHELOR: "大学",
}
SCHOOL_OUTCOME = {SchoolOutcome.GRADUATED: "卒業", SchoolOutcome.LEFT: "中途退学", SchoolOutcome.STUDYING: "在学中"}
PREPARATION = {
    CourseKind.LANGUAGE: "日本語",
    CourseKind.CULTURE: "日本の文化・職場の習慣",
    CourseKind.PHYSICAL: "体力づくり",
    CourseKind.ORIENTATION: "出国前オリエンテーション",
}
LANGUAGE_TESTS = {"JLPT": "日本語能力試験（JLPT）", "JFT-Basic": "国際交流基金日本語基礎テスト（JFT-Basic）"}


def trade_name(programme: VocationalProgramme | None) -> str:
    """The trade in Japanese where the ministry's list gives it (``name_ja``,
    added to the list with its Japanese names), else in English."""
    if programme is None:
        return ""
    return str(getattr(programme, "name_ja", "") or programme.name_en)


def resume_day() -> datetime.date:
    return timezone.localdate(timezone=JAPAN)


@dataclass(frozen=True)
class Row:
    """A dated line of a table: 年, 月, what happened."""

    year: str
    month: str
    text: str


def _row(day: datetime.date, text: str) -> Row:
    return Row(year=str(day.year), month=str(day.month), text=text)


@dataclass(frozen=True)
class TrainingRow:
    period: str
    provider: str
    subject: str
    course: str
    hours: int


@dataclass(frozen=True)
class Resume:
    participant_id: int
    full_name: str
    katakana: str
    # No katakana name recorded: the résumé shows lib.katakana's spelling, marked as such.
    katakana_suggested: bool
    sex: str
    birth_date: str
    birth_era: str
    age: int
    nationality: str
    home: str
    photo_url: str
    trade: str
    sending_organization: str
    education: tuple[Row, ...]
    work: tuple[Row, ...]
    skill_training: tuple[TrainingRow, ...]
    skill_hours: int
    preparation: tuple[TrainingRow, ...]
    japanese_hours: int
    japanese_levels: tuple[str, ...]
    qualifications: tuple[Row, ...]
    health: str


def resumes_for(participant_ids: Sequence[int], *, on: datetime.date) -> list[Resume]:
    """The résumés of these participants as of ``on``, in the order given."""
    read = _Records.load(participant_ids, on=on)
    return [read.resume(participant_id, on=on) for participant_id in participant_ids]


def resume_pdf(resumes: Sequence[Resume], *, on: datetime.date) -> bytes:
    """One PDF; each résumé starts on a new page and has its own bookmark."""
    return render_pdf(TEMPLATE, {"resumes": resumes, "as_of": japanese_date(on), "as_of_era": era_year(on)})


def record_downloads(*, by: User, participants: Iterable[Participant], shortlist: Shortlist | None = None) -> None:
    """One audit row per participant whose résumé left the system, in one insert."""
    detail: dict[str, object] = {"format": "pdf"}
    if shortlist is not None:
        detail |= {"shortlist": shortlist.pk, "job_order": shortlist.job_order_id}
    audit.record_many(
        audit.entry(actor=by, action=AuditAction.VIEWED_SENSITIVE, target=participant, changes={"resume": detail})
        for participant in participants
    )


# --- reading ------------------------------------------------------------------


class _Records:
    """Everything the résumés show, read for all participants at once."""

    def __init__(self) -> None:
        self.participants: dict[int, Participant] = {}
        self.education: dict[int, list[Education]] = defaultdict(list)
        self.work: dict[int, list[WorkExperience]] = defaultdict(list)
        self.enrolments: dict[int, list[Enrolment]] = defaultdict(list)
        self.results: dict[int, list[LanguageResult]] = defaultdict(list)
        self.latest_check: dict[int, HealthCheck] = {}
        self.photos: dict[int, Document] = {}

    @classmethod
    def load(cls, ids: Sequence[int], *, on: datetime.date) -> _Records:
        read = cls()
        read.participants = Participant.objects.select_related(
            "province", "vocational_programme", "sending_organization"
        ).in_bulk(ids)
        for row in Education.objects.filter(participant_id__in=ids).order_by("started_on", "id"):
            read.education[row.participant_id].append(row)
        for job in WorkExperience.objects.filter(participant_id__in=ids).order_by("started_on", "id"):
            read.work[job.participant_id].append(job)
        competency = Assessment.objects.filter(kind=AssessmentKind.COMPETENCY, passed=True).order_by("taken_on")
        completed = (
            Enrolment.objects.completed()
            .filter(participant_id__in=ids)
            .select_related("training_class__course__provider", "training_class__course__vocational_programme")
            .prefetch_related(Prefetch("assessments", queryset=competency, to_attr="competency"))
            .order_by("training_class__starts_on", "id")
        )
        for enrolment in completed:
            read.enrolments[enrolment.participant_id].append(enrolment)
        for result in LanguageResult.objects.filter(participant_id__in=ids).valid_on(on).select_related("level"):
            read.results[result.participant_id].append(result)
        for check in HealthCheck.objects.filter(participant_id__in=ids).latest_first():
            read.latest_check.setdefault(check.participant_id, check)
        # Uploads take photos as JPEG or PNG only, which WeasyPrint places as they are.
        # Only with the person's consent in force (privacy): a withdrawal leaves the box empty from the next résumé on.
        consenting = ConsentRecord.objects.in_force(Purpose.PHOTO_TO_PARTNERS).filter(participant_id__in=ids)
        photos = (
            Document.objects.current()
            .verified()
            .filter(participant_id__in=consenting.values("participant_id"), kind=DocumentKind.PHOTO)
        )
        read.photos = {photo.participant_id: photo for photo in photos}
        return read

    def resume(self, participant_id: int, *, on: datetime.date) -> Resume:
        person = self.participants[participant_id]
        enrolments = self.enrolments[participant_id]
        skill = [e for e in enrolments if e.training_class.course.kind == CourseKind.SKILL]
        preparation = [e for e in enrolments if e.training_class.course.kind in PREPARATION]
        katakana = person.name_katakana or suggest_katakana(person.full_name)
        check = self.latest_check.get(participant_id)
        photo = self.photos.get(participant_id)
        return Resume(
            participant_id=participant_id,
            full_name=person.full_name,
            katakana=katakana,
            katakana_suggested=not person.name_katakana and bool(katakana),
            sex=SEX[Sex(person.sex)],
            birth_date=japanese_date(person.birth_date),
            birth_era=era_year(person.birth_date),
            age=person.age_on(on),
            nationality=NATIONALITY,
            home=person.province.name,
            photo_url=_photo(photo) if photo else "",
            trade=trade_name(person.vocational_programme),
            sending_organization=_organization(person.sending_organization),
            education=tuple(row for school in self.education[participant_id] for row in _school_rows(school)),
            work=tuple(row for job in self.work[participant_id] for row in _job_rows(job)),
            skill_training=tuple(
                _training_row(e, subject=trade_name(e.training_class.course.vocational_programme)) for e in skill
            ),
            skill_hours=sum(e.credited_hours for e in skill),
            preparation=tuple(
                _training_row(e, subject=PREPARATION[CourseKind(e.training_class.course.kind)]) for e in preparation
            ),
            japanese_hours=sum(
                e.credited_hours for e in preparation if e.training_class.course.kind == CourseKind.LANGUAGE
            ),
            japanese_levels=_japanese_levels(self.results[participant_id]),
            qualifications=_qualifications(self.results[participant_id], enrolments),
            health=FIT if check is not None and check.is_fit_on(on) else "",
        )


# --- shaping ------------------------------------------------------------------

# The résumé's photo box, 縦4cm × 横3cm as Japanese résumés take it.
PHOTO_MM = (30, 40)


def _photo(document: Document) -> str:
    """The photo, read from the storage and scaled to its box; "" if its file is gone."""
    try:
        with document.file.open("rb") as stream:
            return photo_data_url(stream, width_mm=PHOTO_MM[0], height_mm=PHOTO_MM[1])
    except FileNotFoundError:
        logger.warning("The photo of participant %s is missing from the storage.", document.participant_id)
        return ""


def _school_rows(school: Education) -> list[Row]:
    name = f"{school.school}（{SCHOOL_LEVEL[SchoolLevel(school.level)]}）"
    major = f" {school.major}" if school.major else ""
    outcome = SCHOOL_OUTCOME[SchoolOutcome(school.outcome)]
    if school.ended_on is None:
        return [_row(school.started_on, f"{name}{major} 入学（{outcome}）")]
    return [_row(school.started_on, f"{name}{major} 入学"), _row(school.ended_on, f"{school.school} {outcome}")]


def _job_rows(job: WorkExperience) -> list[Row]:
    if job.ended_on is None:
        return [_row(job.started_on, f"{job.employer} 入社（{job.job}） 現在に至る")]
    return [_row(job.started_on, f"{job.employer} 入社（{job.job}）"), _row(job.ended_on, f"{job.employer} 退社")]


def _training_row(enrolment: Enrolment, *, subject: str) -> TrainingRow:
    course = enrolment.training_class.course
    start, end = enrolment.training_class.starts_on, enrolment.completed_on or enrolment.training_class.ends_on
    return TrainingRow(
        period=f"{japanese_month(start)}〜{japanese_month(end)}",
        provider=_organization(course.provider),
        subject=subject,
        course=course.name,
        hours=enrolment.credited_hours,
    )


def _organization(organization: Organization | None) -> str:
    """Its Japanese name where it has one: the reader is Japanese."""
    if organization is None:
        return ""
    return organization.name_ja or organization.name


def _test_name(result: LanguageResult) -> str:
    family = LANGUAGE_TESTS.get(result.level.family)
    name = f"{family}{result.level.level}" if family else f"{result.level.family} {result.level.level}"
    score = f"（{result.score}点）" if result.score is not None else ""
    return f"{name}{score}"


def _japanese_levels(results: list[LanguageResult]) -> tuple[str, ...]:
    """The best official result; the LPK/SO's own level too where it is higher."""
    official = max((r for r in results if not r.in_house), key=_strength, default=None)
    in_house = max((r for r in results if r.in_house), key=_strength, default=None)
    lines = []
    if official is not None:
        lines.append(f"{_test_name(official)} 合格（{japanese_month(official.taken_on)}）")
    if in_house is not None and (official is None or in_house.level.rank > official.level.rank):
        lines.append(f"{in_house.level.level}相当（送出機関の評価、{japanese_month(in_house.taken_on)}）")
    return tuple(lines)


def _strength(result: LanguageResult) -> tuple[int, datetime.date, int]:
    return result.level.rank, result.taken_on, result.pk


def _qualifications(results: list[LanguageResult], enrolments: list[Enrolment]) -> tuple[Row, ...]:
    rows = [(r.taken_on, f"{_test_name(r)} 合格") for r in results if not r.in_house]
    for enrolment in enrolments:
        course = enrolment.training_class.course
        if course.certificate:
            rows.append((enrolment.completed_on or enrolment.training_class.ends_on, f"{course.certificate} 取得"))
        rows += [
            (test.taken_on, f"技能評価試験 合格（{course.name}）") for test in getattr(enrolment, "competency", [])
        ]
    return tuple(_row(day, text) for day, text in sorted(rows, key=lambda row: row[0]))
