"""The Japanese résumé (placements.resumes): what it shows, read back from the
PDF, and what it never shows (NIK, street address, health details)."""

from __future__ import annotations

import datetime

import pytest

from joborders.tests.world import Japan
from lib import nik
from lib.katakana import suggest_katakana
from lib.tests import pdfs
from participants import actions
from participants.models import HealthResult, Participant, Status
from participants.tests.records import document, health_check, language_result
from placements import resumes
from placements.tests.resume_world import CLINIC, HEALTH_NOTES, JAPANESE_HOURS, WELDING_HOURS, record_everything
from privacy.actions import record_consent
from privacy.models import Purpose
from reference.models import DocumentKind, LanguageTest
from tests.cast import Cast, details
from tests.nik import make_nik

pytestmark = pytest.mark.usefixtures("media")

DAY = datetime.date(2026, 6, 1)


def _flat(text: str) -> str:
    """The PDF's text without its line breaks and spaces: table cells wrap."""
    return "".join(text.split())


def _printed(*participants: Participant, on: datetime.date = DAY) -> str:
    return _flat(pdfs.text(resumes.resume_pdf(resumes.resumes_for([p.pk for p in participants], on=on), on=on)))


@pytest.fixture
def budi(cast: Cast, japan: Japan) -> Participant:
    return record_everything(cast, japan, cast.budi)


def test_it_shows_the_name_trade_japanese_level_and_training(cast: Cast, budi: Participant) -> None:
    text = _printed(budi)

    assert "履歴書" in text
    assert "ブディ・サントソ" in text
    assert "BudiSantoso" in text
    assert _flat(resumes.trade_name(cast.programme)) in text
    assert "日本語能力試験（JLPT）N4合格（2026年2月）" in text
    assert f"{WELDING_HOURS}時間" in text
    assert f"{JAPANESE_HOURS}時間" in text
    assert "BBPVPBekasi" in text  # where the trade was learnt
    assert "LPKSakura" in text  # the sending organization
    assert "インドネシア" in text
    assert "JawaBarat" in text  # the province, from the NIK
    assert "男" in text


def test_it_shows_schooling_work_and_certificates_by_month(budi: Participant) -> None:
    text = _printed(budi)

    assert "20177SMKNegeri1Cikarang（職業高等学校）TeknikPengelasan入学" in text
    assert "20206SMKNegeri1Cikarang卒業" in text
    assert "20208PTBajaCikarang入社（welder'sassistant）" in text
    assert "202412PTBajaCikarang退社" in text
    assert "BNSPJuruLasTingkatII取得" in text
    assert "技能評価試験合格（TeknikLas3G）" in text


def test_it_never_shows_the_nik_the_address_or_health_details(budi: Participant) -> None:
    text = _printed(budi)

    assert budi.nik not in text
    assert _flat(nik.mask(budi.nik)) not in text
    assert budi.nik[-6:] not in text
    assert "Merdeka" not in text  # the street address
    assert _flat(HEALTH_NOTES) not in text
    assert _flat(CLINIC) not in text
    assert "良好" in text  # the one health word it shows


def test_it_says_fit_only_while_the_latest_check_is_fit_and_valid(cast: Cast, budi: Participant) -> None:
    assert resumes.resumes_for([budi.pk], on=DAY)[0].health == resumes.FIT
    # The check runs out on 2027-04-30.
    assert resumes.resumes_for([budi.pk], on=datetime.date(2027, 5, 1))[0].health == ""

    health_check(budi, cast.lpk_officer, result=HealthResult.CONDITIONAL)
    resume = resumes.resumes_for([budi.pk], on=DAY)[0]

    assert resume.health == ""
    assert "条件" not in _printed(budi)


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (datetime.date(2026, 5, 16), 23),  # budi was born on 2002-05-17
        (datetime.date(2026, 5, 17), 24),
        (datetime.date(2027, 5, 16), 24),
    ],
)
def test_it_counts_the_age_on_the_day(budi: Participant, day: datetime.date, age: int) -> None:
    text = _printed(budi, on=day)

    assert f"満{age}歳" in text
    assert "2002年5月17日（平成14年）生" in text
    assert f"{day.year}年{day.month}月{day.day}日" in text  # the résumé's date


def _photo_consent(cast: Cast, participant: Participant, *, given: bool) -> None:
    record_consent(
        participant_id=participant.pk, purpose=Purpose.PHOTO_TO_PARTNERS, given=given, by=cast.participant_user
    )


def test_it_shows_the_verified_photo_and_leaves_the_box_empty_without_one(cast: Cast, budi: Participant) -> None:
    _photo_consent(cast, budi, given=True)
    printed = resumes.resume_pdf(resumes.resumes_for([budi.pk, cast.siti.pk], on=DAY), on=DAY)

    assert pdfs.image_count(printed) == 1
    assert resumes.resumes_for([cast.siti.pk], on=DAY)[0].photo_url == ""


def test_it_leaves_out_the_photo_of_a_person_who_never_consented(budi: Participant) -> None:
    assert resumes.resumes_for([budi.pk], on=DAY)[0].photo_url == ""


def test_it_leaves_out_the_photo_once_the_consent_is_withdrawn(cast: Cast, budi: Participant) -> None:
    _photo_consent(cast, budi, given=True)
    assert resumes.resumes_for([budi.pk], on=DAY)[0].photo_url != ""

    _photo_consent(cast, budi, given=False)

    assert resumes.resumes_for([budi.pk], on=DAY)[0].photo_url == ""


def test_it_leaves_out_a_photo_no_one_verified(cast: Cast) -> None:
    document(cast.budi, DocumentKind.PHOTO, cast.participant_user)  # uploaded from the phone, not checked

    assert resumes.resumes_for([cast.budi.pk], on=DAY)[0].photo_url == ""


def test_it_spells_a_missing_katakana_name_and_says_so(cast: Cast) -> None:
    person = actions.register_participant(
        details=details(
            cast,
            full_name="Agus Salim",
            name_katakana="",
            nik=make_nik(datetime.date(2001, 2, 3), serial=77),
            birth_date=datetime.date(2001, 2, 3),
        ),
        by=cast.lpk_officer,
    )
    resume = resumes.resumes_for([person.pk], on=DAY)[0]

    assert resume.katakana == suggest_katakana("Agus Salim")
    assert resume.katakana_suggested
    assert "自動表記" in _printed(person)
    assert not resumes.resumes_for([cast.budi.pk], on=DAY)[0].katakana_suggested
    assert "自動表記" not in _printed(cast.budi)


def test_it_shows_the_japanese_trade_name_once_the_list_has_one(cast: Cast) -> None:
    programme = cast.programme
    assert resumes.trade_name(programme) == (getattr(programme, "name_ja", "") or "Welding")

    # As the ministry's list gives it once it carries Japanese names (a field another change adds).
    setattr(programme, "name_ja", "溶接")  # noqa: B010

    assert resumes.trade_name(programme) == "溶接"
    assert resumes.trade_name(None) == ""


def test_it_says_nothing_where_nothing_is_recorded(cast: Cast) -> None:
    text = _printed(cast.budi)

    assert "修了した職業訓練なし" in text
    assert "修了した講習なし" in text
    assert "良好" not in text


def test_it_shows_the_lpks_own_level_where_it_is_higher(cast: Cast, budi: Participant, japan: Japan) -> None:
    n3 = LanguageTest.objects.create(code="JLPT-N3", family="JLPT", level="N3", rank=30)
    language_result(budi, n3, cast.lpk_officer, in_house=True, taken_on=datetime.date(2026, 5, 10))

    levels = resumes.resumes_for([budi.pk], on=DAY)[0].japanese_levels

    assert levels == ("日本語能力試験（JLPT）N4 合格（2026年2月）", "N3相当（送出機関の評価、2026年5月）")


def test_it_reads_a_whole_shortlist_in_a_fixed_number_of_queries(
    cast: Cast, japan: Japan, django_assert_max_num_queries: object
) -> None:
    people = [record_everything(cast, japan, cast.budi)]
    for serial in range(3):
        birth = datetime.date(2000, 1, 1 + serial)
        person = actions.register_participant(
            details=details(
                cast, full_name=f"Peserta {serial}", nik=make_nik(birth, serial=200 + serial), birth_date=birth
            ),
            by=cast.lpk_officer,
        )
        people.append(person)

    with django_assert_max_num_queries(10):  # type: ignore[operator]
        found = resumes.resumes_for([p.pk for p in people], on=DAY)

    assert [r.full_name for r in found] == [p.full_name for p in people]


def test_it_keeps_the_participants_status_as_it_was(cast: Cast, budi: Participant) -> None:
    resumes.resume_pdf(resumes.resumes_for([budi.pk], on=DAY), on=DAY)

    assert Participant.objects.get(pk=budi.pk).status == Status.IN_TRAINING  # enrolled by the courses
