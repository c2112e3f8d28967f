"""The certificate of completion (placements.certificates): what it says, in
Indonesian and Japanese, read back from the PDF; what it never says."""

from __future__ import annotations

import datetime

import pytest

from joborders.tests.world import Japan
from placements import certificates
from placements.certificates import PassedTest, certificate_for, months_between
from placements.models import Placement, SkillTest, SkillTestResult, StayStage, Upskilling, UpskillingKind
from placements.tests.builders import departed
from placements.tests.return_world import FLEW_HOME, WORK_STARTS, arrive, fly_home
from tests.cast import Cast
from tests.pdf import embedded_fonts, text_of

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2029, 8, 5)


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    """Budi's TITP placement with Sendai Steel (welding), completed and home."""
    placement = arrive(departed(cast, japan, cast.budi), by=cast.supervising_officer)
    fly_home(placement, by=cast.supervising_officer)
    placement.refresh_from_db()
    return placement


def test_it_states_the_placement_from_its_own_records(cast: Cast, placement: Placement) -> None:
    certificate = certificate_for(placement, on=ISSUED)

    assert certificate.katakana == "ブディ・サントソ"
    assert [(line.stage, line.started_on, line.ended_on) for line in certificate.stages] == [
        (StayStage.TITP_I, WORK_STARTS, FLEW_HOME)
    ]
    assert certificate.company == cast.company
    assert certificate.returned_on == FLEW_HOME
    assert certificate.months_in_japan == 36  # 1 July 2026 to 28 July 2029


def test_it_prints_both_languages_and_no_identity_data(cast: Cast, placement: Placement) -> None:
    tests = [
        PassedTest(
            name_id="Uji keterampilan dasar (pengelasan)",
            name_ja="技能検定基礎級（溶接）",
            passed_on=datetime.date(2027, 5, 20),
        )
    ]

    pdf = certificates.certificate_pdf(certificate_for(placement, skill_tests=tests, on=ISSUED))

    text = text_of(pdf)
    # Lines break where the columns end: compare without the spaces and breaks.
    flat = "".join(text.split())
    for expected in (
        "Budi Santoso",
        "ブディ・サントソ",
        "仙台製鋼株式会社",
        "JOE協同組合",
        "宮城県仙台市",
        "溶接",
        "手溶接",
        "2029年7月28日",
        "28 Juli 2029",
        "2026年7月1日",
        "技能検定基礎級（溶接）",
        "Uji keterampilan dasar (pengelasan)",
    ):
        assert "".join(expected.split()) in flat, expected
    assert cast.budi.nik not in text
    assert "Merdeka" not in text
    assert any("NotoSansCJK" in name.replace("-", "") for name in embedded_fonts(pdf))


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (datetime.date(2026, 8, 1), datetime.date(2029, 7, 31), 35),
        (datetime.date(2026, 8, 1), datetime.date(2029, 8, 1), 36),
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), 0),
        (datetime.date(2026, 1, 31), datetime.date(2026, 3, 1), 1),
    ],
)
def test_it_counts_whole_months_in_japan(first: datetime.date, last: datetime.date, months: int) -> None:
    assert months_between(first, last) == months


def test_it_refuses_a_placement_that_did_not_complete(cast: Cast, japan: Japan) -> None:
    working = arrive(departed(cast, japan, cast.budi), by=cast.supervising_officer)

    with pytest.raises(ValueError, match="did not end as completed"):
        certificate_for(working, on=ISSUED)


def test_it_reads_the_passed_skill_tests_in_both_languages(cast: Cast, placement: Placement) -> None:
    def taken(skill_test: SkillTest, result: SkillTestResult, day: datetime.date) -> None:
        Upskilling.objects.create(
            placement=placement,
            kind=UpskillingKind.SKILL_TEST,
            skill_test=skill_test,
            result=result,
            taken_on=day,
            recorded_by=cast.supervising_officer,
        )

    taken(SkillTest.GRADE_3, SkillTestResult.PASSED, datetime.date(2028, 6, 1))
    taken(SkillTest.BASIC, SkillTestResult.FAILED, datetime.date(2027, 2, 1))
    taken(SkillTest.BASIC, SkillTestResult.PASSED, datetime.date(2027, 4, 1))

    tests = certificates.passed_tests_of(placement)

    assert [test.passed_on for test in tests] == [datetime.date(2027, 4, 1), datetime.date(2028, 6, 1)]
    assert "技能検定基礎級" in tests[0].name_ja
    assert tests[0].name_id != tests[0].name_ja
