"""The offer pages through real URLs: the bilingual offer and its PDF, the
participant's answer with a confirmation step, the LPK/SO's record with the
signed page, withdrawal; a participant's own page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from audit.models import AuditAction, AuditEntry
from lib.tests import samples
from participants.models import Status
from placements.models import Offer, OfferStatus, Placement
from placements.tests.test_offers import login_for
from placements.tests.world import Selection, schedule, select
from tests.cast import Cast


@pytest.fixture
def offer(cast: Cast, selection: Selection) -> Offer:
    return select(selection, selection.candidates[0], cast.company_officer)


def test_the_offer_reads_in_indonesian_and_japanese_whatever_the_readers_language(
    english: Client, cast: Cast, offer: Offer
) -> None:
    english.force_login(cast.company_officer)
    page = english.get(f"/placements/offers/{offer.pk}/").content.decode()
    assert '<div lang="id">' in page
    assert '<div lang="ja">' in page
    assert page.count("¥185,000") + page.count("¥185.000") == 2
    assert page.count("155") >= 2  # what is left after deductions, in both
    assert "Withdraw the offer" in page
    assert "Accept the offer" not in page


def test_the_pdf_holds_both_languages_and_its_download_is_recorded(english: Client, cast: Cast, offer: Offer) -> None:
    english.force_login(cast.lpk_officer)
    response = english.get(f"/placements/offers/{offer.pk}/offer.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ana Santoso" in text
    assert "日本語" in text
    assert "Bahasa Indonesia" in text
    assert AuditEntry.objects.for_object(offer).filter(action=AuditAction.VIEWED_SENSITIVE).exists()


def test_the_participant_accepts_after_a_confirmation(
    client: Client, cast: Cast, selection: Selection, offer: Offer
) -> None:
    client.force_login(login_for(selection.candidates[0]))
    url = f"/placements/offers/{offer.pk}/"
    page = client.get(url).content.decode()
    assert 'name="answer" value="accept"' in page
    asked = client.post(f"{url}answer/", {"answer": "accept"})
    assert asked.status_code == 200
    assert 'name="confirmed" value="true"' in asked.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SENT
    done = client.post(f"{url}answer/", {"answer": "accept", "confirmed": "true"})
    assert done.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert Placement.objects.filter(participant=selection.candidates[0]).exists()


def test_an_accept_after_withdrawal_is_refused_in_the_readers_language(
    english: Client, cast: Cast, selection: Selection, offer: Offer
) -> None:
    from placements.actions import offers  # noqa: PLC0415

    english.force_login(login_for(selection.candidates[0]))
    offers.withdraw_offer(offer_id=offer.pk, reason="The line closes", by=cast.company_officer)
    for data in ({"answer": "accept"}, {"answer": "accept", "confirmed": "true"}):
        response = english.post(f"/placements/offers/{offer.pk}/answer/", data)
        assert response.status_code == 400
        assert "This offer was withdrawn on" in response.content.decode()
    assert not Placement.objects.exists()


def test_nobody_else_answers_the_offer(client: Client, cast: Cast, selection: Selection, offer: Offer) -> None:
    for user in (login_for(selection.candidates[1]), cast.participant_user, cast.lpk_officer, cast.company_officer):
        client.force_login(user)
        response = client.post(f"/placements/offers/{offer.pk}/answer/", {"answer": "accept", "confirmed": "true"})
        assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SENT


def test_the_lpk_records_a_decline_with_the_signed_page(
    english: Client, cast: Cast, selection: Selection, offer: Offer
) -> None:
    english.force_login(cast.lpk_officer)
    url = f"/placements/offers/{offer.pk}/record/"
    bad = SimpleUploadedFile("surat.pdf", samples.web_page(), content_type="application/pdf")
    refused = english.post(url, {"answer": "decline", "signed_page": bad, "reason": "Family"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Upload a PDF, JPEG or PNG file." in page
    assert "Family" in page  # the note typed is kept
    good = SimpleUploadedFile("surat.jpg", samples.jpeg(), content_type="image/jpeg")
    assert english.post(url, {"answer": "decline", "signed_page": good, "reason": "Family"}).status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.answered_by, offer.signed_page_type) == (
        OfferStatus.DECLINED,
        cast.lpk_officer,
        "image/jpeg",
    )
    selection.candidates[0].refresh_from_db()
    assert selection.candidates[0].status == Status.READY
    signed = english.get(f"/placements/offers/{offer.pk}/signed-page/")
    assert signed.status_code == 200
    assert signed["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_withdrawing_asks_for_a_reason_and_a_confirmation(english: Client, cast: Cast, offer: Offer) -> None:
    english.force_login(cast.supervising_officer)
    url = f"/placements/offers/{offer.pk}/withdraw/"
    assert english.post(url, {"reason": " "}).status_code == 400
    asked = english.post(url, {"reason": "Order reduced"})
    assert "Withdraw the offer to Ana Santoso?" in asked.content.decode()
    assert english.post(url, {"reason": "Order reduced", "confirmed": "true"}).status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.reason) == (OfferStatus.WITHDRAWN, "Order reduced")


def test_the_participant_sees_their_own_interview_and_offer_on_their_page(
    client: Client, cast: Cast, selection: Selection
) -> None:
    ana, bayu, _ = selection.candidates
    user = login_for(ana)
    schedule(selection, ana, cast.company_officer, hours=30, mode="in_person", place="LPK Sakura, Bekasi")
    schedule(selection, bayu, cast.company_officer, hours=31)
    client.force_login(user)
    page = client.get(f"/placements/participants/{ana.pk}/").content.decode()
    assert "LPK Sakura, Bekasi" in page
    assert "WIB" in page
    assert "JST" in page
    assert "Bayu" not in page
    assert client.get(f"/placements/participants/{bayu.pk}/").status_code == 404
