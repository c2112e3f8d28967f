"""The ledger's pages: the list of participants' ledgers, one participant's
ledger with the entry form (LPK/SO, ministry), the participant's statement
(phone page and PDF) with its dispute form, the violations list, subsidies
planned against paid, the reports with their XLSX downloads, and the
Japanese side's own payments. Authorize through accounts.access, validate
with a form, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from ledger import actions, reports
from ledger.forms import DisputeForm, EntryForm, ReverseForm
from ledger.models import EntryQuerySet, LedgerEntry, Payer
from ledger.statement import Statement, statement_of
from ledger.templatetags.ledger_money import in_currency
from lib import answers
from lib.pdf import render_pdf
from participants.models import Participant

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATEMENT_LANGUAGES = ("id", "ja")


def _audit_ledger_read(user: User, participant: Participant, what: str) -> None:
    """What a person paid and owes is their personal data: a read by anyone
    but themselves is logged like any other sensitive read."""
    if not access.may_dispute(user, participant):
        audit.record_sensitive_view(actor=user, target=participant, fields=[what])


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION))
@login_required
@require_GET
def ledger_list(request: AuthenticatedRequest) -> HttpResponse:
    """Participants whose ledgers the user keeps, with what each paid themself."""
    user = request.user
    if not access.may_see_ledgers(user):
        raise Http404
    people = (
        access.ledger_participants_visible_to(user)
        .annotate(
            lines=Count("ledger"),
            flagged=Count(
                "ledger", filter=Q(ledger__breaks_policy=True, ledger__reversal__isnull=True, ledger__reverses=None)
            ),
        )
        .select_related("sending_organization")
        .order_by("-flagged", "full_name", "pk")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/list.html", {"page": page})


def _ledger_page(request: AuthenticatedRequest, pk: int, form: EntryForm | None, status: int = 200) -> HttpResponse:
    user = request.user
    participant = access.ledger_participant_for_user(user, pk)
    may_book = access.may_book_entries(user, participant)
    statement = statement_of(participant, access.ledger_entries_visible_to(user))
    if status == 200:
        _audit_ledger_read(user, participant, "ledger")
    context = {
        "participant": participant,
        "statement": statement,
        "may_book": may_book,
        "form": form if form is not None else (EntryForm() if may_book else None),
        "reverse_form": ReverseForm(),
    }
    return render(request, "ledger/participant.html", context, status=status)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION),
    scope="participant",
)
@login_required
@require_http_methods(["GET", "POST"])
def participant_ledger(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _ledger_page(request, pk, None)
    participant = access.ledger_participant_for_user(request.user, pk, write=True)
    form = EntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = actions.book_entry(participant_id=participant.pk, details=form.details(), by=request.user)
        except actions.LedgerError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if entry.breaks_policy:
                messages.warning(request, _("Booked, and flagged: this payment breaks the fee policy of its date."))
            else:
                messages.success(request, _("Booked."))
            return answers.done(request, reverse("participant_ledger", args=[participant.pk]))
    answers.focus_first_error(form)
    return _ledger_page(request, pk, form, status=answers.refused_status(request))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION), scope="ledger")
@login_required
@require_POST
def reverse_entry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = access.ledger_entry_for_user(request.user, pk, write=True)
    form = ReverseForm(request.POST)
    url = reverse("participant_ledger", args=[entry.participant_id])
    if not form.is_valid():
        messages.error(request, _("Nothing was reversed: say why the line is reversed."))
        return answers.done(request, url)
    try:
        actions.reverse_entry(entry_id=entry.pk, reason=form.cleaned_data["reason"], by=request.user)
    except actions.LedgerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The line is reversed; both stay on the ledger."))
    return answers.done(request, url)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
    | routes.PARTICIPANT,
    scope="ledger",
)
@login_required
@require_GET
def entry_receipt(request: AuthenticatedRequest, pk: int) -> FileResponse:
    entry = access.ledger_entry_for_user(request.user, pk)
    if not entry.receipt:
        raise Http404
    return FileResponse(entry.receipt.open("rb"), content_type=entry.receipt_content_type)


def _statement(
    request: AuthenticatedRequest, pk: int, form: DisputeForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    participant = access.ledger_participant_for_user(user, pk)
    statement = statement_of(participant, access.ledger_entries_visible_to(user))
    if status == 200:
        _audit_ledger_read(user, participant, "statement")
    context = {
        "participant": participant,
        "statement": statement,
        "mine": access.may_dispute(user, participant),
        "dispute_form": form or DisputeForm(lines=line_choices(statement)),
        "payers": Payer,
        "today": timezone.localdate(),
    }
    return render(request, "ledger/statement.html", context, status=status)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT, scope="participant")
@login_required
@require_GET
def statement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _statement(request, pk)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT, scope="participant")
@login_required
@require_GET
def statement_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The statement printed, in Indonesian or Japanese (``?language=ja``)."""
    user = request.user
    participant = access.ledger_participant_for_user(user, pk)
    language = request.GET.get("language", "id")
    if language not in STATEMENT_LANGUAGES:
        raise Http404
    _audit_ledger_read(user, participant, "statement.pdf")
    with translation.override(language):
        content = render_pdf(
            "ledger/statement_pdf.html",
            {
                "language": language,
                "participant": participant,
                "statement": statement_of(participant, access.ledger_entries_visible_to(user)),
                "today": timezone.localdate(),
            },
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{participant.pk}-{language}.pdf"'
    return response


def line_choices(statement: Statement) -> list[tuple[int, str]]:
    return [
        (line.pk, f"{date_format(line.paid_on)} · {line.cost_class.name} · {in_currency(line.amount, line.currency)}")
        for line in statement.lines
    ]


@routes.declare(post=routes.PARTICIPANT, scope="participant")
@login_required
@require_POST
def dispute_entry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The participant disputes one line of their own statement."""
    user = request.user
    participant = access.ledger_participant_for_user(user, pk)
    if not access.may_dispute(user, participant):
        raise Http404
    statement = statement_of(participant, access.ledger_entries_visible_to(user))
    form = DisputeForm(request.POST, lines=line_choices(statement))
    if form.is_valid():
        try:
            actions.open_dispute(entry_id=form.cleaned_data["line"], words=form.cleaned_data["words"], by=user)
        except actions.LedgerError as error:
            form.add_error("words" if error.field == "words" else None, error.message)
        else:
            messages.success(request, _("Thank you. The ministry and your LPK/SO have been told and will contact you."))
            return answers.done(request, reverse("ledger_statement", args=[participant.pk]))
    answers.focus_first_error(form)
    return _statement(request, participant.pk, form, status=answers.refused_status(request))


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION))
@login_required
@require_GET
def violation_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_violations(user):
        raise Http404
    flagged = (
        access.violations_visible_to(user)
        .select_related("participant__sending_organization", "cost_class")
        .order_by("-booked_at", "-pk")
    )
    page = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/violations.html", {"page": page})


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.SUPERVISING_ORGANIZATION
    )
)
@login_required
@require_GET
def subsidy_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_subsidies(user):
        raise Http404
    rows = reports.subsidy_rows(
        _counted_for_subsidies(request), access.subsidies_visible_to(user), access.budgets_visible_to(user)
    )
    return render(request, "ledger/subsidies.html", {"rows": rows})


def _counted_for_subsidies(request: AuthenticatedRequest) -> EntryQuerySet:
    """Paid subsidies as the reader may count them: the ministry all; others
    the lines their own agreements and budgets name."""
    user = request.user
    if access.is_ministry(user):
        everything: EntryQuerySet = LedgerEntry.objects.all()
        return everything
    own = [org.pk for org in access.organizations_of(user)] + [org.pk for org in access.association_members_of(user)]
    lines: EntryQuerySet = LedgerEntry.objects.filter(
        Q(payer_organization__in=own) | Q(payee_organization__in=own) | Q(participant__sending_organization__in=own)
    )
    return lines


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.ASSOCIATION))
@login_required
@require_GET
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_ledger_reports(user):
        raise Http404
    entries = access.ledger_entries_counted_for(user)
    context = {
        "averages": reports.average_rows(entries),
        "violations": reports.violation_rows(entries),
        "subsidies": reports.subsidy_rows(entries, access.subsidies_visible_to(user), access.budgets_visible_to(user)),
    }
    return render(request, "ledger/reports.html", context)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.ASSOCIATION))
@login_required
@require_GET
def report_download(request: AuthenticatedRequest, name: str) -> HttpResponse:
    user = request.user
    report = reports.REPORTS.get(name)
    if report is None or not access.may_see_ledger_reports(user):
        raise Http404
    entries = access.ledger_entries_counted_for(user)
    rows: list[object]
    if name == "subsidies":
        rows = list(reports.subsidy_rows(entries, access.subsidies_visible_to(user), access.budgets_visible_to(user)))
    elif name == "average-cost":
        rows = list(reports.average_rows(entries))
    else:
        rows = list(reports.violation_rows(entries))
    response = HttpResponse(reports.report_xlsx(report, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@routes.declare(get=routes.members(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION))
@login_required
@require_GET
def paid_by_us(request: AuthenticatedRequest) -> HttpResponse:
    """What the user's organization in Japan paid, line by line."""
    user = request.user
    if not access.may_see_paid_by_us(user):
        raise Http404
    lines = (
        access.ledger_entries_visible_to(user)
        .select_related("participant", "cost_class", "payer_organization")
        .order_by("-paid_on", "-pk")
    )
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/paid.html", {"page": page, "totals": lines.totals()})
