"""Education and work history (participants.background_forms, the
participant_background page, actions.save_background): recorded by whoever
may change the record, as months, checked against the birth date and today,
saved all together with an audit row, refused when someone changed it
meanwhile; the form keeps what was typed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEntry
from participants import actions
from participants.models import Education, SchoolLevel, SchoolOutcome, WorkExperience
from tests.cast import Cast

SMK = {
    "level": SchoolLevel.VOCATIONAL_HIGH,
    "school": "SMK Negeri 1 Cikarang",
    "major": "Teknik Pengelasan",
    "started_on": "2017-07",
    "ended_on": "2020-06",
    "outcome": SchoolOutcome.GRADUATED,
}
JOB = {"employer": "PT Baja Cikarang", "job": "welder's assistant", "started_on": "2020-08", "ended_on": "2024-12"}
BLANK_SCHOOL = dict.fromkeys(SMK, "")
BLANK_JOB = dict.fromkeys(JOB, "")


def _url(cast: Cast) -> str:
    return reverse("participant_background", args=[cast.budi.pk])


def _rows(prefix: str, rows: list[dict[str, str]], *, stored: int, delete: frozenset[int]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(stored),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "12",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
        if index in delete:
            data[f"{prefix}-{index}-DELETE"] = "on"
    return data


def _post(
    client: Client,
    cast: Cast,
    education: list[dict[str, str]],
    work: list[dict[str, str]],
    *,
    fingerprint: str | None = None,
    stored: tuple[int, int] = (0, 0),
    delete: frozenset[int] = frozenset(),
) -> Any:
    """The page as a browser posts it: ``stored`` rows of each table came
    filled from the database, ``delete`` are the school rows ticked for removal."""
    data = (
        {"fingerprint": fingerprint or actions.background_fingerprint(cast.budi.pk)}
        | _rows("education", education, stored=stored[0], delete=delete)
        | _rows("work", work, stored=stored[1], delete=frozenset())
    )
    return client.post(_url(cast), data)


@pytest.fixture
def officer(english: Client, cast: Cast) -> Client:
    english.force_login(cast.lpk_officer)
    return english


def _next_month() -> str:
    today = timezone.localdate()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


def test_it_saves_schools_and_jobs_as_months(officer: Client, cast: Cast) -> None:
    junior = {**SMK, "level": SchoolLevel.JUNIOR_HIGH, "school": "SMP Negeri 3 Bekasi", "major": ""}
    junior |= {"started_on": "07/2014", "ended_on": "06/2017"}  # typed as people write months too

    response = _post(officer, cast, [junior, SMK, BLANK_SCHOOL], [JOB, BLANK_JOB])

    assert response.status_code == 302
    assert response["Location"].endswith(f"/participants/{cast.budi.pk}/#background")
    schools = list(Education.objects.filter(participant=cast.budi).order_by("started_on"))
    assert [(s.school, s.started_on, s.ended_on) for s in schools] == [
        ("SMP Negeri 3 Bekasi", datetime.date(2014, 7, 1), datetime.date(2017, 6, 1)),
        ("SMK Negeri 1 Cikarang", datetime.date(2017, 7, 1), datetime.date(2020, 6, 1)),
    ]
    (job,) = WorkExperience.objects.filter(participant=cast.budi)
    assert (job.employer, job.job, job.ended_on) == (
        "PT Baja Cikarang",
        "welder's assistant",
        datetime.date(2024, 12, 1),
    )
    page = officer.get(reverse("participant_detail", args=[cast.budi.pk])).content.decode()
    assert "SMK Negeri 1 Cikarang" in page
    assert "PT Baja Cikarang" in page


def test_it_writes_an_audit_row_with_before_and_after(officer: Client, cast: Cast) -> None:
    _post(officer, cast, [SMK], [])

    (row,) = AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.UPDATED)
    assert row.actor == cast.lpk_officer
    assert row.changes == {
        "education": [None, "2017-07–2020-06 smk SMK Negeri 1 Cikarang (Teknik Pengelasan) graduated"]
    }


def test_it_shows_the_stored_rows_and_removes_a_ticked_one(officer: Client, cast: Cast) -> None:
    _post(officer, cast, [SMK], [JOB])
    page = officer.get(_url(cast)).content.decode()
    assert 'value="SMK Negeri 1 Cikarang"' in page
    assert 'value="2017-07"' in page

    response = _post(officer, cast, [SMK, BLANK_SCHOOL], [JOB, BLANK_JOB], stored=(1, 1), delete=frozenset({0}))

    assert response.status_code == 302
    assert not Education.objects.filter(participant=cast.budi).exists()
    assert WorkExperience.objects.filter(participant=cast.budi).count() == 1


def test_a_school_still_attended_has_no_end(officer: Client, cast: Cast) -> None:
    studying = {**SMK, "ended_on": "", "outcome": SchoolOutcome.STUDYING}

    assert _post(officer, cast, [studying], []).status_code == 302
    assert Education.objects.get(participant=cast.budi).ended_on is None


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({**SMK, "ended_on": "2016-06"}, "ended_on", "This month is before the start."),
        ({**SMK, "started_on": "2001-01"}, "started_on", "This is before the date of birth."),
        ({**SMK, "started_on": "2020-13"}, "started_on", "Enter a month as year and month, e.g. 2020-06."),
        ({**SMK, "ended_on": ""}, "ended_on", "Give the month the person left this school."),
        ({**SMK, "outcome": SchoolOutcome.STUDYING}, "ended_on", "Leave this empty for someone still studying there."),
        ({**SMK, "school": ""}, "school", "This field is required."),
    ],
)
def test_it_refuses_a_wrong_school_at_its_field_and_keeps_what_was_typed(
    officer: Client, cast: Cast, row: dict[str, str], field: str, message: str
) -> None:
    response = _post(officer, cast, [row], [JOB])

    assert response.status_code == 400
    form = response.context["forms"].education.forms[0]
    assert message in form.errors[field]
    assert f'value="{JOB["employer"]}"' in response.content.decode()  # the rest of the page as typed
    assert not Education.objects.exists()
    assert not WorkExperience.objects.exists()


def test_it_refuses_a_month_that_has_not_come(officer: Client, cast: Cast) -> None:
    response = _post(officer, cast, [], [{**JOB, "ended_on": _next_month()}])

    assert response.status_code == 400
    assert "This month has not come yet." in response.context["forms"].work.forms[0].errors["ended_on"]


def test_it_refuses_a_save_based_on_an_older_copy(officer: Client, cast: Cast) -> None:
    stale = actions.background_fingerprint(cast.budi.pk)
    _post(officer, cast, [SMK], [])  # someone else's save meanwhile

    response = _post(officer, cast, [], [JOB], fingerprint=stale)

    assert response.status_code == 400
    assert "Someone else changed this education and work history" in response.content.decode()
    assert f'value="{JOB["employer"]}"' in response.content.decode()
    assert Education.objects.filter(participant=cast.budi).count() == 1
    assert not WorkExperience.objects.exists()


@pytest.mark.parametrize(
    "persona", ["lpk_viewer", "other_lpk_officer", "company_officer", "participant_user", "outsider"]
)
def test_only_those_who_change_the_record_edit_it(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))

    assert client.get(_url(cast)).status_code == 404
    assert _post(client, cast, [SMK], []).status_code == 404
    assert not Education.objects.exists()
