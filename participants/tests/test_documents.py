"""Documents: uploads are checked by their content (never their name) and
size, replaced ones are kept, staff verify, and files are served only
through the access check, each read audit-logged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from lib.tests import samples
from participants import actions
from participants.models import Document
from participants.tests.records import days_from_today, document, upload
from reference.models import DocumentKind
from tests.cast import Cast

pytestmark = pytest.mark.usefixtures("media")


def _post(client: Client, cast: Cast, name: str, content: bytes, **fields: str):
    data: dict[str, object] = {"kind": DocumentKind.IDENTITY_CARD, "number": "", "issued_on": "", "expires_on": ""}
    data.update(fields)
    data["file"] = upload(name, content)
    return client.post(f"/participants/{cast.budi.pk}/documents/new/", data)


# --- uploading ----------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        ("ktp.pdf", samples.pdf(), "application/pdf", ".pdf"),
        ("IMG_2031.JPG", samples.jpeg(), "image/jpeg", ".jpg"),
        ("scan.png", samples.png(), "image/png", ".png"),
        ("ktp-photo.pdf", samples.jpeg(), "image/jpeg", ".jpg"),
    ],
    ids=["pdf", "jpeg", "png", "jpeg-named-pdf"],
)
def test_it_accepts_pdf_jpeg_and_png_by_content(
    client: Client, cast: Cast, media: Path, case: tuple[str, bytes, str, str]
) -> None:
    name, content, content_type, suffix = case
    client.force_login(cast.lpk_officer)
    response = _post(client, cast, name, content)
    assert response.status_code == 302
    stored = Document.objects.get(participant=cast.budi)
    assert (stored.content_type, stored.original_name, stored.size) == (content_type, name, len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.uploaded_by == cast.lpk_officer
    assert not stored.is_verified
    # The stored name says neither who nor what was uploaded; its suffix comes from the content.
    assert stored.file.name.endswith(suffix)
    assert "ktp" not in stored.file.name
    assert (media / stored.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [("ktp.pdf", samples.windows_program()), ("ktp.pdf", samples.web_page()), ("ktp.pdf", b"")],
    ids=["renamed-exe", "renamed-html", "empty"],
)
def test_it_refuses_a_file_that_is_not_what_its_name_says(
    english: Client, cast: Cast, media: Path, name: str, content: bytes
) -> None:
    client = english
    client.force_login(cast.lpk_officer)
    response = _post(client, cast, name, content, number="3216011705020001")
    assert response.status_code == 400
    form = response.context["form"]
    assert "file" in form.errors
    # What was typed stays; the file must be chosen again, and the page says so.
    assert form["number"].value() == "3216011705020001"
    assert "browsers do not keep a chosen file" in response.content.decode()
    assert not Document.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_it_says_what_is_wrong_with_a_renamed_program(english: Client, cast: Cast) -> None:
    client = english
    client.force_login(cast.lpk_officer)
    response = _post(client, cast, "ktp.pdf", samples.windows_program(), kind=DocumentKind.DIPLOMA)
    message = str(response.context["form"].errors["file"][0])
    assert "PDF, JPEG or PNG" in message
    assert "whatever its name says" in message


def test_a_photo_must_be_a_picture(english: Client, cast: Cast) -> None:
    client = english
    client.force_login(cast.lpk_officer)
    response = _post(client, cast, "photo.pdf", samples.pdf(), kind=DocumentKind.PHOTO)
    assert response.status_code == 400
    assert "JPEG or PNG" in str(response.context["form"].errors["file"][0])
    assert _post(client, cast, "photo.png", samples.png(), kind=DocumentKind.PHOTO).status_code == 302


def test_it_refuses_a_file_over_the_size_limit(english: Client, cast: Cast, settings: Settings) -> None:
    settings.DOCUMENT_MAX_BYTES = 1000
    client = english
    client.force_login(cast.lpk_officer)
    response = _post(client, cast, "big.jpg", samples.jpeg() + b"\x00" * 1000)
    assert response.status_code == 400
    assert "limit" in str(response.context["form"].errors["file"][0])
    assert _post(client, cast, "small.jpg", samples.jpeg()).status_code == 302


def test_the_size_limit_fits_a_cheap_phones_photo() -> None:
    assert django_settings.DOCUMENT_MAX_BYTES >= 6 * 1024 * 1024


def test_the_action_checks_the_content_whoever_calls_it(cast: Cast) -> None:
    with pytest.raises(actions.FileRefused):
        document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer, content=samples.web_page())
    assert not Document.objects.exists()


def test_a_passport_needs_its_number_and_expiry(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = _post(client, cast, "passport.jpg", samples.jpeg(), kind=DocumentKind.PASSPORT)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"number", "expires_on"}
    response = _post(
        client,
        cast,
        "passport.jpg",
        samples.jpeg(),
        kind=DocumentKind.PASSPORT,
        number="C1234567",
        expires_on=days_from_today(3650).isoformat(),
    )
    assert response.status_code == 302
    assert Document.objects.get().number == "C1234567"


def test_the_upload_is_audited(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    _post(client, cast, "ktp.pdf", samples.pdf())
    stored = Document.objects.get()
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.UPDATED)
    assert entry.actor == cast.lpk_officer
    assert entry.changes["documents"][0] is None
    assert f"#{stored.pk}" in entry.changes["documents"][1]


def test_a_participant_uploads_their_own_papers_from_a_phone(client: Client, cast: Cast) -> None:
    client.force_login(cast.participant_user)
    form_page = client.get(f"/participants/{cast.budi.pk}/documents/new/?kind=photo").content.decode()
    assert 'accept="image/*,application/pdf"' in form_page
    assert 'enctype="multipart/form-data"' in form_page
    assert _post(client, cast, "selfie.jpg", samples.jpeg(), kind=DocumentKind.PHOTO).status_code == 302
    assert Document.objects.get().uploaded_by == cast.participant_user


@pytest.mark.parametrize("persona", ["lpk_viewer", "ministry_viewer", "other_lpk_officer", "outsider"])
def test_others_may_not_upload(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert _post(client, cast, "ktp.pdf", samples.pdf()).status_code == 404
    assert not Document.objects.exists()


# --- replacing ----------------------------------------------------------------


def test_a_new_passport_supersedes_the_old_one_which_is_kept(cast: Cast) -> None:
    old = document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="A1", expires_on=days_from_today(30))
    actions.verify_document(document_id=old.pk, by=cast.lpk_officer)
    new = document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="B2", expires_on=days_from_today(3650))
    old.refresh_from_db()
    assert old.superseded_at is not None
    assert old.file.storage.exists(old.file.name)
    assert list(Document.objects.filter(participant=cast.budi).current()) == [new]
    # What was verified was the old paper, not this one.
    assert not new.is_verified


def test_training_certificates_accumulate(cast: Cast) -> None:
    first = document(cast.budi, DocumentKind.TRAINING_CERTIFICATE, cast.lpk_officer)
    second = document(cast.budi, DocumentKind.TRAINING_CERTIFICATE, cast.lpk_officer)
    assert set(Document.objects.filter(participant=cast.budi).current()) == {first, second}


# --- verifying ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["lpk_officer", "blk_officer", "ministry_officer"])
def test_staff_who_may_change_the_record_verify_a_document(client: Client, cast: Cast, persona: str) -> None:
    stored = document(cast.budi, DocumentKind.DIPLOMA, cast.participant_user)
    client.force_login(getattr(cast, persona))
    response = client.post(f"/participants/{cast.budi.pk}/documents/{stored.pk}/verify/")
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.verified_by == getattr(cast, persona)
    assert stored.verified_at is not None
    entry = AuditEntry.objects.for_object(cast.budi).filter(changes__has_key="documents.verified").get()
    assert entry.actor == getattr(cast, persona)


@pytest.mark.parametrize("persona", ["participant_user", "lpk_viewer", "other_lpk_officer"])
def test_the_participant_and_readers_may_not_verify(client: Client, cast: Cast, persona: str) -> None:
    stored = document(cast.budi, DocumentKind.DIPLOMA, cast.participant_user)
    client.force_login(getattr(cast, persona))
    assert client.post(f"/participants/{cast.budi.pk}/documents/{stored.pk}/verify/").status_code == 404
    stored.refresh_from_db()
    assert not stored.is_verified


def test_verifying_needs_a_post(client: Client, cast: Cast) -> None:
    stored = document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer)
    client.force_login(cast.lpk_officer)
    assert client.get(f"/participants/{cast.budi.pk}/documents/{stored.pk}/verify/").status_code == 405


def test_a_replaced_document_cannot_be_verified(client: Client, cast: Cast) -> None:
    old = document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer)
    document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer)
    with pytest.raises(actions.DocumentSuperseded):
        actions.verify_document(document_id=old.pk, by=cast.lpk_officer)
    client.force_login(cast.lpk_officer)
    response = client.post(f"/participants/{cast.budi.pk}/documents/{old.pk}/verify/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


# --- serving ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["lpk_officer", "blk_officer", "ministry_viewer", "participant_user"])
def test_whoever_sees_the_participant_reads_the_file_and_the_read_is_recorded(
    client: Client, cast: Cast, persona: str
) -> None:
    stored = document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer, content=samples.pdf())
    client.force_login(getattr(cast, persona))
    response = client.get(f"/participants/{cast.budi.pk}/documents/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf()  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.VIEWED_SENSITIVE)
    assert entry.actor == getattr(cast, persona)
    assert entry.changes == {f"documents.diploma#{stored.pk}": None}


def test_a_picture_is_shown_in_a_sandbox(client: Client, cast: Cast) -> None:
    stored = document(cast.budi, DocumentKind.PHOTO, cast.lpk_officer, content=samples.png())
    client.force_login(cast.participant_user)
    response = client.get(f"/participants/{cast.budi.pk}/documents/{stored.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "persona",
    [
        "other_lpk_officer",
        "other_blk_officer",
        "embassy_officer",
        "association_officer",
        "supervising_officer",
        "company_officer",
        "prefecture_officer",
        "outsider",
    ],
)
def test_out_of_scope_users_get_404_for_the_file(client: Client, cast: Cast, persona: str) -> None:
    stored = document(cast.budi, DocumentKind.IDENTITY_CARD, cast.lpk_officer)
    client.force_login(getattr(cast, persona))
    assert client.get(f"/participants/{cast.budi.pk}/documents/{stored.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE).exists()


def test_a_document_is_not_reachable_under_another_participants_url(client: Client, cast: Cast) -> None:
    """Seeing siti does not open budi's papers by putting siti's id in the URL."""
    stored = document(cast.budi, DocumentKind.IDENTITY_CARD, cast.lpk_officer)
    client.force_login(cast.other_lpk_officer)
    assert client.get(f"/participants/{cast.siti.pk}/documents/{stored.pk}/").status_code == 404


def test_the_file_needs_a_login(client: Client, cast: Cast) -> None:
    stored = document(cast.budi, DocumentKind.IDENTITY_CARD, cast.lpk_officer)
    response = client.get(f"/participants/{cast.budi.pk}/documents/{stored.pk}/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_no_url_serves_the_media_folder(client: Client, cast: Cast) -> None:
    stored = document(cast.budi, DocumentKind.IDENTITY_CARD, cast.lpk_officer)
    client.force_login(cast.ministry_admin)
    assert client.get(f"/{django_settings.MEDIA_URL}{stored.file.name}").status_code == 404
    assert client.get(f"/media/{stored.file.name}").status_code == 404


# --- on the page --------------------------------------------------------------


def test_the_page_marks_missing_expired_and_soon_expiring_documents(client: Client, cast: Cast) -> None:
    document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="A1", expires_on=days_from_today(60))
    document(cast.budi, DocumentKind.DIPLOMA, cast.lpk_officer)
    certificate = document(cast.budi, DocumentKind.TRAINING_CERTIFICATE, cast.lpk_officer)
    Document.objects.filter(pk=certificate.pk).update(expires_on=days_from_today(-1))
    client.force_login(cast.participant_user)
    groups = {group.kind: group for group in client.get(f"/participants/{cast.budi.pk}/").context["documents"]}
    assert [row.expiry for row in groups[DocumentKind.PASSPORT].current] == ["soon"]
    assert [row.expiry for row in groups[DocumentKind.DIPLOMA].current] == [""]
    assert [row.expiry for row in groups[DocumentKind.TRAINING_CERTIFICATE].current] == ["expired"]
    assert groups[DocumentKind.FAMILY_CARD].current == ()
