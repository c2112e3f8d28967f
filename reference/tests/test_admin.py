"""The admin at /admin/: ministry admins only, every change audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.admin_site import MinistryAdminSite
from accounts.models import User
from audit.models import AuditAction, AuditEntry
from reference import manifest
from reference.models import (
    ExchangeRate,
    JobCategory,
    ListKind,
    ListVersion,
    Operation,
    Prefecture,
    SendingProgramme,
    VocationalProgramme,
)
from tests.cast import PASSWORD, Cast

CHANGELISTS = [
    "admin:reference_prefecture_changelist",
    "admin:reference_province_changelist",
    "admin:reference_languagetest_changelist",
    "admin:reference_listversion_changelist",
    "admin:reference_jobcategory_changelist",
    "admin:reference_sswfield_changelist",
    "admin:reference_esdfield_changelist",
    "admin:reference_vocationalprogramme_changelist",
    "admin:reference_exchangerate_changelist",
    "admin:accounts_organization_changelist",
    "admin:accounts_user_changelist",
    "admin:audit_auditentry_changelist",
]
TURNED_AWAY = ["ministry_officer", "ministry_viewer", "lpk_officer", "embassy_officer", "outsider"]


@pytest.fixture
def miyagi(db: None) -> Prefecture:
    return Prefecture.objects.create(jis_code="04", name_ja="宮城県", name_en="Miyagi")


@pytest.fixture
def welding(db: None) -> JobCategory:
    version = ListVersion.objects.create(
        kind=ListKind.TITP_JOB_CATEGORIES, label="2025", effective_from=datetime.date(2025, 4, 1)
    )
    category = JobCategory.objects.create(
        version=version, sector="Other", code="7-7", name_ja="溶接", name_en="Welding", max_stage=3
    )
    Operation.objects.create(
        job_category=category, code="7-7-1", name_ja="手溶接", name_en="Manual welding", max_stage=3
    )
    return category


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def prefecture_form(prefecture: Prefecture, **changes: str) -> dict[str, str]:
    return {"jis_code": prefecture.jis_code, "name_ja": prefecture.name_ja, "name_en": prefecture.name_en, **changes}


def inline_management(prefix: str, *, total: int, initial: int) -> dict[str, str | int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_it_serves_the_ministry_admin_site() -> None:
    assert isinstance(admin.site, MinistryAdminSite), (
        'INSTALLED_APPS must name "accounts.admin_config.JembatanAdminConfig" instead of "django.contrib.admin"'
    )


def test_it_lets_a_ministry_admin_in(cast: Cast, client: Client) -> None:
    response = as_user(client, cast.ministry_admin).get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:reference_prefecture_changelist") in response.content.decode()
    assert reverse("admin:audit_auditentry_changelist") in response.content.decode()


@pytest.mark.parametrize("name", CHANGELISTS)
def test_it_shows_a_ministry_admin_every_changelist(cast: Cast, client: Client, name: str) -> None:
    assert as_user(client, cast.ministry_admin).get(reverse(name)).status_code == 200


def test_it_shows_a_ministry_admin_the_loaded_lists_and_their_rows(cast: Cast, client: Client) -> None:
    manifest.load_all()
    as_user(client, cast.ministry_admin)
    welding = JobCategory.objects.get(code="7-7")
    las = VocationalProgramme.objects.get(code="LAS", version__label="2026-initial")
    pages = [
        *(reverse(name) for name in CHANGELISTS),
        reverse("admin:reference_jobcategory_change", args=[welding.pk]),
        reverse("admin:reference_vocationalprogramme_change", args=[las.pk]),
        reverse("admin:reference_listversion_change", args=[welding.version_id]),
        reverse("admin:accounts_user_change", args=[cast.lpk_officer.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_organization_change", args=[cast.lpk.pk]),
    ]

    for url in pages:
        assert client.get(url).status_code == 200, url
    assert "Manual welding" in client.get(pages[len(CHANGELISTS)]).content.decode()


def test_it_lets_a_ministry_admin_sign_in_through_the_apps_sign_in_page(cast: Cast, client: Client) -> None:
    # One way in, with the lockout and the second factor: the admin's own form would skip the second factor.
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"

    response = client.post("/accounts/login/?next=/admin/", {"username": "ministry_admin", "password": PASSWORD})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_it_refuses_anyone_else_at_the_admin_after_signing_in(cast: Cast, client: Client) -> None:
    client.post("/accounts/login/?next=/admin/", {"username": "lpk_officer", "password": PASSWORD})

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.post(reverse("admin:login"), {"username": "lpk_officer", "password": PASSWORD}).status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("persona", TURNED_AWAY)
def test_it_turns_away_everyone_but_ministry_admins(
    cast: Cast, client: Client, miyagi: Prefecture, persona: str
) -> None:
    as_user(client, getattr(cast, persona))
    changelist = reverse("admin:reference_prefecture_changelist")
    change = reverse("admin:reference_prefecture_change", args=[miyagi.pk])

    for url in [reverse("admin:index"), changelist, change]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    response = client.post(change, prefecture_form(miyagi, name_en="Hacked"))

    assert response.status_code == 302
    miyagi.refresh_from_db()
    assert miyagi.name_en == "Miyagi"
    assert not AuditEntry.objects.for_object(miyagi).exists()


def test_it_turns_away_a_superuser_who_is_not_a_ministry_admin(db: None, client: Client, miyagi: Prefecture) -> None:
    root = User.objects.create_superuser(username="root", email="root@example.org", password=PASSWORD)

    response = as_user(client, root).get(reverse("admin:reference_prefecture_changelist"))

    assert response.status_code == 302
    assert b"Miyagi" not in response.content


def test_it_sends_an_anonymous_visitor_to_the_login(db: None, client: Client) -> None:
    response = client.get(reverse("admin:reference_prefecture_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_audits_a_prefecture_edit_with_before_and_after(cast: Cast, client: Client, miyagi: Prefecture) -> None:
    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:reference_prefecture_change", args=[miyagi.pk]),
        prefecture_form(miyagi, name_en="Miyagi Prefecture"),
    )

    assert response.status_code == 302
    miyagi.refresh_from_db()
    assert miyagi.name_en == "Miyagi Prefecture"
    entry = AuditEntry.objects.for_object(miyagi).get()
    assert entry.action == AuditAction.UPDATED
    assert entry.actor == cast.ministry_admin
    assert entry.changes == {"name_en": ["Miyagi", "Miyagi Prefecture"]}


def test_it_audits_adding_and_deleting(cast: Cast, client: Client) -> None:
    as_user(client, cast.ministry_admin)

    client.post(reverse("admin:reference_prefecture_add"), {"jis_code": "13", "name_ja": "東京都", "name_en": "Tokyo"})
    tokyo = Prefecture.objects.get(jis_code="13")
    client.post(reverse("admin:reference_prefecture_delete", args=[tokyo.pk]), {"post": "yes"})

    assert not Prefecture.objects.filter(jis_code="13").exists()
    created, deleted = AuditEntry.objects.filter(target_type="reference.prefecture").order_by("at", "id")
    assert (created.action, created.changes["name_en"]) == (AuditAction.CREATED, [None, "Tokyo"])
    assert (deleted.action, deleted.changes["name_en"]) == (AuditAction.DELETED, ["Tokyo", None])
    assert deleted.target_id == str(tokyo.pk)


def test_it_audits_each_inline_row(cast: Cast, client: Client, welding: JobCategory) -> None:
    manual = welding.operations.get()
    form = {
        "version": welding.version_id,
        "sector": welding.sector,
        "code": welding.code,
        "name_ja": welding.name_ja,
        "name_en": welding.name_en,
        "max_stage": 3,
        **inline_management("operations", total=2, initial=1),
        "operations-0-id": manual.pk,
        "operations-0-job_category": welding.pk,
        "operations-0-code": "7-7-1",
        "operations-0-name_ja": "手溶接",
        "operations-0-name_en": "Manual arc welding",
        "operations-0-max_stage": 3,
        "operations-1-job_category": welding.pk,
        "operations-1-code": "7-7-2",
        "operations-1-name_ja": "半自動溶接",
        "operations-1-name_en": "Semi-automatic welding",
        "operations-1-max_stage": 3,
    }

    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:reference_jobcategory_change", args=[welding.pk]), form
    )

    assert response.status_code == 302
    assert AuditEntry.objects.for_object(manual).get().changes == {"name_en": ["Manual welding", "Manual arc welding"]}
    added = Operation.objects.get(code="7-7-2")
    assert AuditEntry.objects.for_object(added).get().action == AuditAction.CREATED
    # Nothing changed on the job category itself, so it has no audit row.
    assert not AuditEntry.objects.for_object(welding).exists()


def test_it_refuses_a_fit_to_a_job_category_not_in_force(cast: Cast, client: Client, welding: JobCategory) -> None:
    url = reverse("admin:reference_vocationalprogramme_change", args=[cast.programme.pk])
    form = {
        "version": cast.programme.version_id,
        "code": "LAS",
        "name_id": "Teknik Las",
        "name_en": "Welding",
        "ssw_fields": "建設",
        **inline_management("job_fits", total=1, initial=0),
        "job_fits-0-programme": cast.programme.pk,
        "job_fits-0-fit": "same",
    }
    as_user(client, cast.ministry_admin)

    refused = client.post(url, {**form, "job_fits-0-job_category_code": "42-1"})
    accepted = client.post(url, {**form, "job_fits-0-job_category_code": "7-7"})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    programme = VocationalProgramme.objects.get(pk=cast.programme.pk)
    assert list(programme.job_fits.values_list("job_category_code", flat=True)) == ["7-7"]


def test_it_masks_passwords_in_the_audit_log(cast: Cast, client: Client) -> None:
    url = reverse("admin:auth_user_password_change", args=[cast.outsider.pk])
    new_password = "another-long-passphrase-42"

    response = as_user(client, cast.ministry_admin).post(
        url, {"password1": new_password, "password2": new_password, "usable_password": "true"}
    )

    assert response.status_code == 302
    cast.outsider.refresh_from_db()
    assert cast.outsider.check_password(new_password)
    entry = AuditEntry.objects.for_object(cast.outsider).get()
    assert entry.changes == {"password": ["•••", "•••"]}


def test_it_masks_the_password_of_a_user_added_in_the_admin(cast: Cast, client: Client) -> None:
    new_password = "another-long-passphrase-42"

    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "rina",
            "password1": new_password,
            "password2": new_password,
            "usable_password": "true",
            **inline_management("memberships", total=1, initial=0),
            "memberships-0-organization": cast.lpk.pk,
            "memberships-0-role": "officer",
        },
    )

    assert response.status_code == 302
    rina = User.objects.get(username="rina")
    entry = AuditEntry.objects.for_object(rina).get()
    assert entry.action == AuditAction.CREATED
    assert entry.changes["password"] == ["•••", "•••"]
    assert entry.changes["username"] == [None, "rina"]
    membership = rina.memberships.get()
    assert AuditEntry.objects.for_object(membership).get().changes["organization"] == [None, cast.lpk.pk]


def test_it_audits_a_ministry_admin_changing_their_own_password(cast: Cast, client: Client) -> None:
    new_password = "another-long-passphrase-42"

    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.for_object(cast.ministry_admin).get()
    assert entry.changes == {"password": ["•••", "•••"]}


def test_it_never_lets_an_audit_entry_change(cast: Cast, client: Client, miyagi: Prefecture) -> None:
    as_user(client, cast.ministry_admin)
    client.post(
        reverse("admin:reference_prefecture_change", args=[miyagi.pk]), prefecture_form(miyagi, name_en="Miyagi-ken")
    )
    entry = AuditEntry.objects.for_object(miyagi).get()

    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200
    assert (
        client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"action": "deleted"}).status_code == 403
    )
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == AuditAction.UPDATED


def test_it_keeps_participants_out_of_the_admin(cast: Cast, client: Client) -> None:
    response = as_user(client, cast.ministry_admin).get("/admin/participants/participant/")

    assert response.status_code == 404


def test_a_ministry_admin_confirms_an_unverified_list_and_it_is_audited(cast: Cast, client: Client) -> None:
    version = ListVersion.objects.create(
        kind=ListKind.ESD_FIELDS, label="2026-01", effective_from=datetime.date(2026, 1, 23), unverified=True
    )

    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:reference_listversion_change", args=[version.pk]),
        {"effective_from": "2026-01-23", "source": "Checked against the official list.", "unverified": ""},
    )

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.unverified is False
    entry = AuditEntry.objects.for_object(version).get()
    assert (entry.actor, entry.changes["unverified"]) == (cast.ministry_admin, [True, False])


def test_nobody_else_may_confirm_a_list(cast: Cast, client: Client) -> None:
    version = ListVersion.objects.create(
        kind=ListKind.ESD_FIELDS, label="2026-01", effective_from=datetime.date(2026, 1, 23), unverified=True
    )

    as_user(client, cast.ministry_officer).post(
        reverse("admin:reference_listversion_change", args=[version.pk]),
        {"effective_from": "2026-01-23", "source": "", "unverified": ""},
    )

    version.refresh_from_db()
    assert version.unverified is True


def _programme_form(**changes: str) -> dict[str, str]:
    return {
        "code": "titp-young",
        "name": "A TITP programme",
        "track": "titp",
        "min_age": "18",
        "max_age": "30",
        "sex": "",
        "min_language_level": "",
        "min_sending_organization_hours": "160",
        "passport_valid_months": "18",
        "min_orientation_hours": "16",
        "requires_skill_course": "on",
        "is_active": "on",
        **changes,
    }


@pytest.mark.parametrize(
    ("track", "min_age", "saved"), [("titp", "16", False), ("titp", "18", True), ("engineer", "16", True)]
)
def test_no_sending_programme_may_take_people_younger_than_the_law(
    cast: Cast, client: Client, track: str, min_age: str, saved: bool
) -> None:
    client.cookies["django_language"] = "en"
    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:reference_sendingprogramme_add"), _programme_form(track=track, min_age=min_age)
    )

    assert SendingProgramme.objects.filter(code="titp-young").exists() is saved
    if not saved:
        assert "below TITP&#x27;s legal minimum of 18" in response.content.decode()


# --- yen exchange rates ------------------------------------------------------------

RATE_TODAY = datetime.date(2026, 12, 1)
at_rate_today = time_machine.travel(datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC), tick=False)


def _rate_form(**changes: str) -> dict[str, str]:
    return {
        "effective_from": "2026-12-01",
        "idr_per_jpy": "109.50",
        "source": "JISDOR 1 Dec 2026",
        "note": "",
        **changes,
    }


def _rate(cast: Cast, effective_from: datetime.date) -> ExchangeRate:
    return ExchangeRate.objects.create(
        effective_from=effective_from, idr_per_jpy="109.50", source="JISDOR", set_by=cast.ministry_admin
    )


@at_rate_today
def test_a_ministry_admin_sets_a_rate_and_it_is_audited_with_who_set_it(cast: Cast, client: Client) -> None:
    response = as_user(client, cast.ministry_admin).post(reverse("admin:reference_exchangerate_add"), _rate_form())

    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.idr_per_jpy, rate.effective_from, rate.set_by) == (
        Decimal("109.5000"),
        RATE_TODAY,
        cast.ministry_admin,
    )
    entry = AuditEntry.objects.for_object(rate).get()
    assert entry.action == AuditAction.CREATED
    assert entry.actor == cast.ministry_admin


@at_rate_today
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"effective_from": "2026-11-30"}, "A new rate applies from today or later."),
        ({"idr_per_jpy": "0"}, "Ensure this value is greater than or equal to 0.0001."),
        ({"idr_per_jpy": "abc"}, "Enter a number."),
        ({"source": ""}, "This field is required."),
        # Bank Indonesia's figure for 100 yen, typed as it stands.
        ({"idr_per_jpy": "10950"}, "Rp\u00a010,950.00 for one yen is more than Rp\u00a01,000: is it Bank Indonesia"),
    ],
)
def test_a_rate_for_a_past_day_or_without_a_figure_or_source_is_refused(
    cast: Cast, client: Client, changes: dict[str, str], message: str
) -> None:
    client.cookies["django_language"] = "en"
    response = as_user(client, cast.ministry_admin).post(
        reverse("admin:reference_exchangerate_add"), _rate_form(**changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExchangeRate.objects.exists()


@at_rate_today
def test_a_second_rate_for_the_same_day_is_refused(cast: Cast, client: Client) -> None:
    _rate(cast, RATE_TODAY)
    client.cookies["django_language"] = "en"

    response = as_user(client, cast.ministry_admin).post(reverse("admin:reference_exchangerate_add"), _rate_form())

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert ExchangeRate.objects.count() == 1


@at_rate_today
def test_a_rate_in_force_is_never_changed_or_deleted(cast: Cast, client: Client) -> None:
    rate = _rate(cast, RATE_TODAY)
    as_user(client, cast.ministry_admin)

    change = client.post(
        reverse("admin:reference_exchangerate_change", args=[rate.pk]), _rate_form(idr_per_jpy="120.00")
    )
    delete = client.post(reverse("admin:reference_exchangerate_delete", args=[rate.pk]), {"post": "yes"})
    changelist = client.get(reverse("admin:reference_exchangerate_changelist"))

    assert change.status_code == 403
    assert delete.status_code == 403
    rate.refresh_from_db()
    assert rate.idr_per_jpy == Decimal("109.5000")
    assert 'value="delete_selected"' not in changelist.content.decode()


@at_rate_today
def test_a_rate_whose_day_has_not_come_may_be_corrected_or_deleted(cast: Cast, client: Client) -> None:
    rate = _rate(cast, RATE_TODAY + datetime.timedelta(days=1))
    as_user(client, cast.ministry_admin)

    response = client.post(
        reverse("admin:reference_exchangerate_change", args=[rate.pk]),
        _rate_form(effective_from="2026-12-02", idr_per_jpy="110.25"),
    )
    rate.refresh_from_db()
    assert response.status_code == 302
    assert rate.idr_per_jpy == Decimal("110.2500")
    before, after = AuditEntry.objects.for_object(rate).get().changes["idr_per_jpy"]
    assert (Decimal(before), Decimal(after)) == (Decimal("109.50"), Decimal("110.25"))

    client.post(reverse("admin:reference_exchangerate_delete", args=[rate.pk]), {"post": "yes"})
    assert not ExchangeRate.objects.exists()


@at_rate_today
@pytest.mark.parametrize("persona", TURNED_AWAY)
def test_nobody_but_a_ministry_admin_sets_a_rate(cast: Cast, client: Client, persona: str) -> None:
    response = as_user(client, getattr(cast, persona)).post(reverse("admin:reference_exchangerate_add"), _rate_form())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not ExchangeRate.objects.exists()
