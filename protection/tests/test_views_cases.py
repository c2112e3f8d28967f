"""The handlers' case list and case page: filters, the forms of each action
answering at the action, nothing typed lost, and a stale form refused."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.models import AuditAction, AuditEntry
from protection.actions.cases import change_status
from protection.actions.conversation import write_note
from protection.actions.handling import assign_case, escalate_case
from protection.actions.intake import add_attachment
from protection.clocks import sweep_case_clocks
from protection.models import Body, Case, Category, Level, Note, Referral, Severity, Status, Visibility
from protection.tests.case_world import MESSAGE, STORY, budis_case, referred_case
from protection.tests.files import PNG, upload
from tests.cast import Cast

pytestmark = pytest.mark.django_db

LIST = "/protection/cases/"


def _url(case: Case, action: str = "") -> str:
    return f"/protection/cases/{case.pk}/" + (f"{action}/" if action else "")


def _listed(client: Client, query: str = "") -> list[int]:
    return [case.pk for case in client.get(LIST + query).context["page"].rows]


class TestList:
    def test_it_lists_open_cases_newest_first_by_default(self, client: Client, cast: Cast) -> None:
        older, newer = budis_case(cast), budis_case(cast)
        Case.objects.filter(pk=older.pk).update(opened_at=timezone.now() - datetime.timedelta(days=2))
        done = budis_case(cast)
        Case.objects.filter(pk=done.pk).update(status=Status.CLOSED)
        client.force_login(cast.lpk_officer)
        assert _listed(client) == [newer.pk, older.pk]
        assert _listed(client, "?status=all") == [done.pk, newer.pk, older.pk]
        assert _listed(client, "?status=closed") == [done.pk]

    @pytest.mark.parametrize(("language", "label"), [("ja", "未解決"), ("id", "terbuka"), ("en", "open")])
    def test_it_names_the_default_filter_for_cases_not_job_orders(
        self, client: Client, cast: Cast, language: str, label: str
    ) -> None:
        # "open" is also a job order's status (募集中, recruiting): a case is open until resolved.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(cast.ministry_officer)
        page = client.get(LIST).content.decode()
        assert f'<option value="" selected>{label}</option>' in page

    def test_it_filters_by_category_severity_and_level(self, client: Client, cast: Cast) -> None:
        wages = budis_case(cast)
        violence = budis_case(cast, category=Category.VIOLENCE)  # urgent, at the ministry at once
        client.force_login(cast.ministry_officer)
        assert _listed(client, "?category=violence") == [violence.pk]
        assert _listed(client, f"?severity={Severity.URGENT}") == [violence.pk]
        assert _listed(client, f"?level={Level.SENDING_ORGANIZATION}") == [wages.pk]

    def test_it_finds_breached_clocks_and_cases_assigned_to_me(self, client: Client, cast: Cast) -> None:
        with time_machine.travel(timezone.now() - datetime.timedelta(hours=30)):
            late = budis_case(cast)
        mine = budis_case(cast)
        assign_case(
            case_id=mine.pk, organization=cast.lpk, person=cast.lpk_officer, by=cast.lpk_officer, version=mine.version
        )
        client.force_login(cast.lpk_officer)
        assert _listed(client, "?clock=breached") == [late.pk]
        assert _listed(client, "?mine=on") == [mine.pk]

    def test_it_pages_by_keyset(self, client: Client, cast: Cast, settings: object) -> None:
        settings.CASE_PAGE_SIZE = 2  # type: ignore[attr-defined]
        cases = [budis_case(cast) for _ in range(3)]
        client.force_login(cast.lpk_officer)
        first = client.get(LIST)
        assert [c.pk for c in first.context["page"].rows] == [cases[2].pk, cases[1].pk]
        second = client.get(LIST + first.context["next_query"])
        assert [c.pk for c in second.context["page"].rows] == [cases[0].pk]

    def test_it_answers_a_bad_filter_with_the_open_cases_and_a_bad_cursor_with_400(
        self, client: Client, cast: Cast
    ) -> None:
        case = budis_case(cast)
        client.force_login(cast.lpk_officer)
        assert _listed(client, "?level=9&status=nonsense") == [case.pk]
        assert client.get(LIST + "?after=not-a-cursor").status_code == 400

    def test_it_shows_no_reporter_in_the_list(self, client: Client, cast: Cast) -> None:
        budis_case(cast)
        client.force_login(cast.lpk_officer)
        content = client.get(LIST).content.decode()
        assert "Budi" not in content
        assert STORY not in content


class TestCasePage:
    def test_it_shows_the_reporter_and_their_words_to_the_lpk(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        client.force_login(cast.lpk_officer)
        content = client.get(_url(case)).content.decode()
        assert "Budi Santoso" in content
        assert STORY in content
        assert MESSAGE in content

    @pytest.mark.parametrize(
        ("language", "sentence"),
        [
            ("id", "Kasus jenis ini langsung diteruskan ke kementerian dan kedutaan."),
            ("ja", "この種類の案件は直ちに労働省と大使館に送られます。"),
            ("en", "This kind of case goes to the ministry and the embassy at once."),
        ],
    )
    def test_it_gives_the_rules_reason_for_an_escalation_in_the_readers_language(
        self, client: Client, cast: Cast, language: str, sentence: str
    ) -> None:
        # Opened with English active, as the demo and the sweep run (no request).
        with translation.override("en"):
            case = budis_case(cast, category=Category.VIOLENCE)
        with translation.override("id"), time_machine.travel(case.opened_at + datetime.timedelta(hours=25)):
            clocked = budis_case(cast)
            sweep_case_clocks(now=timezone.now() + datetime.timedelta(hours=25))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(cast.ministry_officer)
        assert sentence in client.get(_url(case)).content.decode()
        with translation.override(language):
            clock_sentence = gettext("Nobody acknowledged the case within %(hours)s hours.") % {"hours": 24}
        assert clock_sentence in client.get(_url(clocked)).content.decode()

    @pytest.mark.parametrize(
        ("written_in", "reader", "shown"),
        [
            ("id", "id", "Bahasa Indonesia"),
            ("id", "ja", "インドネシア語"),
            ("ja", "id", "Bahasa Jepang"),
            ("xx", "id", "xx"),
        ],
    )
    def test_it_names_the_language_the_reporter_wrote_in(
        self, client: Client, cast: Cast, written_in: str, reader: str, shown: str
    ) -> None:
        case = budis_case(cast)
        Case.objects.filter(pk=case.pk).update(language=written_in)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = reader
        client.force_login(cast.lpk_officer)
        page = client.get(_url(case)).content.decode()
        assert re.search(rf"<dd>{re.escape(shown)}</dd>", page)

    @pytest.mark.parametrize("who", ["lpk_officer", "ministry_officer"])
    def test_it_gives_every_field_of_every_form_its_own_id(self, client: Client, cast: Cast, who: str) -> None:
        # Several forms have a field of the same name: a label must point at its own.
        case = referred_case(cast, Body.SUPERVISING_ORGANIZATION)
        client.force_login(getattr(cast, who))
        page = client.get(_url(case)).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert {"refer-organization", "consent-organization", "assign-organization"} <= set(ids)
        assert [i for i in set(ids) if ids.count(i) > 1] == []
        for target in re.findall(r'<label for="([^"]+)"', page):
            assert target in ids

    @pytest.mark.parametrize(
        ("language", "sentence"),
        [
            ("ja", "先方の整理番号：MSC-&lt;7&gt;"),
            ("id", "Nomor rujukan mereka: MSC-&lt;7&gt;"),
            ("en", "Their reference: MSC-&lt;7&gt;"),
        ],
    )
    def test_it_writes_a_referrals_reference_as_a_sentence_of_the_readers_language(
        self, client: Client, cast: Cast, language: str, sentence: str
    ) -> None:
        case = referred_case(cast, Body.SUPERVISING_ORGANIZATION)
        Referral.objects.filter(case=case).update(reference="MSC-<7>")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(cast.supervising_officer)
        assert sentence in client.get(_url(case)).content.decode()

    def test_it_shows_a_handlers_own_reason_for_an_escalation_as_typed(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        escalate_case(
            case_id=case.pk,
            to=Level.MINISTRY_AND_EMBASSY,
            by=cast.lpk_officer,
            version=case.version,
            reason="Majikan <b>mengancam</b>.",
        )
        client.force_login(cast.ministry_officer)
        assert "Majikan &lt;b&gt;mengancam&lt;/b&gt;." in client.get(_url(case)).content.decode()

    def test_it_shows_an_lpks_internal_note_to_the_ministry_not_the_embassy(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        case = assign_case(
            case_id=case.pk, organization=cast.ministry, person=None, by=cast.ministry_officer, version=case.version
        )
        write_note(
            case_id=case.pk,
            text="Catatan internal LPK.",
            visibility=Visibility.INTERNAL,
            by=cast.lpk_officer,
            organization=cast.lpk,
        )
        client.force_login(cast.ministry_officer)
        assert "Catatan internal LPK." in client.get(_url(case)).content.decode()
        client.force_login(cast.embassy_officer)
        case = Case.objects.get(pk=case.pk)
        Case.objects.filter(pk=case.pk).update(level=Level.MINISTRY_AND_EMBASSY)
        assert "Catatan internal LPK." not in client.get(_url(case)).content.decode()

    def test_it_offers_the_steering_forms_only_to_the_handler(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        client.force_login(cast.lpk_viewer)
        context = client.get(_url(case)).context
        assert not context["may_steer"]
        assert context.get("refer_form") is None
        assert context["note_form"] is None
        client.force_login(cast.lpk_officer)
        context = client.get(_url(case)).context
        assert context["refer_form"] is not None
        assert [value for value, _label in context["status_form"].fields["to"].choices] == [
            Status.ACKNOWLEDGED,
            Status.IN_PROGRESS,
        ]

    def test_it_acknowledges_and_says_so(self, english: Client, cast: Cast) -> None:
        case = budis_case(cast)
        english.force_login(cast.lpk_officer)
        response = english.post(_url(case, "status"), {"version": case.version, "to": Status.ACKNOWLEDGED}, follow=True)
        assert Case.objects.get(pk=case.pk).status == Status.ACKNOWLEDGED
        assert "The case is now acknowledged." in response.content.decode()


class TestAnswersAtTheAction:
    def test_it_refuses_a_referral_without_consent_at_the_refer_form_keeping_what_was_typed(
        self, english: Client, cast: Cast
    ) -> None:
        case = budis_case(cast)
        english.force_login(cast.lpk_officer)
        typed = {"version": case.version, "body": Body.POLICE, "shared": "Kekerasan di asrama.", "reference": "P-77"}
        response = english.post(_url(case, "refer"), typed)
        assert response.status_code == 400
        form = response.context["refer_form"]
        assert "has not consented" in str(form.errors["body"])
        content = response.content.decode()
        assert "Kekerasan di asrama." in content
        assert 'value="P-77"' in content
        assert not Referral.objects.exists()

    def test_it_answers_htmx_with_the_section_alone(self, english: Client, cast: Cast) -> None:
        case = budis_case(cast)
        english.force_login(cast.lpk_officer)
        response = english.post(
            _url(case, "refer"), {"version": case.version, "body": Body.OTIT, "shared": ""}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 422
        content = response.content.decode()
        assert content.lstrip().startswith('<section class="card" id="refer">')
        assert "<html" not in content

    def test_it_refuses_a_stale_form_showing_the_case_as_it_is_now(self, english: Client, cast: Cast) -> None:
        case = budis_case(cast)
        read = case.version
        change_status(case_id=case.pk, to=Status.ACKNOWLEDGED, by=cast.ministry_officer, version=read)
        english.force_login(cast.lpk_officer)
        typed = {"version": read, "outcome": "Upah dibayar.", "remedy": "wages_paid_back"}
        response = english.post(_url(case, "resolve"), typed)
        assert response.status_code == 400
        form = response.context["resolve_form"]
        assert "Someone else changed this case" in str(form.non_field_errors())
        current = Case.objects.get(pk=case.pk)
        assert current.status == Status.ACKNOWLEDGED
        # What was typed stays, now against the version on the page: sending again is a deliberate choice.
        assert form["version"].value() == str(current.version)
        assert "Upah dibayar." in response.content.decode()
        again = english.post(_url(case, "resolve"), {**typed, "version": current.version})
        assert again.status_code == 302
        assert Case.objects.get(pk=case.pk).status == Status.RESOLVED

    def test_it_reopens_a_closed_case_only_with_a_reason(self, english: Client, cast: Cast) -> None:
        case = budis_case(cast)
        case = change_status(case_id=case.pk, to=Status.IN_PROGRESS, by=cast.lpk_officer, version=case.version)
        case = change_status(case_id=case.pk, to=Status.RESOLVED, by=cast.lpk_officer, version=case.version)
        english.force_login(cast.lpk_officer)
        refused = english.post(_url(case, "status"), {"version": case.version, "to": Status.IN_PROGRESS})
        assert refused.status_code == 400
        assert "Say why the case is reopened." in str(refused.context["status_form"].errors["reason"])
        english.post(
            _url(case, "status"), {"version": case.version, "to": Status.IN_PROGRESS, "reason": "Belum dibayar."}
        )
        assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS


class TestNotesAndConsents:
    def test_it_sends_a_message_to_the_reporter(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        client.force_login(cast.lpk_officer)
        client.post(_url(case, "note"), {"visibility": Visibility.REPORTER, "text": "Kami akan menelepon Anda."})
        note = Note.objects.filter(case=case, from_reporter=False).get()
        assert (note.visibility, note.organization) == (Visibility.REPORTER, cast.lpk)

    def test_it_records_a_consent_given_by_phone_then_refers_with_it(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        client.force_login(cast.lpk_officer)
        client.post(_url(case, "consent"), {"purpose": "referral", "body": Body.OTIT, "given_by": "by_phone"})
        consent = case.consents.get()
        assert consent.recorded_by == cast.lpk_officer
        response = client.post(_url(case, "refer"), {"version": case.version, "body": Body.OTIT, "shared": "Upah."})
        assert response.status_code == 302
        assert case.referrals.get().consent == consent
        client.post(_url(case, f"consent/{consent.pk}/withdraw"))
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None

    @pytest.mark.parametrize("body", [Body.SUPERVISING_ORGANIZATION, Body.COMPANY])
    def test_it_records_a_consent_for_the_organization_the_case_names_left_empty_then_refers_with_it(
        self, client: Client, cast: Cast, body: Body
    ) -> None:
        # The form's help says to leave it empty for the company or supervising organization the case names.
        case = budis_case(cast)
        named = cast.supervising if body == Body.SUPERVISING_ORGANIZATION else cast.company
        client.force_login(cast.lpk_officer)
        response = client.post(
            _url(case, "consent"), {"purpose": "referral", "body": body, "organization": "", "given_by": "by_phone"}
        )
        assert response.status_code == 302
        consent = case.consents.get()
        assert (consent.body, consent.organization) == (body, None)
        response = client.post(
            _url(case, "refer"), {"version": case.version, "body": body, "organization": named.pk, "shared": "Upah."}
        )
        assert response.status_code == 302
        assert case.referrals.get().consent == consent

    def test_it_refuses_a_consent_naming_an_organization_of_another_kind(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        client.force_login(cast.lpk_officer)
        response = client.post(
            _url(case, "consent"),
            {"purpose": "referral", "body": Body.COMPANY, "organization": cast.supervising.pk, "given_by": "in_person"},
        )
        assert response.status_code == 400
        assert "organization" in response.context["consent_form"].errors
        assert not case.consents.exists()


def test_it_lets_the_organization_a_case_was_referred_to_write_notes_but_not_steer(client: Client, cast: Cast) -> None:
    case = referred_case(cast, Body.SUPERVISING_ORGANIZATION)
    client.force_login(cast.supervising_officer)
    version = Case.objects.get(pk=case.pk).version
    for action, data in [
        ("status", {"version": version, "to": Status.ACKNOWLEDGED}),
        ("assign", {"version": version, "organization": cast.supervising.pk}),
        ("escalate", {"version": version, "to": Level.MINISTRY_AND_EMBASSY, "reason": "x"}),
        ("refer", {"version": version, "body": Body.POLICE, "shared": "x"}),
        ("consent", {"purpose": "reveal_identity", "body": Body.SUPERVISING_ORGANIZATION, "given_by": "by_phone"}),
        ("resolve", {"version": version, "outcome": "x", "remedy": "none"}),
    ]:
        assert client.post(_url(case, action), data).status_code == 404, action
    # Never a message to the reporter: that channel stays on the worker's side.
    refused = client.post(_url(case, "note"), {"visibility": Visibility.REPORTER, "text": "Siapa Anda?"})
    assert refused.status_code == 400
    client.post(_url(case, "note"), {"visibility": Visibility.SHARED, "text": "Kami sudah memeriksa jam kerja."})
    note = Note.objects.filter(case=case).latest("pk")  # the text is encrypted: found by its case, then read
    assert note.text == "Kami sudah memeriksa jam kerja."
    assert note.organization == cast.supervising
    assert Case.objects.get(pk=case.pk).version == version


def test_it_records_a_reference_that_comes_after_the_referral_at_the_referral(english: Client, cast: Cast) -> None:
    case = referred_case(cast, Body.COMPANY)
    referral = case.referrals.get()
    english.force_login(cast.lpk_officer)
    url = _url(case, f"referrals/{referral.pk}/reference")
    refused = english.post(url, {"reference": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert refused.content.decode().lstrip().startswith('<section class="card" id="referrals">')
    assert "This field is required." in refused.content.decode()
    english.post(url, {"reference": "JITCO-55"})
    referral.refresh_from_db()
    assert referral.reference == "JITCO-55"
    # The company it was referred to reads the reference but may not change it.
    english.force_login(cast.company_officer)
    assert english.post(url, {"reference": "X"}).status_code == 404


def test_it_lists_a_page_in_the_same_number_of_queries_however_many_cases(client: Client, cast: Cast) -> None:
    for _ in range(2):
        budis_case(cast)
    client.force_login(cast.lpk_officer)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(12):
        budis_case(cast)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


class TestFiles:
    """The reporter's files are read where their words are: by those who may
    know who reported the case, never by an organization it was referred to
    without that consent."""

    def test_it_serves_a_file_to_the_handler_and_logs_the_read(self, client: Client, cast: Cast) -> None:
        case = budis_case(cast)
        attachment = add_attachment(
            case_id=case.pk, file=upload(PNG, "IMG_budi_dormitory.png"), by=cast.participant_user, from_reporter=True
        )
        client.force_login(cast.lpk_officer)
        page = client.get(_url(case)).content.decode()
        assert f"/protection/cases/{case.pk}/files/{attachment.pk}/" in page
        response = client.get(f"/protection/cases/{case.pk}/files/{attachment.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert AuditEntry.objects.for_object(case).filter(action=AuditAction.VIEWED_SENSITIVE).exists()

    def test_it_answers_404_to_an_organization_the_case_was_referred_to_without_identity(
        self, client: Client, cast: Cast
    ) -> None:
        case = referred_case(cast, Body.SUPERVISING_ORGANIZATION)
        attachment = add_attachment(case_id=case.pk, file=upload(PNG), by=cast.participant_user, from_reporter=True)
        client.force_login(cast.supervising_officer)
        assert client.get(_url(case)).status_code == 200
        assert f"/files/{attachment.pk}/" not in client.get(_url(case)).content.decode()
        assert client.get(f"/protection/cases/{case.pk}/files/{attachment.pk}/").status_code == 404

    def test_it_answers_404_for_a_file_of_another_case(self, client: Client, cast: Cast) -> None:
        case, other = budis_case(cast), budis_case(cast)
        attachment = add_attachment(case_id=other.pk, file=upload(PNG), by=cast.participant_user, from_reporter=True)
        client.force_login(cast.lpk_officer)
        assert client.get(f"/protection/cases/{case.pk}/files/{attachment.pk}/").status_code == 404
