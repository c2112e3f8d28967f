"""Handling a case: who handles it, how far up the chain it goes, where it
is referred, how it ends, and reopening it.

Every function here locks the case row and refuses a stale form (the
``version`` the handler read), so two handlers acting at once never both
win; each writes its history and audit rows in the same transaction.

A referral is the only way an organization in Japan learns of a case, and it
is made only with the reporter's consent in force for that body (and, for an
organization in the system, for that organization). Whether the reporter's
identity goes with it needs a second consent: to tell them who they are.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from audit import actions as audit
from audit.models import AuditAction
from protection.actions.cases import CaseError, change_status, escalate
from protection.models import Body, Case, Consent, ConsentPurpose, Level, Referral, Remedy, Status

# Who can hold a case: the worker's side. An organization in Japan reads a
# case only through a referral and never handles the reporter's channel.
HANDLING_KINDS = frozenset({OrganizationKind.MINISTRY, OrganizationKind.EMBASSY, OrganizationKind.SENDING_ORGANIZATION})
# The organization kind a referral to each body must name; a body missing
# here is outside the system (OTIT, JITCO, the police) and names none.
BODY_KINDS: dict[Body, OrganizationKind] = {
    Body.SUPERVISING_ORGANIZATION: OrganizationKind.SUPERVISING_ORGANIZATION,
    Body.COMPANY: OrganizationKind.COMPANY,
    Body.EMBASSY: OrganizationKind.EMBASSY,
    Body.PREFECTURE: OrganizationKind.PREFECTURE,
}
# Bodies that are organizations in the system: a referral to them must say which one.
NAMED_BODIES = frozenset({Body.SUPERVISING_ORGANIZATION, Body.COMPANY, Body.EMBASSY})
OUTSIDE_BODIES = frozenset({Body.OTIT, Body.JITCO, Body.POLICE})
MAX_SHARED = 5_000


def _current(case_id: int, version: int) -> Case:
    """The case, locked, as the handler read it; a stale form is refused
    rather than silently overwriting what someone else just did."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.version != version:
        raise CaseError(_("Someone else changed this case while you were reading it. Here it is as it is now."))
    return case


def _bump(case: Case, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])


@transaction.atomic
def assign_case(*, case_id: int, organization: Organization, person: User | None, by: User, version: int) -> Case:
    """Give the case to an organization on the worker's side and, optionally,
    to one of its officers."""
    case = _current(case_id, version)
    if organization.kind not in HANDLING_KINDS or not organization.is_active:
        raise CaseError(_("A case is handled by the ministry, the embassy or an LPK/SO."), field="organization")
    if person is not None and not _writes_for(person, organization):
        raise CaseError(
            _("%(person)s is not an officer of %(organization)s.") % {"person": person, "organization": organization},
            field="person",
        )
    before = {"assigned_organization": case.assigned_organization_id, "assigned_to": case.assigned_to_id}
    case.assigned_organization = organization
    case.assigned_to = person
    _bump(case, "assigned_organization", "assigned_to")
    after = {"assigned_organization": organization.pk, "assigned_to": person.pk if person else None}
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    audit.record(actor=by, action=AuditAction.UPDATED, target=case, changes=changes)
    return case


def _writes_for(person: User, organization: Organization) -> bool:
    return Membership.objects.filter(
        user=person, user__is_active=True, organization=organization, role__in=[Role.ADMIN, Role.OFFICER]
    ).exists()


def referred_to_supervisor(case: Case) -> bool:
    """Whether the case went to a supervising organization by a referral (so with consent)."""
    return case.referrals.filter(body=Body.SUPERVISING_ORGANIZATION).exists()


@transaction.atomic
def escalate_case(*, case_id: int, to: Level, by: User, version: int, reason: str) -> Case:
    """A handler moves the case up the chain. The supervising organization is
    reached only through a referral made with the reporter's consent."""
    case = _current(case_id, version)
    if not reason.strip():
        raise CaseError(_("Say why the case goes up."), field="reason")
    if to == Level.SUPERVISING_ORGANIZATION and not referred_to_supervisor(case):
        raise CaseError(
            _(
                "The supervising organization learns of a case only through a referral with the reporter's "
                "consent. Refer the case to it, or escalate to the ministry and the embassy."
            ),
            field="to",
        )
    return escalate(case=case, to=to, by=by, reason=reason.strip())


def check_referral_target(body: Body, organization: Organization | None) -> None:
    """A body outside the system names no organization; one in it names an
    organization of its kind."""
    if body in OUTSIDE_BODIES and organization is not None:
        raise CaseError(_("This body is outside the system: leave the organization empty."), field="organization")
    if body in NAMED_BODIES and organization is None:
        raise CaseError(_("Choose the organization the case goes to."), field="organization")
    kind = BODY_KINDS.get(body)
    if organization is not None and kind is not None and organization.kind != kind:
        raise CaseError(
            _("%(organization)s is not a %(body)s.") % {"organization": organization, "body": body.label},
            field="organization",
        )


def check_consent_target(body: Body, organization: Organization | None) -> None:
    """A consent may leave the organization empty: for the company or the
    supervising organization it then covers the one the case names, for the
    embassy any (``consent_in_force``), as the reporter's own consent online
    does. A named organization must still be of the body's kind."""
    if organization is not None:
        check_referral_target(body, organization)


def consent_in_force(
    case: Case, *, purpose: ConsentPurpose, body: Body, organization: Organization | None
) -> Consent | None:
    """The reporter's consent in force that covers this referral. A consent
    for a body without a named organization covers, for the company or the
    supervising organization, the one the case names (the reporter consents
    to "my supervising organization"), and for the other bodies any of them."""
    consents = case.consents.in_force().filter(purpose=purpose, body=body)
    if organization is None:
        return consents.filter(organization__isnull=True).first()
    covers = Q(organization=organization)
    named = {Body.SUPERVISING_ORGANIZATION: case.supervising_organization_id, Body.COMPANY: case.company_id}
    if body not in named or named[body] == organization.pk:
        covers |= Q(organization__isnull=True)
    return consents.filter(covers).order_by("given_at", "pk").first()


@transaction.atomic
def refer_case(
    *,
    case_id: int,
    body: Body,
    organization: Organization | None,
    reference: str,
    shared: str,
    share_identity: bool,
    by: User,
    version: int,
    now: datetime.datetime | None = None,
) -> Referral:
    """Refer the case to a body, only with the reporter's consent in force,
    recording what was shared; the identity goes only with its own consent.
    A referral to a supervising organization takes the case to that level."""
    case = _current(case_id, version)
    if not case.is_open:
        raise CaseError(_("Reopen the case before referring it."))
    check_referral_target(body, organization)
    if not shared.strip():
        raise CaseError(_("Write what you share with them."), field="shared")
    if len(shared) > MAX_SHARED:
        raise CaseError(
            _("Keep what you share under %(limit)s characters.") % {"limit": f"{MAX_SHARED:,}"}, field="shared"
        )
    consent = consent_in_force(case, purpose=ConsentPurpose.REFERRAL, body=body, organization=organization)
    if consent is None:
        raise CaseError(
            _("The reporter has not consented to a referral to %(body)s. Record their consent first.")
            % {"body": organization or body.label},
            field="body",
        )
    if share_identity and not consent_in_force(
        case, purpose=ConsentPurpose.REVEAL_IDENTITY, body=body, organization=organization
    ):
        raise CaseError(
            _("The reporter has not consented to %(body)s learning who they are.")
            % {"body": organization or body.label},
            field="share_identity",
        )
    at = now or timezone.now()
    referral = Referral.objects.create(
        case=case,
        body=body,
        organization=organization,
        consent=consent,
        identity_shared=share_identity,
        reference=reference.strip(),
        shared=shared.strip(),
        referred_by=by,
        referred_at=at,
    )
    # What was shared is the reporter's story retold: the audit says a referral was made, not what it said.
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=referral,
        changes={
            "case": [None, case.pk],
            "body": [None, body],
            "organization": [None, organization.pk if organization else None],
            "identity_shared": [None, share_identity],
            "shared": [None, audit.MASKED],
        },
    )
    if body == Body.SUPERVISING_ORGANIZATION and case.level < Level.SUPERVISING_ORGANIZATION:
        reason = _("Referred to the supervising organization with the reporter's consent.")
        escalate(case=case, to=Level.SUPERVISING_ORGANIZATION, by=by, reason=reason, now=at)
    else:
        _bump(case)
    return referral


@transaction.atomic
def record_reference(*, referral_id: int, reference: str, by: User) -> Referral:
    """The body's own reference, when it arrives after the referral."""
    referral = Referral.objects.select_for_update().get(pk=referral_id)
    before = referral.reference
    referral.reference = reference.strip()
    referral.save(update_fields=["reference"])
    audit.record(
        actor=by, action=AuditAction.UPDATED, target=referral, changes={"reference": [before, referral.reference]}
    )
    return referral


@transaction.atomic
def resolve_case(*, case_id: int, outcome: str, remedy: Remedy, by: User, version: int) -> Case:
    """Record how the case ended and what the worker got, and mark it resolved."""
    case = _current(case_id, version)
    if not outcome.strip():
        raise CaseError(_("Say how the case ended."), field="outcome")
    if not case.may_become(Status.RESOLVED):
        raise CaseError(
            _("A case that is %(before)s cannot become %(after)s.")
            % {"before": case.get_status_display(), "after": Status.RESOLVED.label}
        )
    case.outcome, case.remedy = outcome.strip(), remedy
    case.save(update_fields=["outcome", "remedy"])
    # The outcome may retell the reporter's story: masked like their words.
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=case,
        changes={"outcome": [None, audit.MASKED], "remedy": [None, remedy]},
    )
    return change_status(case_id=case.pk, to=Status.RESOLVED, by=by, version=case.version)


@transaction.atomic
def reopen_case(*, case_id: int, by: User, version: int, reason: str) -> Case:
    """A resolved or closed case goes back into handling: the worker says it is not over."""
    if Case.objects.select_for_update().get(pk=case_id).is_open:
        raise CaseError(_("The case is still open."))
    if not reason.strip():
        raise CaseError(_("Say why the case is reopened."), field="reason")
    case = change_status(case_id=case_id, to=Status.IN_PROGRESS, by=by, version=version, reason=reason)
    if case.resolved_at is not None:
        case.resolved_at = None
        case.save(update_fields=["resolved_at"])
    return case
