"""A grievance through each door, with its first file; files checked by
their content; the reporter's consents."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from audit import actions as audit
from audit.models import AuditEntry
from placements.tests.duty_world import budi_at_work
from protection.actions.cases import CaseDetails, CaseError
from protection.actions.intake import (
    add_attachment,
    record_call_or_visit,
    report_anonymously,
    report_as_participant,
    reporter_consents,
)
from protection.models import Attachment, Body, Case, Category, ConsentGivenBy, ConsentPurpose, Door
from protection.tests.files import PDF, PNG, PROGRAM, WEB_PAGE, upload
from tests.cast import Cast

pytestmark = pytest.mark.django_db

STORY = "Gaji bulan ini dipotong tanpa alasan."


def _details(**extra: object) -> CaseDetails:
    return CaseDetails(category=Category.WAGES, description=STORY, **extra)  # type: ignore[arg-type]


def test_it_names_the_company_and_supervisor_of_the_workers_placement(cast: Cast) -> None:
    placement = budi_at_work(cast)
    case = report_as_participant(participant=cast.budi, details=_details(), file=None, by=cast.participant_user)
    assert case.door == Door.PARTICIPANT
    assert (case.participant, case.placement) == (cast.budi, placement)
    assert case.company == placement.company
    assert case.supervising_organization == placement.supervising_organization
    assert case.assigned_organization == cast.lpk


def test_it_reports_a_worker_not_yet_placed_without_a_company(cast: Cast) -> None:
    case = report_as_participant(participant=cast.budi, details=_details(), file=None, by=cast.participant_user)
    assert case.placement is None
    assert case.company is None


@pytest.mark.parametrize(("content", "kind"), [(PNG, "image/png"), (PDF, "application/pdf")])
def test_it_stores_a_file_by_its_content_under_a_name_of_its_own(cast: Cast, content: bytes, kind: str) -> None:
    case = report_as_participant(
        participant=cast.budi,
        details=_details(),
        file=upload(content, "IMG_Budi_Santoso.jpg"),
        by=cast.participant_user,
    )
    attachment = case.attachments.get()
    assert attachment.content_type == kind
    assert attachment.size == len(content)
    assert attachment.from_reporter
    assert "Budi" not in attachment.file.name
    assert attachment.file.name.endswith(".png" if kind == "image/png" else ".pdf")


@pytest.mark.parametrize("content", [PROGRAM, WEB_PAGE, b""])
def test_it_refuses_a_file_that_is_not_a_photo_or_pdf_and_keeps_no_case(cast: Cast, content: bytes) -> None:
    with pytest.raises(CaseError) as refused:
        report_anonymously(details=_details(), pin="482913", file=upload(content, "foto.jpg"))
    assert refused.value.field == "file"
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(cast: Cast, settings: Settings) -> None:
    settings.DOCUMENT_MAX_BYTES = len(PNG) - 1
    case = report_as_participant(participant=cast.budi, details=_details(), file=None, by=cast.participant_user)
    with pytest.raises(CaseError) as refused:
        add_attachment(case_id=case.pk, file=upload(PNG), by=cast.participant_user, from_reporter=True)
    assert refused.value.field == "file"
    assert not case.attachments.exists()


def test_it_keeps_nothing_that_identifies_an_anonymous_reporter(cast: Cast) -> None:
    case = report_anonymously(details=_details(), pin="482913", file=upload(PNG, "IMG_Budi.png"))
    assert (case.participant, case.placement, case.recorded_by) == (None, None, None)
    assert case.attachments.get().uploaded_by is None
    entries = [*AuditEntry.objects.for_object(case), *AuditEntry.objects.for_object(case.attachments.get())]
    assert len(entries) == 2
    assert all(entry.actor is None for entry in entries)
    written = " ".join(str(entry.changes) for entry in AuditEntry.objects.all())
    assert STORY not in written
    assert "IMG_Budi" not in written
    assert audit.MASKED in written


def test_it_refuses_an_anonymous_report_that_names_a_worker(cast: Cast) -> None:
    with pytest.raises(CaseError):
        report_anonymously(details=_details(participant=cast.budi), pin="482913", file=None)


def test_it_records_a_call_about_a_named_worker_with_their_placement(cast: Cast) -> None:
    placement = budi_at_work(cast)
    case = record_call_or_visit(details=_details(), door=Door.HOTLINE, worker=cast.budi, file=None, by=cast.lpk_officer)
    assert (case.door, case.participant, case.company) == (Door.HOTLINE, cast.budi, placement.company)
    assert case.recorded_by == cast.lpk_officer


def test_it_routes_a_visit_by_an_unnamed_worker_to_the_ministry(cast: Cast) -> None:
    case = record_call_or_visit(
        details=_details(company=cast.company), door=Door.VISIT, worker=None, file=None, by=cast.embassy_officer
    )
    assert case.participant is None
    assert case.company == cast.company
    assert case.assigned_organization == cast.ministry


def test_it_refuses_a_staff_record_through_another_door(cast: Cast) -> None:
    with pytest.raises(CaseError):
        record_call_or_visit(details=_details(), door=Door.ANONYMOUS, worker=None, file=None, by=cast.lpk_officer)


def test_it_names_the_company_of_the_case_in_a_consent_to_the_company(cast: Cast) -> None:
    placement = budi_at_work(cast)
    case = report_as_participant(participant=cast.budi, details=_details(), file=None, by=cast.participant_user)
    consent = reporter_consents(case=case, purpose=ConsentPurpose.REFERRAL, body=Body.COMPANY, by=None)
    assert consent.organization == placement.company
    assert consent.given_by == ConsentGivenBy.REPORTER_ONLINE
    outside = reporter_consents(case=case, purpose=ConsentPurpose.REFERRAL, body=Body.OTIT, by=None)
    assert outside.organization is None


def test_it_refuses_a_consent_to_a_company_the_case_does_not_name(cast: Cast) -> None:
    case = report_anonymously(details=_details(), pin="482913", file=None)
    with pytest.raises(CaseError) as refused:
        reporter_consents(case=case, purpose=ConsentPurpose.REFERRAL, body=Body.SUPERVISING_ORGANIZATION, by=None)
    assert refused.value.field == "body"
    assert not case.consents.exists()
