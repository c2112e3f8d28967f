"""The job order and profile pages: who sees and changes what, the workflows
through real URLs, and the pages as Japanese partners read them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import Organization
from joborders import actions
from joborders.models import CompanyProfile, JobOrder, JobOrderStatus
from joborders.tests.test_forms import posted, profile_data
from joborders.tests.world import START, TODAY, Japan, on_day, order_details, served_job_order
from reference.models import ExchangeRate
from tests.cast import Cast

PERSONAS = [
    "ministry_admin",
    "ministry_officer",
    "ministry_viewer",
    "blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "association_officer",
    "supervising_officer",
    "company_officer",
    "prefecture_officer",
    "embassy_officer",
    "support_officer",
    "participant_user",
    "outsider",
]
CHANGE_ORDER = {"ministry_admin", "supervising_officer", "company_officer"}

# A rupiah figure as lib.money writes it ("Rp 20.258.000"), not two letters a CSRF token may hold.
RUPIAH_FIGURE = re.compile(r"Rp(?:\u00a0|&nbsp;| )\d")


def login(cast: Cast, persona: str) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(getattr(cast, persona))
    return client


def open_order(cast: Cast, japan: Japan, **overrides: object) -> JobOrder:
    order = actions.create_job_order(details=order_details(cast, japan, **overrides), by=cast.company_officer)
    return actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.company_officer)


# --- who sees which job orders ------------------------------------------------


def test_each_organization_lists_only_its_own_job_orders(cast: Cast, japan: Japan) -> None:
    ours = served_job_order(cast)
    theirs = actions.create_job_order(
        details=order_details(cast, japan, company=japan.other_company, sending_organizations=(cast.other_lpk,)),
        by=cast.ministry_admin,
    )
    expectations = {
        "ministry_viewer": {ours, theirs},
        "supervising_officer": {ours},
        "company_officer": {ours},
        "lpk_officer": {ours},
        "other_lpk_officer": {theirs},
    }
    for persona, orders in expectations.items():
        rows = login(cast, persona).get("/joborders/").context["page"].rows
        assert set(rows) == orders, persona
    other = Client()
    other.force_login(japan.other_company_officer)
    assert other.get(f"/joborders/{ours.pk}/").status_code == 404
    assert other.get(f"/joborders/{theirs.pk}/").status_code == 200


def test_the_list_filters_by_status_and_search(cast: Cast, japan: Japan) -> None:
    draft = served_job_order(cast)
    opened = open_order(cast, japan)
    client = login(cast, "company_officer")
    assert client.get("/joborders/?status=open").context["page"].rows == [opened]
    assert client.get("/joborders/?q=designer").context["page"].rows == [draft]
    fragment = client.get("/joborders/?programme=engineer", headers={"HX-Request": "true"})
    assert b'id="results"' in fragment.content
    assert b"<html" not in fragment.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_writers_may_change_a_job_orders_status(cast: Cast, japan: Japan, persona: str) -> None:
    order = served_job_order(cast)
    response = login(cast, persona).post(f"/joborders/{order.pk}/status/", {"to": "open"})
    order.refresh_from_db()
    if persona in CHANGE_ORDER:
        assert response.status_code == 302
        assert order.status == JobOrderStatus.OPEN
    else:
        assert response.status_code == 404
        assert order.status == JobOrderStatus.DRAFT


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_writers_may_save_a_job_order(cast: Cast, japan: Japan, persona: str) -> None:
    order = served_job_order(cast)
    response = login(cast, persona).post(f"/joborders/{order.pk}/edit/", {"title": "Changed"})
    order.refresh_from_db()
    assert order.title == "Machine designer"  # an incomplete form: nothing saved by anyone
    assert response.status_code == (400 if persona in CHANGE_ORDER else 404)


def test_the_status_change_answers_only_post(cast: Cast, japan: Japan) -> None:
    order = served_job_order(cast)
    assert login(cast, "company_officer").get(f"/joborders/{order.pk}/status/").status_code == 405
    anonymous = Client().post(f"/joborders/{order.pk}/status/", {"to": "open"})
    assert anonymous["Location"].startswith("/accounts/login/")


# --- the workflows through the pages ------------------------------------------


def test_a_refused_opening_names_the_rule_and_what_would_fit(english: Client, cast: Cast, japan: Japan) -> None:
    order = actions.create_job_order(details=order_details(cast, japan, positions=5), by=cast.company_officer)
    english.force_login(cast.supervising_officer)

    response = english.post(f"/joborders/{order.pk}/status/", {"to": "open"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "TITP quota: refused by the rule “basic quota by full-time staff”" in page
    assert "5 stage i trainees (5 new, 0 current) exceed the quota of 3" in page
    assert "3 of the new positions would fit." in page
    order.refresh_from_db()
    assert order.status == JobOrderStatus.DRAFT


def test_the_opened_order_shows_the_decision_it_was_opened_on(english: Client, cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)
    english.force_login(cast.lpk_officer)
    page = english.get(f"/joborders/{order.pk}/").content.decode()
    assert "Rules applied when it opened" in page
    assert "quota 3: 25 full-time staff ≤ 30, supervising organization and company not both excellent, stage i" in page
    assert "Rules of version “2026-initial” (in force from 1 November 2017)" in page
    assert 'id="status-change"' not in page  # the LPK/SO reads only


def test_cancelling_asks_for_a_reason(english: Client, cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)
    english.force_login(cast.company_officer)
    response = english.post(f"/joborders/{order.pk}/status/", {"to": "cancelled", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason for “cancelled”." in response.content.decode()
    # Final: asked first, done once confirmed (test_transition_view.py).
    english.post(f"/joborders/{order.pk}/status/", {"to": "cancelled", "reason": "Orders fell.", "confirmed": "true"})
    order.refresh_from_db()
    assert order.status == JobOrderStatus.CANCELLED


def test_an_edit_from_an_old_page_is_refused_keeping_what_was_typed(english: Client, cast: Cast, japan: Japan) -> None:
    order = actions.create_job_order(details=order_details(cast, japan), by=cast.company_officer)
    actions.update_job_order(
        job_order_id=order.pk,
        details=order_details(cast, japan, title="Welder (MIG)"),
        expected_version=1,
        by=cast.company_officer,
    )
    english.force_login(cast.supervising_officer)
    response = english.post(f"/joborders/{order.pk}/edit/", posted(cast, japan, title="Welder (TIG)", version="1"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone else changed this record while you were editing." in page
    assert 'value="Welder (TIG)"' in page
    order.refresh_from_db()
    assert order.title == "Welder (MIG)"


@pytest.mark.parametrize(("language", "typed"), [("id", "185.000"), ("ja", "185,000")])
def test_the_edit_form_shows_the_wage_grouped_the_readers_way_and_reads_it_back(
    cast: Cast, japan: Japan, language: str, typed: str
) -> None:
    order = actions.create_job_order(details=order_details(cast, japan), by=cast.company_officer)
    client = Client()
    client.force_login(cast.company_officer)
    client.cookies["django_language"] = language

    page = client.get(f"/joborders/{order.pk}/edit/").content.decode()
    assert f'value="{typed}"' in page
    response = client.post(
        f"/joborders/{order.pk}/edit/", posted(cast, japan, monthly_wage=typed, title="Welder (TIG)", version="1")
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.title, order.monthly_wage_jpy) == ("Welder (TIG)", 185_000)


def test_an_open_order_shows_its_decided_fields_fixed(english: Client, cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)
    english.force_login(cast.company_officer)
    form = english.get(f"/joborders/{order.pk}/edit/").context["form"]
    assert form.fields["positions"].disabled
    assert not form.fields["interview_date"].disabled
    # A disabled field keeps its stored value whatever is posted.
    response = english.post(
        f"/joborders/{order.pk}/edit/", posted(cast, japan, positions="9", notes="Bring work boots.", version="2")
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.positions, order.notes) == (3, "Bring work boots.")


def test_the_programme_fields_follow_the_choices_as_typed(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.company_officer)
    titp = english.get(f"/joborders/fields/?programme=titp&start_date=2026-10-01&job_category={japan.welding.pk}")
    page = titp.content.decode()
    assert 'id="programme-fields"' in page
    assert "7-7-1 Manual welding" in page
    assert "6-1-1" not in page  # only the chosen category's operations
    ssw = english.get(f"/joborders/fields/?programme=ssw&ssw_field={japan.construction.pk}").content.decode()
    assert "Business category" in ssw
    assert "建築" in ssw
    assert "TITP operation" not in ssw


def test_the_job_categories_offered_are_those_in_force_on_the_start_date(
    english: Client, cast: Cast, japan: Japan
) -> None:
    english.force_login(cast.company_officer)
    before_the_list = english.get("/joborders/fields/?programme=titp&start_date=2024-06-01").content.decode()
    assert "7-7 Welding" not in before_the_list
    assert "7-7 Welding" in english.get("/joborders/fields/?programme=titp&start_date=2026-06-01").content.decode()


def _tag(page: str, start: str) -> str:
    """The opening tag that begins with ``start``."""
    at = page.index(start)
    return page[at : page.index(">", at)]


def _reloads_the_fields(tag: str, url: str = "/joborders/fields/") -> bool:
    return all(
        part in tag
        for part in (
            f'hx-get="{url}"',
            'hx-trigger="change"',
            'hx-target="#programme-fields"',
            'hx-swap="outerHTML"',
            'hx-include="closest form"',
            'hx-sync="closest form:replace"',
        )
    )


def test_each_field_that_decides_the_lists_reloads_them_itself(english: Client, cast: Cast, japan: Japan) -> None:
    """Not one listener on the form bound to elements the fragment replaces:
    after the start date reloaded the fragment, changing the job category must
    still reload it (the operations stayed those of the old category)."""
    english.force_login(cast.company_officer)
    page = english.get("/joborders/new/").content.decode()
    for start in ('<select name="programme"', '<input type="date" name="start_date"', '<select name="job_category"'):
        assert _reloads_the_fields(_tag(page, start)), start
    assert "from:" not in _tag(page, "<form")
    # The fields that the fragment brings back carry their trigger with them.
    titp = english.get(f"/joborders/fields/?programme=titp&start_date=2026-10-01&job_category={japan.welding.pk}")
    assert _reloads_the_fields(_tag(titp.content.decode(), '<select name="job_category"'))
    ssw = english.get("/joborders/fields/?programme=ssw&start_date=2026-10-01").content.decode()
    assert _reloads_the_fields(_tag(ssw, '<select name="ssw_field"'))
    # Choosing an operation or a stage changes no list: no reload.
    assert "hx-get" not in _tag(titp.content.decode(), '<select name="operation"')


def test_an_edit_reloads_the_fields_of_its_own_order(english: Client, cast: Cast, japan: Japan) -> None:
    order = actions.create_job_order(details=order_details(cast, japan), by=cast.company_officer)
    english.force_login(cast.company_officer)
    page = english.get(f"/joborders/{order.pk}/edit/").content.decode()
    assert _reloads_the_fields(_tag(page, '<select name="job_category"'), f"/joborders/fields/?job_order={order.pk}")


def test_an_operation_of_another_category_is_not_kept(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.company_officer)
    base = f"/joborders/fields/?programme=titp&start_date=2026-10-01&job_category={japan.welding.pk}"

    changed = english.get(f"{base}&operation={japan.die_casting.pk}").content.decode()
    kept = english.get(f"{base}&operation={japan.manual_welding.pk}").content.decode()

    operations = changed[changed.index('<select name="operation"') :].split("</select>")[0]
    assert f'value="{japan.die_casting.pk}"' not in operations  # casting's, chosen before the category changed
    assert "selected" not in operations
    assert f'value="{japan.manual_welding.pk}"' in operations
    assert f'<option value="{japan.manual_welding.pk}" selected>' in kept


def test_an_operation_of_another_category_is_refused_and_cleared(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.company_officer)

    response = english.post("/joborders/new/", posted(cast, japan, operation=japan.die_casting.pk))

    assert response.status_code == 400
    assert response.context["form"].errors["operation"] == ["Operation 6-1-1 is not part of job category 7-7."]
    page = response.content.decode()
    assert f'value="{japan.die_casting.pk}"' not in page[page.index('<select name="operation"') :].split("</select>")[0]
    assert not JobOrder.objects.exists()


def test_a_business_category_of_another_field_is_not_offered(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.company_officer)
    page = english.get(
        f"/joborders/fields/?programme=ssw&start_date=2026-10-01&ssw_field={japan.construction.pk}"
        "&business_category=リネンサプライ"
    ).content.decode()
    categories = page[page.index('<select name="business_category"') :].split("</select>")[0]
    assert "リネンサプライ" not in categories
    assert "建築" in categories


# --- profiles -----------------------------------------------------------------


def test_member_companies_are_listed_under_their_supervising_organization(
    english: Client, cast: Cast, japan: Japan
) -> None:
    english.force_login(cast.ministry_viewer)
    response = english.get("/joborders/organizations/")
    (joe,) = [row for row in response.context["supervising"] if row.organization == cast.supervising]
    assert [member.organization for member in joe.members] == [cast.company]
    detail = english.get(f"/joborders/organizations/{cast.supervising.pk}/")
    assert [row.organization for row in detail.context["members"]] == [cast.company]


def test_a_company_edits_its_profile_but_not_its_trainee_numbers(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.company_officer)
    form = english.get(f"/joborders/organizations/{cast.company.pk}/edit/").context["form"]
    assert "trainees_stage_i" not in form.fields
    response = english.post(
        f"/joborders/organizations/{cast.company.pk}/edit/",
        profile_data(full_time_staff="31", trainees_stage_i="9"),
    )
    assert response.status_code == 302
    profile = CompanyProfile.objects.get(organization=cast.company)
    assert (profile.full_time_staff, profile.trainees_stage_i) == (31, 0)


def test_the_supervising_organization_records_the_trainees(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.supervising_officer)
    english.post(f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(trainees_stage_i="2"))
    assert CompanyProfile.objects.get(organization=cast.company).trainees_stage_i == 2


def test_the_company_page_counts_its_trainees_as_the_quota_does(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.supervising_officer)
    english.post(f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(trainees_stage_i="1"))
    order = open_order(cast, japan, positions=2)
    for status in (JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED):
        actions.change_job_order_status(job_order_id=order.pk, to=status, by=cast.company_officer)

    with on_day(START):
        english.force_login(cast.supervising_officer)  # a fresh session on the day
        page = english.get(f"/joborders/organizations/{cast.company.pk}/").content.decode()

    # stage i: 2 from the filled order, 0 held by open orders, 1 from elsewhere, 3 in all
    assert re.search(
        r"<td>stage i</td><td class=\"number\">2</td><td class=\"number\">0</td>"
        r"<td class=\"number\">1</td><td class=\"number\">3</td>",
        page,
    )


def test_a_supervising_organization_adds_a_member_company(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.supervising_officer)
    response = english.post(
        f"/joborders/organizations/{cast.supervising.pk}/companies/new/",
        {
            **profile_data(name_ja="泉精機株式会社", full_time_staff="48"),
            "name": "Izumi Seiki",
            "prefecture": japan.miyagi.pk,
        },
    )
    company = Organization.objects.get(name="Izumi Seiki")
    assert response["Location"] == f"/joborders/organizations/{company.pk}/"
    assert company.parent == cast.supervising
    assert company.company_profile.full_time_staff == 48


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_company_its_cooperative_and_ministry_admins_save_its_profile(
    cast: Cast, japan: Japan, persona: str
) -> None:
    response = login(cast, persona).post(
        f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(industry="Changed")
    )
    assert response.status_code == (302 if persona in CHANGE_ORDER else 404)
    changed = CompanyProfile.objects.get(organization=cast.company).industry == "Changed"
    assert changed is (persona in CHANGE_ORDER)


def test_a_cooperative_records_its_licence_and_excellent_rating(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.supervising_officer)
    response = english.post(
        f"/joborders/organizations/{cast.supervising.pk}/edit/",
        {
            "version": "1",
            "name_ja": "JOE協同組合",
            "licence_number": "許1704000999",
            "category": "general",
            "excellent_since": "2024-04-01",
            "excellent_until": "2023-03-31",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["excellent_until"] == ["The rating cannot end before it was granted."]
    english.post(
        f"/joborders/organizations/{cast.supervising.pk}/edit/",
        {
            "version": "1",
            "name_ja": "JOE協同組合",
            "licence_number": "許1704000999",
            "category": "general",
            "excellent_since": "2024-04-01",
        },
    )
    detail = english.get(f"/joborders/organizations/{cast.supervising.pk}/")
    assert detail.context["row"].excellent
    assert "許1704000999" in detail.content.decode()


@pytest.mark.parametrize("persona", ["company_officer", "lpk_officer", "ministry_officer", "outsider"])
def test_nobody_else_adds_member_companies(cast: Cast, japan: Japan, persona: str) -> None:
    url = f"/joborders/organizations/{cast.supervising.pk}/companies/new/"
    assert login(cast, persona).get(url).status_code == 404


# --- navigation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "link"),
    [
        ("company_officer", '<a href="/joborders/">Job orders</a>'),
        ("lpk_viewer", '<a href="/joborders/">Job orders</a>'),
        # The support organization's menu leads to the orders naming it; their page to its profile.
        ("support_officer", '<a href="/joborders/">Job orders</a>'),
    ],
)
def test_the_menu_leads_to_the_japanese_side(cast: Cast, persona: str, link: str) -> None:
    assert link in login(cast, persona).get("/").content.decode()


@pytest.mark.parametrize("persona", ["blk_officer", "association_officer", "embassy_officer", "outsider"])
def test_the_menu_shows_no_job_orders_to_others(cast: Cast, persona: str) -> None:
    page = login(cast, persona).get("/").content.decode()
    assert "/joborders/" not in page


# --- in Japanese --------------------------------------------------------------


def test_japanese_partners_read_the_pages_in_japanese(cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)
    client = Client()
    client.force_login(cast.company_officer)
    client.cookies["django_language"] = "ja"
    pages = [
        "/joborders/",
        f"/joborders/{order.pk}/",
        f"/joborders/{order.pk}/edit/",
        "/joborders/new/",
        "/joborders/organizations/",
        f"/joborders/organizations/{cast.company.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="ja">' in response.content.decode(), url
    detail = client.get(f"/joborders/{order.pk}/").content.decode()
    assert '<span lang="ja">仙台製鋼株式会社</span>' in detail  # the company's Japanese name first
    assert '<span class="mono">7-7</span> 溶接</dd>' in detail  # the job category in the reader's language
    assert '<span class="mono">7-7-1</span> 手溶接</dd>' in detail
    with translation.override("en"):
        english = login(cast, "company_officer").get(f"/joborders/{order.pk}/").content.decode()
    # In English, with the official Japanese name in small type.
    assert '<span class="mono">7-7</span> Welding <span class="muted" lang="ja">溶接</span>' in english


def reader(cast: Cast, persona: str, language: str) -> Client:
    client = login(cast, persona)
    client.cookies["django_language"] = language
    return client


def test_an_indonesian_reader_reads_the_job_in_indonesian_with_the_japanese_beside(cast: Cast, japan: Japan) -> None:
    japan.welding.name_id = "Pengelasan"
    japan.welding.save(update_fields=["name_id"])
    japan.manual_welding.name_id = "Pengelasan manual"
    japan.manual_welding.save(update_fields=["name_id"])
    order = open_order(cast, japan)
    client = reader(cast, "lpk_officer", "id")

    detail = client.get(f"/joborders/{order.pk}/").content.decode()
    listed = client.get("/joborders/").content.decode()

    assert '<span class="mono">7-7</span> Pengelasan <span class="muted" lang="ja">溶接</span>' in detail
    assert '<span class="mono">7-7-1</span> Pengelasan manual <span class="muted" lang="ja">手溶接</span>' in detail
    assert 'Miyagi, Sendai <span class="muted" lang="ja">宮城県仙台市</span>' in detail
    assert '<span class="mono">7-7-1</span> Pengelasan manual <span class="muted" lang="ja">手溶接</span>' in listed


def test_a_japanese_reader_reads_the_workplace_in_japanese(cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)
    client = reader(cast, "company_officer", "ja")

    detail = client.get(f"/joborders/{order.pk}/").content.decode()
    listed = client.get("/joborders/").content.decode()

    assert "<dd>宮城県仙台市</dd>" in detail
    assert "<td>宮城県仙台市</td>" in listed
    assert "Sendai" not in detail.split("<h2>", 1)[1].split("</section>", 1)[0]  # no romaji in "The job"


def test_a_japanese_reader_reads_organizations_by_their_japanese_names(cast: Cast, japan: Japan) -> None:
    client = reader(cast, "supervising_officer", "ja")

    detail = client.get(f"/joborders/organizations/{cast.company.pk}/").content.decode()
    listed = client.get("/joborders/organizations/").content.decode()

    assert '<h1><span lang="ja">仙台製鋼株式会社</span> <span class="muted">Sendai Steel</span></h1>' in detail
    assert '<dd lang="ja">仙台市</dd>' in detail
    assert "<td>宮城県仙台市</td>" in listed
    english = reader(cast, "supervising_officer", "en").get(f"/joborders/organizations/{cast.company.pk}/")
    assert '<h1>Sendai Steel <span class="muted" lang="ja">仙台製鋼株式会社</span></h1>' in english.content.decode()


def test_japanese_pages_never_write_a_stage_by_its_roman_code(cast: Cast, japan: Japan) -> None:
    """Japanese writes 1号, 2号, 3号: never "ii号", nor the word for stage twice ("2号号")."""
    order = open_order(cast, japan)
    client = Client()
    client.force_login(cast.company_officer)
    client.cookies["django_language"] = "ja"
    for url in ("/joborders/", f"/joborders/{order.pk}/", f"/joborders/organizations/{cast.company.pk}/"):
        page = client.get(url).content.decode()
        assert not re.search(r"(?<![A-Za-z])i{1,3}号|号号", page), url


# --- wages as each reader reads them ---------------------------------------------

NBSP = "\u00a0"
# Yen grouped with commas: never on a page that groups with dots.
COMMA_YEN = re.compile(r"¥\d{1,3}(?:,\d{3})+")
DOT_YEN = re.compile(r"¥\d{1,3}(?:\.\d{3})+")


def read_as(cast: Cast, persona: str, language: str, url: str) -> str:
    client = Client()
    client.force_login(getattr(cast, persona))
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


@pytest.fixture
def rate(cast: Cast) -> ExchangeRate:
    """Set the day before the tests' today, in force since."""
    return ExchangeRate.objects.create(
        effective_from=TODAY - datetime.timedelta(days=1),
        idr_per_jpy=Decimal("109.50"),
        source="JISDOR",
        set_by=cast.ministry_admin,
    )


@pytest.mark.parametrize(
    ("persona", "language", "shown"),
    [
        # 185,000 × 109.50 = 20,257,500 and 155,000 left × 109.50 = 16,972,500, to the nearest thousand.
        (
            "lpk_officer",
            "id",
            ["¥185.000", "¥25.000", "¥5.000", "¥155.000", f"Rp{NBSP}20.258.000", f"Rp{NBSP}16.973.000"],
        ),
        ("lpk_officer", "id", [f"Rp{NBSP}109,50, 31 Mei 2026"]),
        (
            "ministry_officer",
            "en",
            ["¥185,000", f"≈ Rp{NBSP}20,258,000 (rate 1 JPY = Rp{NBSP}109.50, 31 May 2026)", f"Rp{NBSP}16,973,000"],
        ),
        ("company_officer", "ja", ["¥185,000", "¥25,000", "¥155,000"]),
    ],
)
@pytest.mark.usefixtures("rate")
def test_a_job_order_shows_its_wage_the_readers_way_with_a_rupiah_equivalent_for_indonesian_readers(
    cast: Cast, japan: Japan, persona: str, language: str, shown: list[str]
) -> None:
    order = open_order(cast, japan)

    page = read_as(cast, persona, language, f"/joborders/{order.pk}/")

    for text in shown:
        assert text in page


def test_the_japanese_side_reads_no_rupiah(cast: Cast, japan: Japan, rate: ExchangeRate) -> None:
    order = open_order(cast, japan)
    for persona in ("company_officer", "supervising_officer"):
        page = read_as(cast, persona, "ja", f"/joborders/{order.pk}/")
        assert "¥185,000" in page
        assert not RUPIAH_FIGURE.search(page), persona


def test_no_rupiah_figure_shows_without_a_rate(cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)

    page = read_as(cast, "lpk_officer", "id", f"/joborders/{order.pk}/")

    assert "¥185.000" in page
    assert not RUPIAH_FIGURE.search(page)


@pytest.mark.parametrize(("language", "grouped", "other"), [("id", DOT_YEN, COMMA_YEN), ("en", COMMA_YEN, DOT_YEN)])
def test_every_yen_amount_on_a_page_is_grouped_one_way(
    cast: Cast, japan: Japan, language: str, grouped: re.Pattern[str], other: re.Pattern[str]
) -> None:
    """The wage at the top and the stored rule explanations at the bottom ("¥185,000 a month, within …")."""
    order = open_order(cast, japan)

    page = read_as(cast, "ministry_officer", language, f"/joborders/{order.pk}/")

    assert len(grouped.findall(page)) >= 5  # wage, housing, deductions, what is left, the wage rule's figures
    assert not other.findall(page)


def test_a_job_order_page_writes_its_decisions_dates_the_readers_way(cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)

    indonesian = read_as(cast, "ministry_officer", "id", f"/joborders/{order.pk}/")
    japanese = read_as(cast, "company_officer", "ja", f"/joborders/{order.pk}/")

    assert "1 Oktober 2026" in indonesian  # the start date, in the decisions too
    assert "2026年10月1日" in japanese
    for page in (indonesian, japanese):
        assert "2026-10-01" not in page
        assert "2017-11-01" not in page  # the rule version's date


def test_a_company_profile_names_the_organization_not_a_person(cast: Cast, japan: Japan) -> None:
    client = login(cast, "supervising_officer")
    client.cookies["django_language"] = "ja"

    page = client.get(f"/joborders/organizations/{cast.company.pk}/").content.decode()

    assert "<dt>名称（ローマ字）</dt>" in page
    assert "氏名" not in page  # a person's name, in Japanese forms


def test_the_weekly_hours_carry_their_unit(english: Client, cast: Cast, japan: Japan) -> None:
    order = open_order(cast, japan)
    english.force_login(cast.lpk_officer)

    page = english.get(f"/joborders/{order.pk}/").content.decode()

    assert re.search(r"<dt>Working hours per week</dt><dd>40 hours", page)


def test_a_support_organization_reads_an_order_naming_it_without_a_link_it_could_not_follow(
    cast: Cast, japan: Japan
) -> None:
    order = open_order(cast, japan)
    JobOrder.objects.filter(pk=order.pk).update(support_organization=cast.support_organization)
    client = login(cast, "support_officer")

    page = client.get(f"/joborders/{order.pk}/").content.decode()

    assert f'href="/joborders/organizations/{cast.company.pk}/"' not in page
    assert client.get(f"/joborders/organizations/{cast.company.pk}/").status_code == 404
    assert (
        f'href="/joborders/organizations/{cast.company.pk}/"'
        in login(cast, "supervising_officer").get(f"/joborders/{order.pk}/").content.decode()
    )
