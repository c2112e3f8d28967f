"""Cases the protection tests start from, opened through the real actions."""

from __future__ import annotations

from protection.actions.cases import CaseDetails, open_case
from protection.actions.conversation import give_consent, reporter_writes
from protection.actions.handling import refer_case
from protection.models import Body, Case, Category, ConsentGivenBy, ConsentPurpose, Door, Referral
from tests.cast import Cast

# Words only the reporter wrote: a page that shows them showed the reporter's story.
STORY = "Paspor saya ditahan oleh mandor Tanaka sejak Maret."
MESSAGE = "Saya takut dipulangkan jika mereka tahu saya melapor."
CONTACT = "+62 812 5555 0199"


def budis_case(cast: Cast, *, category: Category = Category.WAGES) -> Case:
    """Budi's own report (his LPK/SO handles it), naming the cast's company
    and supervising organization, with a message of his on it."""
    case = open_case(
        details=CaseDetails(
            category=category,
            description=STORY,
            participant=cast.budi,
            company=cast.company,
            supervising_organization=cast.supervising,
            reporter_contact=CONTACT,
        ),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
    )
    reporter_writes(case_id=case.pk, text=MESSAGE, by=cast.participant_user)
    case.refresh_from_db()
    return case


def referred(cast: Cast, case: Case, *, body: Body, identity: bool = False, shared: str = "Upah lembur.") -> Referral:
    """``case`` referred to the cast's organization for ``body`` with the
    reporter's consent (and, with ``identity``, consent to say who they are)."""
    organization = {Body.SUPERVISING_ORGANIZATION: cast.supervising, Body.COMPANY: cast.company}[body]
    purposes = [ConsentPurpose.REFERRAL, *([ConsentPurpose.REVEAL_IDENTITY] if identity else [])]
    for purpose in purposes:
        give_consent(
            case_id=case.pk, purpose=purpose, body=body, given_by=ConsentGivenBy.BY_PHONE, recorded_by=cast.lpk_officer
        )
    case.refresh_from_db()
    return refer_case(
        case_id=case.pk,
        body=body,
        organization=organization,
        reference="",
        shared=shared,
        share_identity=identity,
        by=cast.lpk_officer,
        version=case.version,
    )


def referred_case(cast: Cast, body: Body) -> Case:
    """Budi's case, referred to the cast's organization for ``body`` without his identity."""
    case = budis_case(cast)
    referred(cast, case, body=body)
    return case


def case_at_the_top(cast: Cast) -> Case:
    """A case that went to the ministry and the embassy at once (violence)."""
    return budis_case(cast, category=Category.VIOLENCE)
