"""The pages about work in Japan (placements.views.stay), through the test
client: recording the arrival, a stage move and upskilling with errors at the
field, the lists and a prefecture's counts."""

from __future__ import annotations

import datetime

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from audit.models import AuditEntry
from joborders.tests.world import Japan, on_day
from participants.models import Status
from placements.actions.arrival import NotAwaitingArrival
from placements.models import Placement, SkillTest, StagePeriod, StayStage, Upskilling
from placements.tests.builders import departed
from placements.tests.moves_world import sitis_placement
from placements.tests.stay_world import ARRIVAL, STAGE_I_ENDS, passed, working
from tests.cast import Cast

pytestmark = pytest.mark.django_db

ARRIVAL_FORM = {
    "arrived_on": ARRIVAL.arrived_on.isoformat(),
    "work_starts_on": ARRIVAL.work_starts_on.isoformat(),
    "work_site": ARRIVAL.work_site,
    "residence_card_number": "ab12345678cd",
    "residence_card_expires_on": ARRIVAL.residence_card_expires_on.isoformat(),
    "residence_status": "",
}


def signed_in(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


# --- the arrival ------------------------------------------------------------------------


def test_it_records_the_arrival_from_the_page(client: Client, cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)

    response = signed_in(client, cast.supervising_officer).post(f"/placements/{placement.pk}/arrival/", ARRIVAL_FORM)

    assert response.status_code == 302
    assert response["Location"] == f"/placements/{placement.pk}/"
    placement.refresh_from_db()
    assert placement.arrived_on == ARRIVAL.arrived_on
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.PLACED


def test_it_puts_a_refused_arrival_at_its_field_on_the_japanese_page(client: Client, cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)
    client = signed_in(client, cast.company_officer)

    with translation.override("ja"):
        response = client.post(
            f"/placements/{placement.pk}/arrival/",
            {**ARRIVAL_FORM, "residence_card_number": "AB1234567CD"},
            headers={"accept-language": "ja"},
        )

    assert response.status_code == 400
    assert response.context["form"].errors["residence_card_number"]
    assert 'lang="ja"' in response.content.decode()
    placement.refresh_from_db()
    assert placement.arrived_on is None
    assert not StagePeriod.objects.exists()


def test_it_answers_a_second_arrival_on_the_form(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)

    response = signed_in(client, cast.company_officer).post(f"/placements/{placement.pk}/arrival/", ARRIVAL_FORM)

    assert response.status_code == 400
    placement.refresh_from_db()
    with translation.override("id"):  # the page's language: Indonesian by default
        already = str(NotAwaitingArrival(placement))
    assert already in response.context["form"].non_field_errors()
    assert StagePeriod.objects.count() == 1


@pytest.mark.parametrize("path", ["arrival/", "stage/", "upskilling/new/"])
def test_it_keeps_the_forms_from_readers_and_wrong_methods(client: Client, cast: Cast, japan: Japan, path: str) -> None:
    placement = working(cast, japan)
    url = f"/placements/{placement.pk}/{path}"

    assert client.get(url).status_code == 302  # to the login page
    assert signed_in(Client(), cast.lpk_officer).post(url, {}).status_code == 404  # reads, does not record
    assert signed_in(Client(), cast.embassy_officer).post(url, {}).status_code == 404
    assert signed_in(Client(), cast.outsider).get(url).status_code == 404
    assert signed_in(Client(), cast.company_officer).put(url).status_code == 405


# --- the stage move ---------------------------------------------------------------------


def post_move(client: Client, cast: Cast, placement: Placement, *, version: int) -> HttpResponse:
    """The move to stage ii posted the day after stage i ended, signed in that day."""
    moves_on = STAGE_I_ENDS + datetime.timedelta(days=1)
    with on_day(moves_on):
        signed_in(client, cast.supervising_officer)
        return client.post(  # type: ignore[return-value]
            f"/placements/{placement.pk}/stage/",
            {"moves_on": moves_on.isoformat(), "version": version},
            headers={"accept-language": "en"},
        )


def test_it_moves_the_stage_from_the_page(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2026, 11, 20))
    placement.refresh_from_db()

    response = post_move(client, cast, placement, version=placement.version)

    assert response.status_code == 302
    assert response["Location"] == f"/placements/{placement.pk}/"
    placement.refresh_from_db()
    assert placement.stage == StayStage.TITP_II


def test_it_shows_the_rules_refusal_on_the_move_form(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)

    response = post_move(client, cast, placement, version=placement.version)

    assert response.status_code == 400
    content = response.content.decode()
    assert "not passed: stage ii requires it" in content
    # What held is shown too, the rule's whole answer.
    assert "within the 60-month limit" in content
    placement.refresh_from_db()
    assert placement.stage == StayStage.TITP_I


def test_it_refuses_a_move_from_an_older_copy_of_the_page(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2026, 11, 20))

    response = post_move(client, cast, placement, version=placement.version - 1)

    assert response.status_code == 400
    assert "changed this placement meanwhile" in response.content.decode()


# --- upskilling ---------------------------------------------------------------------------


def test_it_records_a_skill_test_from_the_page(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    form = {"kind": "skill_test", "skill_test": "basic", "result": "passed", "taken_on": "2026-05-25"}

    response = signed_in(client, cast.company_officer).post(f"/placements/{placement.pk}/upskilling/new/", form)

    assert response.status_code == 302
    record = Upskilling.objects.get()
    assert (record.skill_test, record.result, record.recorded_by) == ("basic", "passed", cast.company_officer)
    assert AuditEntry.objects.for_object(record).exists()


def test_it_puts_a_test_without_result_at_its_field(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    form = {"kind": "skill_test", "skill_test": "basic", "result": "", "taken_on": "2026-05-25"}

    response = signed_in(client, cast.company_officer).post(f"/placements/{placement.pk}/upskilling/new/", form)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["result"]
    assert not Upskilling.objects.exists()


def test_it_corrects_a_record_from_a_form_filled_with_it(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    record = passed(cast, placement, SkillTest.BASIC, on=datetime.date(2026, 5, 25))
    writer = signed_in(client, cast.company_officer)
    url = f"/placements/{placement.pk}/upskilling/{record.pk}/"

    shown = writer.get(url)
    assert shown.context["form"].initial["result"] == "passed"
    form = {"kind": "skill_test", "skill_test": "basic", "result": "failed", "taken_on": "2026-05-25", "version": "1"}
    response = writer.post(url, form)

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.result, record.version) == ("failed", 2)


def test_it_keeps_what_was_typed_when_a_correction_is_refused(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    record = passed(cast, placement, SkillTest.BASIC, on=datetime.date(2026, 5, 25))
    form = {"kind": "skill_test", "skill_test": "basic", "result": "", "taken_on": "2026-05-26", "version": "1"}

    response = signed_in(client, cast.company_officer).post(f"/placements/{placement.pk}/upskilling/{record.pk}/", form)

    assert response.status_code == 400
    assert response.context["form"]["taken_on"].value() == "2026-05-26"
    record.refresh_from_db()
    assert (record.result, record.version) == ("passed", 1)


def test_it_shows_a_stale_correction_the_record_as_it_is_now(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    record = passed(cast, placement, SkillTest.BASIC, on=datetime.date(2026, 5, 25))
    Upskilling.objects.filter(pk=record.pk).update(result="failed", version=2)
    form = {"kind": "skill_test", "skill_test": "basic", "result": "passed", "taken_on": "2026-05-25", "version": "1"}
    url = f"/placements/{placement.pk}/upskilling/{record.pk}/"

    response = signed_in(client, cast.company_officer).post(url, form, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert response.context["form"].initial["result"] == "failed"
    record.refresh_from_db()
    assert record.result == "failed"


def test_it_finds_no_record_of_another_placement(client: Client, cast: Cast, japan: Japan) -> None:
    budis = working(cast, japan)
    sitis = sitis_placement(cast)
    record = Upskilling.objects.create(
        placement=sitis,
        kind="course",
        title="玉掛け",
        taken_on=datetime.date(2026, 5, 25),
        recorded_by=cast.ministry_admin,
    )

    response = signed_in(client, cast.company_officer).get(f"/placements/{budis.pk}/upskilling/{record.pk}/")

    assert response.status_code == 404


# --- the pages ------------------------------------------------------------------------


def test_it_shows_the_placement_with_its_stage_end_and_the_test_still_needed(
    client: Client, cast: Cast, japan: Japan
) -> None:
    placement = working(cast, japan)

    response = signed_in(client, cast.company_officer).get(
        f"/placements/{placement.pk}/", headers={"accept-language": "en"}
    )

    content = response.content.decode()
    assert "21 June 2027" in content
    assert "not passed yet" in content
    assert f"/placements/{placement.pk}/stage/" in content
    assert f"/placements/{placement.pk}/upskilling/new/" in content


def test_it_offers_the_arrival_where_it_is_awaited(client: Client, cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)

    writer = signed_in(client, cast.supervising_officer).get(f"/placements/{placement.pk}/")
    reader = signed_in(Client(), cast.embassy_officer).get(f"/placements/{placement.pk}/")

    assert f"/placements/{placement.pk}/arrival/" in writer.content.decode()
    assert f"/placements/{placement.pk}/arrival/" not in reader.content.decode()


def test_it_shows_the_participant_their_own_work_on_the_phone_page(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)

    response = signed_in(client, cast.participant_user).get(
        f"/placements/{placement.pk}/", headers={"accept-language": "en"}
    )

    assert next(t.name for t in response.templates) == "placements/stay_mine.html"
    content = response.content.decode()
    assert "This stage ends on 21 June 2027." in content
    assert "pass this test before your stage ends" in content
    # Their record links the page.
    record = client.get(f"/participants/{cast.budi.pk}/", headers={"accept-language": "en"})
    assert f"/placements/{placement.pk}/" in record.content.decode()


def test_it_lists_the_workers_in_japan_with_filters(client: Client, cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    client = signed_in(client, cast.embassy_officer)

    assert list(client.get("/placements/in-japan/").context["page"]) == [placement]
    assert list(client.get("/placements/in-japan/?stage=titp_ii").context["page"]) == []
    assert list(client.get("/placements/in-japan/?q=budi").context["page"]) == [placement]
    assert list(client.get("/placements/in-japan/?q=siti").context["page"]) == []
    # Too short to look up: refused with the reason, and the list as if nothing were typed.
    too_short = client.get("/placements/in-japan/?q=bu")
    assert too_short.context["form"].has_error("q", code="too_short")
    assert 'id="id_q_error"' in too_short.content.decode()
    assert list(too_short.context["page"]) == [placement]
    assert list(client.get(f"/placements/in-japan/?prefecture={japan.miyagi.pk}").context["page"]) == [placement]


def test_it_lists_only_the_companys_own_placements(client: Client, cast: Cast, japan: Japan) -> None:
    working(cast, japan)

    other = signed_in(client, japan.other_company_officer).get("/placements/in-japan/")

    # Nagoya Metal's officer belongs to a company: the list is theirs, and empty.
    assert other.status_code == 200
    assert list(other.context["page"]) == []


def test_it_counts_the_prefectures_workers_without_naming_anyone(client: Client, cast: Cast, japan: Japan) -> None:
    working(cast, japan)
    cast.prefecture.prefecture = japan.miyagi
    cast.prefecture.save(update_fields=["prefecture"])

    response = signed_in(client, cast.prefecture_officer).get(
        "/placements/prefecture/", headers={"accept-language": "en"}
    )

    figures = response.context["figures"]
    assert figures.in_japan == 1
    assert [(row.label, row.count) for row in figures.by_stage] == [("TITP stage i", 1)]
    assert [(row.label, row.count) for row in figures.by_programme] == [("Technical Intern Training (TITP)", 1)]
    assert [row.count for row in figures.by_job_category] == [1]
    assert "Budi" not in response.content.decode()


def test_it_links_the_arrival_to_record_from_the_list_for_its_recorders(
    client: Client, cast: Cast, japan: Japan
) -> None:
    placement = departed(cast, japan, cast.budi)
    arrival_form = f"/placements/{placement.pk}/arrival/"

    writer = signed_in(client, cast.supervising_officer).get("/placements/in-japan/")
    reader = signed_in(Client(), cast.embassy_officer).get("/placements/in-japan/")

    assert arrival_form in writer.content.decode()
    assert arrival_form not in reader.content.decode()
    assert list(reader.context["page"]) == [placement]
