"""Spreadsheet imports: which organization an import belongs to and who may run it."""

from __future__ import annotations

from accounts.access.memberships import is_ministry, organizations_of
from accounts.access.participants import may_register_participants
from accounts.access.training import classes_writable_by
from accounts.models import Organization, OrganizationKind, User
from spreadsheets.models import ImportJob, ImportJobQuerySet, ImportKind


def import_organization(user: User) -> Organization | None:
    """The organization a user's imports belong to (and are seen by): the first
    in which they may write. One open import per organization at a time."""
    writable = organizations_of(user, write=True)
    return writable[0] if writable else None


def may_import(user: User, kind: ImportKind) -> bool:
    if import_organization(user) is None:
        return False
    if kind == ImportKind.PARTICIPANTS:
        return may_register_participants(user)
    if kind == ImportKind.LEDGER_ENTRIES:
        # Those who book ledgers: the ministry's and the LPK/SOs' writers.
        return is_ministry(user, write=True) or bool(
            organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True)
        )
    return classes_writable_by(user).exists()


def import_jobs_visible_to(user: User) -> ImportJobQuerySet:
    """Imports of the user's organizations, whoever in them uploaded the file;
    for the ministry, which sees every organization's participants, every
    organization's (to help one whose import is stuck)."""
    if is_ministry(user):
        return ImportJob.objects.all()
    return ImportJob.objects.filter(organization__in=[org.pk for org in organizations_of(user)])


def may_change_import(user: User, job: ImportJob) -> bool:
    """Confirm or cancel: a writer in the job's organization who may import its kind."""
    writable = {org.pk for org in organizations_of(user, write=True)}
    return job.organization_id in writable and may_import(user, ImportKind(job.kind))


def may_cancel_import(user: User, job: ImportJob) -> bool:
    """Those who may confirm it, and the ministry's writers (an interrupted
    import blocks its organization's next one until it is cancelled)."""
    return may_change_import(user, job) or is_ministry(user, write=True)


def interrupted_imports_for(user: User) -> ImportJobQuerySet:
    """Every organization's interrupted imports, for the ministry's writers to cancel; none for others."""
    if not is_ministry(user, write=True):
        return ImportJob.objects.none()
    return ImportJob.objects.interrupted()
