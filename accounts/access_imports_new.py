"""Access to import jobs beyond their own organization (issue 10, 1.1).

New functions for the imports area of ``accounts.access``, kept apart while
that module becomes a package; they belong beside ``import_jobs_visible_to``
and ``may_change_import``, which they build on.

An interrupted import blocks its organization's next one until it is
cancelled; the ministry, which sees every organization's participants, can
see any import and cancel it, to help an organization that asks.
"""

from __future__ import annotations

from accounts import access
from accounts.models import User
from spreadsheets.models import ImportJob, ImportJobQuerySet


def import_jobs_visible_to(user: User) -> ImportJobQuerySet:
    """Imports of the user's organizations; for the ministry, every organization's."""
    if access.is_ministry(user):
        return ImportJob.objects.all()
    return access.import_jobs_visible_to(user)


def may_cancel_import(user: User, job: ImportJob) -> bool:
    """Those who may confirm it, and the ministry's writers."""
    return access.may_change_import(user, job) or access.is_ministry(user, write=True)


def interrupted_imports_for(user: User) -> ImportJobQuerySet:
    """Every organization's interrupted imports, for the ministry's writers to cancel; none for others."""
    if not access.is_ministry(user, write=True):
        return ImportJob.objects.none()
    return ImportJob.objects.interrupted()
