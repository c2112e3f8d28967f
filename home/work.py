"""What needs a staff member now: each item a whole sentence with its count
and a link to where the work is done. Items with nothing to do are left out,
so an empty list means there is nothing waiting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.models import OrganizationKind, User
from joborders.models import JobOrderStatus
from matching.models import Shortlist, ShortlistStatus
from participants.forms import LAPSING
from participants.models import LAPSE_WARNING_DAYS
from spreadsheets.models import ImportState

NAMES_SHOWN = 5
# A failed import stays on the home this long: long enough to fix the file,
# short enough that old failures do not hide new work.
FAILED_IMPORTS_SHOWN_FOR = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class WorkItem:
    text: str
    url: str
    urgent: bool = False
    # A few of the records behind the count, each linked, for work done one record at a time.
    examples: tuple[Link, ...] = ()


def work_for(user: User, *, today: datetime.date) -> list[WorkItem]:
    """The user's work items, most urgent first."""
    items = [
        *_imports(user, today=today),
        *_duplicates(user),
        *_shortlists(user),
        *_drafts(user),
        *_lapsing_readiness(user, today=today),
    ]
    return sorted(items, key=lambda item: not item.urgent)


def _imports(user: User, *, today: datetime.date) -> list[WorkItem]:
    # The user's own organizations' imports: the ministry sees every one, but
    # another organization's import is that organization's work.
    own = [org.pk for org in access.organizations_of(user)]
    jobs = access.import_jobs_visible_to(user).filter(
        organization__in=own,
        state__in=[ImportState.VALIDATED, ImportState.FAILED, ImportState.VALIDATING, ImportState.UPLOADED],
    )
    items = []
    for job in jobs.order_by("-created_at")[:NAMES_SHOWN]:
        url = reverse("import_detail", args=[job.pk])
        if job.state == ImportState.FAILED:
            if job.finished_at is None or job.finished_at.date() < today - FAILED_IMPORTS_SHOWN_FOR:
                continue
            text = _("The import of “%(file)s” failed: read why and upload a corrected file.") % {
                "file": job.original_name
            }
            items.append(WorkItem(text, url, urgent=True))
        elif job.state == ImportState.VALIDATED and job.invalid:
            text = ngettext(
                "The import of “%(file)s” waits for you: %(count)s row has errors.",
                "The import of “%(file)s” waits for you: %(count)s rows have errors.",
                job.invalid,
            ) % {"file": job.original_name, "count": number_format(job.invalid)}
            items.append(WorkItem(text, url, urgent=True))
        elif job.state == ImportState.VALIDATED:
            text = _("The import of “%(file)s” is checked and waits for your confirmation.") % {
                "file": job.original_name
            }
            items.append(WorkItem(text, url))
        else:
            text = _("The import of “%(file)s” is being checked.") % {"file": job.original_name}
            items.append(WorkItem(text, url))
    return items


def _duplicates(user: User) -> list[WorkItem]:
    count = access.duplicates_to_review_by(user).count()
    if not count:
        return []
    text = ngettext("%(count)s possible duplicate to judge.", "%(count)s possible duplicates to judge.", count) % {
        "count": number_format(count)
    }
    return [WorkItem(text, reverse("duplicate_queue"))]


def _shortlists(user: User) -> list[WorkItem]:
    if not access.may_run_matching(user):
        return []
    items = []
    drafts = access.shortlists_visible_to(user).filter(status=ShortlistStatus.DRAFT).count()
    if drafts:
        text = ngettext(
            "%(count)s draft shortlist to review and publish.",
            "%(count)s draft shortlists to review and publish.",
            drafts,
        ) % {"count": number_format(drafts)}
        items.append(WorkItem(text, reverse("shortlist_list")))
    live = Shortlist.objects.live().filter(job_order=OuterRef("pk"))
    waiting = (
        access.job_orders_visible_to(user)
        .filter(status=JobOrderStatus.OPEN)
        .annotate(has_list=Exists(live))
        .filter(has_list=False)
    )
    count = waiting.count()
    if count:
        text = ngettext(
            "%(count)s open job order waits for a shortlist.", "%(count)s open job orders wait for a shortlist.", count
        ) % {"count": number_format(count)}
        examples = tuple(
            Link(order.title, reverse("job_order_shortlist", args=[order.pk]))
            for order in waiting.order_by("start_date", "pk")[:NAMES_SHOWN]
        )
        items.append(WorkItem(text, reverse("shortlist_list"), examples=examples))
    return items


def _drafts(user: User) -> list[WorkItem]:
    """Draft orders of the user's own company or supervising organization: until
    they are opened, nobody can be matched to them."""
    partners = [
        org.pk
        for kind in (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)
        for org in access.organizations_of(user, kind=kind, write=True)
    ]
    if not partners:
        return []
    drafts = access.job_orders_writable_by(user).filter(status=JobOrderStatus.DRAFT)
    count = drafts.filter(Q(company__in=partners) | Q(company__parent__in=partners)).count()
    if not count:
        return []
    text = ngettext(
        "%(count)s draft job order to complete and open for recruiting.",
        "%(count)s draft job orders to complete and open for recruiting.",
        count,
    ) % {"count": number_format(count)}
    return [WorkItem(text, f"{reverse('job_order_list')}?status={JobOrderStatus.DRAFT}")]


def _lapsing_readiness(user: User, *, today: datetime.date) -> list[WorkItem]:
    if not access.may_see_participant_list(user):
        return []
    horizon = today + datetime.timedelta(days=LAPSE_WARNING_DAYS)
    lapsing = access.participants_writable_by(user).health_lapsing(by=horizon).order_by("status_changed_at", "pk")
    count = lapsing.count()
    if not count:
        return []
    text = ngettext(
        "%(count)s ready candidate needs a new health check within %(days)s days.",
        "%(count)s ready candidates need a new health check within %(days)s days.",
        count,
    ) % {"count": number_format(count), "days": number_format(LAPSE_WARNING_DAYS)}
    examples = tuple(
        Link(participant.full_name, reverse("participant_detail", args=[participant.pk]))
        for participant in lapsing[:NAMES_SHOWN]
    )
    # The list filtered the same way, so the count on the home is the count on the list.
    url = f"{reverse('participant_list')}?health={LAPSING}"
    return [WorkItem(text, url, urgent=True, examples=examples)]
