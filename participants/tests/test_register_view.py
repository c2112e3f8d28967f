"""Registering a participant through the page: the NIK is checked against the
birth date and sex it encodes, a duplicate is refused, and a refused form
keeps everything that was typed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from audit.models import AuditAction, AuditEntry
from participants.models import Participant, Status
from tests.cast import Cast
from tests.nik import make_nik

BIRTH = datetime.date(2003, 8, 17)


def _form(cast: Cast, **overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Dewi Lestari",
        "name_katakana": "",
        "nik": make_nik(BIRTH, sex="F", serial=77),
        "sex": "F",
        "birth_date": BIRTH.isoformat(),
        "birth_place": "Semarang",
        "address": "Jl. Pemuda 5, Semarang",
        "phone": "0812-3456-7890",
        "email": "dewi@example.org",
        "vocational_programme": str(cast.programme.pk),
        "training_centre": str(cast.blk.pk),
        "sending_organization": str(cast.lpk.pk),
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(client: Client, cast: Cast) -> Client:
    client.force_login(cast.lpk_officer)
    return client


def test_it_registers_a_participant_and_records_who_did_it(officer: Client, cast: Cast) -> None:
    response = officer.post("/participants/new/", _form(cast))
    dewi = Participant.objects.get(full_name="Dewi Lestari")
    assert response.status_code == 302
    assert response["Location"] == f"/participants/{dewi.pk}/"
    assert dewi.status == Status.REGISTERED
    assert dewi.province == cast.province
    assert dewi.history.get().changed_by == cast.lpk_officer
    entry = AuditEntry.objects.for_object(dewi).get(action=AuditAction.CREATED)
    assert entry.actor == cast.lpk_officer
    assert entry.changes["nik"] == ["•••", "•••"]  # the log never holds the NIK itself
    assert entry.changes["full_name"] == [None, "Dewi Lestari"]


def test_it_suggests_katakana_when_none_is_typed(officer: Client, cast: Cast) -> None:
    officer.post("/participants/new/", _form(cast))
    assert Participant.objects.get(full_name="Dewi Lestari").name_katakana == "デウィ・レスタリ"


def test_it_keeps_the_katakana_the_user_typed(officer: Client, cast: Cast) -> None:
    officer.post("/participants/new/", _form(cast, name_katakana="デヴィ・レスタリ"))
    assert Participant.objects.get(full_name="Dewi Lestari").name_katakana == "デヴィ・レスタリ"


def test_it_accepts_a_nik_typed_with_spaces(officer: Client, cast: Cast) -> None:
    nik = make_nik(BIRTH, sex="F", serial=77)
    officer.post("/participants/new/", _form(cast, nik=f"{nik[:6]} {nik[6:12]} {nik[12:]}"))
    assert Participant.objects.with_nik(nik).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"nik": "32160157080"}, "nik", "wrong_length"),
        ({"nik": "3216015708030077123"}, "nik", "wrong_length"),
        ({"nik": "32160157O8030077"}, "nik", "not_digits"),
        ({"nik": "3216019908030077"}, "nik", "bad_date"),
        ({"nik": "9916015708030077"}, "nik", "unknown_province"),
        ({"birth_date": "2003-08-18"}, "birth_date", "nik_birth_date"),
        ({"sex": "M"}, "sex", "nik_sex"),
        ({"nik": make_nik(BIRTH, sex="M", serial=77), "sex": "F"}, "sex", "nik_sex"),
    ],
)
def test_it_refuses_a_nik_that_does_not_fit(
    officer: Client, cast: Cast, overrides: dict[str, str], field: str, code: str
) -> None:
    before = Participant.objects.count()
    response = officer.post("/participants/new/", _form(cast, **overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error(field, code), form.errors.as_json()
    assert Participant.objects.count() == before


def test_it_refuses_a_duplicate_nik_and_keeps_what_was_typed(officer: Client, cast: Cast) -> None:
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the assertions read the English message
    budi = cast.budi  # enrolled with the officer's own LPK/SO
    typed = _form(cast, nik=budi.nik, full_name="Budi S.", sex="M", birth_date=budi.birth_date.isoformat())
    response = officer.post("/participants/new/", typed)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("nik", "duplicate")
    assert "already registered" in str(form.errors["nik"])
    for name in ("full_name", "address", "phone", "email", "birth_place"):
        assert form[name].value() == typed[name]
    assert 'value="Budi S."' in response.content.decode()
    assert Participant.objects.with_nik(budi.nik).count() == 1


def test_a_nik_held_by_someone_the_officer_may_not_change_gets_the_neutral_answer(officer: Client, cast: Cast) -> None:
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    typed = _form(cast, nik=cast.siti.nik, full_name="Siti Aminah Putri", sex="F", birth_date="2001-03-09")
    response = officer.post("/participants/new/", typed)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("nik", "not_yours")
    assert "Your organization cannot register this NIK" in str(form.errors["nik"])
    # The officer's LPK cannot see Siti: the message must not say who she is, or that she is registered.
    assert "Siti Aminah" not in str(form.errors)
    assert "already registered" not in str(form.errors)
    assert form["full_name"].value() == "Siti Aminah Putri"
    assert Participant.objects.with_nik(cast.siti.nik).count() == 1


def test_it_enrols_an_lpk_officers_registrations_with_their_own_lpk(officer: Client, cast: Cast) -> None:
    response = officer.post("/participants/new/", _form(cast, sending_organization=str(cast.other_lpk.pk)))
    assert response.status_code == 400
    assert response.context["form"].has_error("sending_organization")
    response = officer.post("/participants/new/", _form(cast, sending_organization=""))
    assert response.context["form"].has_error("sending_organization", "required")


def test_it_lets_a_blk_officer_register_only_under_their_own_centre(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    response = client.post("/participants/new/", _form(cast, training_centre=str(cast.other_blk.pk)))
    assert response.context["form"].has_error("training_centre")
    response = client.post("/participants/new/", _form(cast, sending_organization=""))
    assert response.status_code == 302  # a BLK may register before any LPK/SO is chosen


def _suggested(client: Client, **query: str) -> str:
    html = client.get("/participants/katakana/", query).content.decode()
    return html.split('name="name_katakana"')[1].split('value="')[1].split('"')[0]


def test_it_suggests_katakana_while_typing_but_never_overwrites_the_users_own(officer: Client) -> None:
    assert _suggested(officer, full_name="Agus", name_katakana="", katakana_suggested="") == "アグス"
    following = _suggested(officer, full_name="Agus Salim", name_katakana="アグス", katakana_suggested="アグス")
    assert following == "アグス・サリム"
    own = _suggested(officer, full_name="Agus Salim", name_katakana="アグース", katakana_suggested="アグス")
    assert own == "アグース"


@pytest.mark.parametrize("birth", [datetime.date(2024, 3, 1), datetime.date(2009, 6, 2)])  # 2, and 17 tomorrow
def test_it_refuses_an_age_no_candidate_has_as_the_import_does(
    officer: Client, cast: Cast, birth: datetime.date
) -> None:
    officer.cookies["django_language"] = "en"
    with time_machine.travel(datetime.date(2026, 6, 1)):
        response = officer.post(
            "/participants/new/", _form(cast, nik=make_nik(birth, sex="F", serial=77), birth_date=birth.isoformat())
        )
    assert response.status_code == 400
    assert response.context["form"].has_error("birth_date", "too_young")
    assert "participants are registered from the age of 17" in response.content.decode()


def test_it_registers_a_person_on_their_seventeenth_birthday(officer: Client, cast: Cast) -> None:
    birth = datetime.date(2009, 6, 1)
    with time_machine.travel(datetime.date(2026, 6, 1)):
        response = officer.post(
            "/participants/new/", _form(cast, nik=make_nik(birth, sex="F", serial=77), birth_date=birth.isoformat())
        )
    assert response.status_code == 302
