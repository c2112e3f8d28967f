"""Demo protection data (``seed_demo`` calls ``seed_protection``, after the
placements): monthly check-in rounds for everyone in Japan, most answered,
some answers signalling a problem; and cases from every door (the worker's
own login, a hotline call, a visit, an anonymous report, a check-in answer,
a disputed cost) in every status, with notes, messages between the handler
and the reporter, a consent and the referral made with it.

Cases go through the real actions (routing, the clock, escalation at once,
audit rows), at moments in the past, so the dashboards show ages and missed
clocks. Check-ins are written in bulk, a round at a time. Made once: a second
run leaves everything as it is.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from participants.demo_data import PARTICIPANT_LOGIN
from placements.models import Placement, PlacementStatus
from protection.actions.cases import CaseDetails, change_status, open_case
from protection.actions.conversation import give_consent, reporter_writes, write_note
from protection.models import (
    Body,
    Case,
    Category,
    CheckIn,
    CheckInRound,
    ConsentGivenBy,
    ConsentPurpose,
    Door,
    Referral,
    Severity,
    Status,
    Visibility,
)

DEMO_LPK = "lpk-karya-nusantara"
# The anonymous demo reporter's PIN, so that the demo can be followed with the case's code.
DEMO_PIN = "246810"
# Rounds seeded, the current month's last: at least two have closed whatever the day.
ROUNDS = 4
# How workers answer: most do; of the answers, about one in twelve signals a problem.
ANSWER_SHARE = 0.85
ANSWER_SHARE_OPEN_ROUND = 0.5
PROBLEM_SHARE = 0.08
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class _Staff:
    ministry: User
    lpk: User
    embassy: User

    def handler_of(self, case: Case) -> User:
        """Who works on the case: the demo LPK/SO's officer on its own cases, else the ministry's."""
        lpk_organizations = {membership.organization_id for membership in self.lpk.memberships.all()}
        return self.lpk if case.assigned_organization_id in lpk_organizations else self.ministry


def seed_protection(*, today: datetime.date, seed: int) -> int:
    """Returns the number of cases opened (0 when seeded before, or when
    nobody is in Japan yet)."""
    if Case.objects.exists() or CheckInRound.objects.exists():
        return 0
    staff = _staff()
    people = _in_japan()
    if staff is None or not people:
        return 0
    rng = random.Random(seed + 14)  # noqa: S311 -- fictional data, reproducible by seed
    now = timezone.now()
    _rounds(people, today=today, now=now, rng=rng, by=staff.ministry)
    signalling = (
        CheckIn.objects.signalling()
        .filter(round__closes_on__lt=today)
        .select_related("placement__participant")
        .order_by("pk")
        .first()
    )
    return _cases(people, signalling, staff=staff, now=now)


def _staff() -> _Staff | None:
    users = {
        user.username: user for user in User.objects.filter(username__in=["kemnaker", "lpk.officer", "kbri.officer"])
    }
    if len(users) < 3:
        return None
    return _Staff(ministry=users["kemnaker"], lpk=users["lpk.officer"], embassy=users["kbri.officer"])


def _in_japan() -> list[Placement]:
    """One placement in Japan per worker, the demo participant and the demo
    LPK/SO's workers first (their logins then have cases to read)."""
    placements = (
        Placement.objects.filter(status=PlacementStatus.IN_JAPAN)
        .select_related("participant__sending_organization", "participant__user")
        .order_by("participant_id", "-pk")
    )
    first: dict[int, Placement] = {}
    for placement in placements:
        first.setdefault(placement.participant_id, placement)

    def order(placement: Placement) -> tuple[bool, bool, int]:
        return (not _is_the_participant_login(placement), not _of_demo_lpk(placement), placement.participant_id)

    return sorted(first.values(), key=order)


# --- check-ins ---------------------------------------------------------------------------


def _months(today: datetime.date) -> list[datetime.date]:
    months = [today.replace(day=1)]
    while len(months) < ROUNDS:
        months.insert(0, (months[0] - DAY).replace(day=1))
    return months


def _closes_on(month: datetime.date) -> datetime.date:
    """Answers are taken until the 10th of the month after."""
    return (month + datetime.timedelta(days=32)).replace(day=10)


def _rounds(
    people: Sequence[Placement], *, today: datetime.date, now: datetime.datetime, rng: random.Random, by: User
) -> None:
    """Every round, its check-ins in one insert."""
    for month in _months(today):
        opened_at = min(timezone.make_aware(datetime.datetime.combine(month, datetime.time(8))), now)
        with transaction.atomic():
            checkin_round = CheckInRound.objects.create(month=month, opened_at=opened_at, closes_on=_closes_on(month))
            share = ANSWER_SHARE if _closes_on(month) < today else ANSWER_SHARE_OPEN_ROUND
            checkins = [_checkin(checkin_round, placement, share=share, now=now, rng=rng) for placement in people]
            CheckIn.objects.bulk_create(checkins, batch_size=1000)
            audit.record(
                actor=by, action=AuditAction.CREATED, target=checkin_round, changes={"asked": [None, len(checkins)]}
            )


def _checkin(
    checkin_round: CheckInRound, placement: Placement, *, share: float, now: datetime.datetime, rng: random.Random
) -> CheckIn:
    checkin = CheckIn(
        round=checkin_round,
        participant_id=placement.participant_id,
        placement=placement,
        company_id=placement.company_id,
        supervising_organization_id=placement.supervising_organization_id,
        asked_at=checkin_round.opened_at,
    )
    if rng.random() >= share or (share == ANSWER_SHARE_OPEN_ROUND and _is_the_participant_login(placement)):
        # The participant login finds this month's check-in waiting on their home.
        return checkin
    checkin.answered_at = min(checkin_round.opened_at + rng.randint(2, 200) * HOUR, now)
    checkin.hours_per_week = rng.randint(40, 52)
    checkin.days_off_per_month = rng.randint(6, 9)
    answers = {"wages_paid_in_full": True, "documents_in_own_hands": True, "safe_at_work": True, "safe_at_home": True}
    if rng.random() < PROBLEM_SHARE:
        answers[rng.choice(sorted(answers))] = False
        checkin.hours_per_week = rng.randint(55, 72)
        checkin.anything_to_report = "Lembur setiap hari, gaji lembur tidak dibayar."
        checkin.signals_problem = True
    for name, value in answers.items():
        setattr(checkin, name, value)
    return checkin


def _is_the_participant_login(placement: Placement) -> bool:
    user = placement.participant.user
    return user is not None and user.username == PARTICIPANT_LOGIN


# --- cases -------------------------------------------------------------------------------


def _open(
    placement: Placement | None,
    *,
    door: Door,
    category: Category,
    text: str,
    by: User | None,
    at: datetime.datetime,
    severity: Severity = Severity.NORMAL,
) -> Case:
    details = CaseDetails(
        category=category,
        description=text,
        severity=severity,
        participant=placement.participant if placement is not None else None,
        placement=placement,
    )
    return open_case(details=details, door=door, by=by, pin=DEMO_PIN if door == Door.ANONYMOUS else "", now=at)


def _move(case: Case, path: Sequence[tuple[Status, datetime.timedelta]], *, staff: _Staff) -> Case:
    """Walk ``case`` along ``path``: each status this long after the case was opened."""
    by = staff.handler_of(case)
    for status, after in path:
        case = change_status(case_id=case.pk, to=status, by=by, version=case.version, now=case.opened_at + after)
    return case


def _cases(people: Sequence[Placement], signalling: CheckIn | None, *, staff: _Staff, now: datetime.datetime) -> int:
    # The demo LPK/SO's workers (the demo participant first) report most, so
    # that its officer's pages and dashboards have cases; others' workers the rest.
    ours = [placement for placement in people if _of_demo_lpk(placement)] or list(people[:1])
    # By key: "not in" a list of models compared every pair, for hours at a million participants.
    our_keys = {placement.pk for placement in ours}
    theirs = [placement for placement in people if placement.pk not in our_keys] or ours

    def our(number: int) -> Placement:
        return ours[number % len(ours)]

    def their(number: int) -> Placement:
        return theirs[number % len(theirs)]

    opened = [
        # The worker's own report, this morning: its clock is running.
        _open(
            our(0),
            door=Door.PARTICIPANT,
            category=Category.WAGES,
            text="Gaji bulan ini dipotong untuk asrama lebih dari yang tertulis di kontrak.",
            by=our(0).participant.user,
            at=now - 3 * HOUR,
        ),
        # Nobody acknowledged this one: past its 24-hour clock.
        _open(
            our(1),
            door=Door.PARTICIPANT,
            category=Category.OVERTIME,
            text="Saya bekerja 12 jam setiap hari selama tiga minggu.",
            by=our(1).participant.user,
            at=now - 3 * DAY,
        ),
        _hotline(our(2), staff=staff, now=now),
        _disputed(our(3), staff=staff, now=now),
        _resolved_long_ago(our(4), staff=staff, now=now),
        _visit(their(0), staff=staff, now=now),
        _violence(their(1), staff=staff, now=now),
        _anonymous(their(2), staff=staff, now=now),
        # Another LPK/SO's worker, not yet acknowledged either.
        _open(
            their(3),
            door=Door.HOTLINE,
            category=Category.HOUSING,
            text="Air panas di asrama mati sejak dua minggu.",
            by=staff.ministry,
            at=now - 2 * DAY,
        ),
    ]
    if signalling is not None:
        opened.append(_from_checkin(signalling, staff=staff))
    return len(opened)


def _of_demo_lpk(placement: Placement) -> bool:
    sending = placement.participant.sending_organization
    return sending is not None and sending.code == DEMO_LPK


def _hotline(placement: Placement, *, staff: _Staff, now: datetime.datetime) -> Case:
    """A call taken by the LPK/SO, being handled, with notes at every visibility."""
    case = _open(
        placement,
        door=Door.HOTLINE,
        category=Category.HOUSING,
        text="Asrama bocor saat hujan dan dihuni delapan orang dalam satu kamar.",
        by=staff.lpk,
        at=now - 10 * DAY,
    )
    case = _move(case, [(Status.ACKNOWLEDGED, 5 * HOUR), (Status.IN_PROGRESS, 2 * DAY)], staff=staff)
    handler, organization = staff.handler_of(case), case.assigned_organization
    write_note(
        case_id=case.pk,
        text="Sudah menelepon pekerja; foto kamar akan dikirim.",
        visibility=Visibility.INTERNAL,
        by=handler,
        organization=organization,
    )
    write_note(
        case_id=case.pk,
        text="Kami sudah menghubungi pekerja dan sedang memeriksa asramanya.",
        visibility=Visibility.SHARED,
        by=handler,
        organization=organization,
    )
    write_note(
        case_id=case.pk,
        text="Kami sedang menangani laporan Anda. Apakah Anda bisa mengirim foto kamar?",
        visibility=Visibility.REPORTER,
        by=handler,
        organization=organization,
    )
    return case


def _visit(placement: Placement, *, staff: _Staff, now: datetime.datetime) -> Case:
    """Recorded by the embassy on a visit; resolved and closed."""
    case = _open(
        placement,
        door=Door.VISIT,
        category=Category.UNSAFE_WORK,
        text="Mesin pres tidak memiliki pelindung; pekerja tidak diberi sarung tangan.",
        by=staff.embassy,
        at=now - 40 * DAY,
    )
    path = [(Status.ACKNOWLEDGED, 3 * HOUR), (Status.RESOLVED, 12 * DAY), (Status.CLOSED, 20 * DAY)]
    return _move(case, path, staff=staff)


def _anonymous(placement: Placement, *, staff: _Staff, now: datetime.datetime) -> Case:
    """Reported without login, naming only the company; acknowledged late (a
    missed clock); the handler's question and the reporter's answer; the
    reporter's consent to OTIT and the referral made with it."""
    details = CaseDetails(
        category=Category.HARASSMENT,
        description="Atasan di pabrik sering membentak dan menghina pekerja Indonesia.",
        company=placement.company,
        supervising_organization=placement.supervising_organization,
    )
    at = now - 6 * DAY
    case = open_case(details=details, door=Door.ANONYMOUS, by=None, pin=DEMO_PIN, now=at)
    case = _move(case, [(Status.IN_PROGRESS, 30 * HOUR)], staff=staff)
    write_note(
        case_id=case.pk,
        text="Terima kasih atas laporan Anda. Sejak kapan hal ini terjadi?",
        visibility=Visibility.REPORTER,
        by=staff.ministry,
        organization=case.assigned_organization,
    )
    reporter_writes(case_id=case.pk, text="Sejak bulan lalu, hampir setiap hari.", by=None)
    consent = give_consent(
        case_id=case.pk,
        purpose=ConsentPurpose.REFERRAL,
        body=Body.OTIT,
        given_by=ConsentGivenBy.REPORTER_ONLINE,
        recorded_by=None,
    )
    referral = Referral.objects.create(
        case=case,
        body=Body.OTIT,
        consent=consent,
        reference="OTIT-2026-0153",
        shared="Kategori, nama perusahaan dan uraian laporan; tanpa identitas pelapor.",
        referred_by=staff.ministry,
        referred_at=now - 3 * DAY,
    )
    audit.record(
        actor=staff.ministry,
        action=AuditAction.CREATED,
        target=referral,
        changes={"case": [None, case.pk], "body": [None, Body.OTIT], "identity_shared": [None, False]},
    )
    return case


def _violence(placement: Placement, *, staff: _Staff, now: datetime.datetime) -> Case:
    """Violence goes to the ministry and the embassy at once; acknowledged within the hour."""
    case = _open(
        placement,
        door=Door.PARTICIPANT,
        category=Category.VIOLENCE,
        text="Saya dipukul oleh senior di tempat kerja.",
        by=placement.participant.user,
        at=now - 2 * DAY,
    )
    return _move(case, [(Status.ACKNOWLEDGED, HOUR)], staff=staff)


def _disputed(placement: Placement, *, staff: _Staff, now: datetime.datetime) -> Case:
    """A cost the worker disputed: resolved, then reopened when the refund did not come."""
    case = _open(
        placement,
        door=Door.DISPUTE,
        category=Category.FEES_OR_DEBTS,
        text="Biaya pelatihan ditagih dua kali.",
        by=staff.lpk,
        at=now - 25 * DAY,
    )
    path = [
        (Status.ACKNOWLEDGED, 4 * HOUR),
        (Status.RESOLVED, 9 * DAY),
        (Status.IN_PROGRESS, 15 * DAY),
    ]
    return _move(case, path, staff=staff)


def _resolved_long_ago(placement: Placement, *, staff: _Staff, now: datetime.datetime) -> Case:
    case = _open(
        placement,
        door=Door.HOTLINE,
        category=Category.CONTRACT_SUBSTITUTION,
        text="Kontrak di Jepang berbeda dengan kontrak yang ditandatangani di Indonesia.",
        by=staff.lpk,
        at=now - 100 * DAY,
        severity=Severity.SERIOUS,
    )
    return _move(case, [(Status.ACKNOWLEDGED, 2 * HOUR), (Status.RESOLVED, 30 * DAY)], staff=staff)


def _from_checkin(checkin: CheckIn, *, staff: _Staff) -> Case:
    """A check-in answer that signalled a problem opens a case for the worker's LPK/SO."""
    category = Category.DOCUMENTS_WITHHELD if checkin.documents_in_own_hands is False else Category.WAGES
    if checkin.safe_at_work is False or checkin.safe_at_home is False:
        category = Category.UNSAFE_WORK
    placement = checkin.placement
    case = _open(
        placement,
        door=Door.CHECK_IN,
        category=category,
        text=checkin.anything_to_report or "Jawaban check-in bulanan menandakan masalah.",
        by=None,
        at=checkin.answered_at or checkin.asked_at,  # only answers signal: answered_at is set
    )
    CheckIn.objects.filter(pk=checkin.pk).update(case=case)
    return _move(case, [(Status.ACKNOWLEDGED, 6 * HOUR)], staff=staff)
