"""Demo data: fictional organizations, one login per organization kind, and
participants spread over the lifecycle; ``demo.seed`` calls them, with the
other apps' demo data, for ``manage.py seed_demo``.

Everything is fictional and drawn from one seeded generator (Faker id_ID and
ja_JP for names), so the same seed on the same day gives the same people.
Dates follow the calendar (registrations over the last three years, the last
change at most yesterday) so the demo always looks current; that is why the
result depends on the day as well as the seed.

Participants are written with ``bulk_create`` instead of the per-row actions in
``participants.actions``: those lock, audit and save one row at a time, more
than ten times slower (bench/bench_seed.py measures both), and 100,000
participants must seed in well under two minutes. The bulk path keeps the
actions' invariants: every NIK is valid and agrees with the stored birth date
and sex, and every participant's history walks ALLOWED_TRANSITIONS from
``registered`` to their status with increasing dates. It writes no audit
entries and no ``changed_by``: nobody did these things.

Every demo login shares DEMO_PASSWORD.
"""

from __future__ import annotations

import bisect
import datetime
import io
import itertools
import math
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from faker import Faker

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from lib.katakana import suggest_katakana
from lib.names import name_key
from participants.demo_data import (
    CATCHMENTS,
    CENTRE_SHARES,
    DEMO_PASSWORD,
    EDGE_DAYS,
    EDGE_REASONS,
    JAPANESE_KINDS,
    LOCAL_LPK_SHARE,
    LOGINS,
    LPK_KIND,
    MALE_SHARE,
    NAME_POOL_SIZE,
    ORGANIZATIONS,
    PARTICIPANT_BLK,
    PARTICIPANT_LOGIN,
    PARTICIPANT_LPK,
    PATHS,
    REASONS,
    STATUS_MIX,
    WINDOW_DAYS,
    Days,
    DemoDataError,
    DemoLogin,
    Path,
)
from participants.duplicates import flag_possible_duplicates
from participants.models import ALLOWED_TRANSITIONS, Participant, Sex, Status, StatusChange
from reference.models import ListKind, ListVersion, Prefecture, Province, VocationalProgramme

T = TypeVar("T")


class Step(NamedTuple):
    from_status: str
    to_status: Status
    days: Days
    reasons: tuple[str, ...]


def _steps(path: Path) -> tuple[Step, ...]:
    """The history rows of a path, checked against ALLOWED_TRANSITIONS."""
    if path[0] != Status.REGISTERED:
        raise ValueError(f"{path}: every path starts at registered")
    steps = [Step("", Status.REGISTERED, (0, 0), ())]
    for before, after in itertools.pairwise(path):
        if after not in ALLOWED_TRANSITIONS[before]:
            raise ValueError(f"{path}: {before} -> {after} is not an allowed transition")
        days = EDGE_DAYS.get((before, after)) or STATUS_MIX[after].days_to
        reasons = EDGE_REASONS.get((before, after)) or REASONS.get(after, ())
        steps.append(Step(str(before), after, days, reasons))
    return tuple(steps)


# --- drawing ------------------------------------------------------------------


class Picker(Generic[T]):
    """Weighted choice with the cumulative weights computed once."""

    def __init__(self, weighted: Iterable[tuple[T, float]]) -> None:
        pairs = list(weighted)
        if not pairs:
            raise DemoDataError("nothing to choose from")
        self.items = [item for item, _ in pairs]
        self._cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self._cumulative, rng.random() * self._total)]


def _path_picker() -> Picker[tuple[Step, ...]]:
    return Picker(
        (_steps(path), mix.per_mille * weight / sum(w for _, w in PATHS[status]))
        for status, mix in STATUS_MIX.items()
        for path, weight in PATHS[status]
    )


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    province_id: int
    subdistricts: int


@dataclass(frozen=True)
class Centre:
    organization_id: int
    places: Picker[Place]
    local_lpk_ids: tuple[int, ...]


@dataclass(frozen=True)
class World:
    """The ids a participant points to, looked up once."""

    centres: Picker[Centre]
    lpk_ids: tuple[int, ...]
    programme_ids: tuple[int, ...]


@dataclass(frozen=True)
class Names:
    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    male_last: tuple[str, ...]
    female_last: tuple[str, ...]
    streets: tuple[str, ...]


class PlannedChange(NamedTuple):
    from_status: str
    to_status: Status
    at: datetime.datetime
    reason: str


@dataclass(frozen=True, slots=True)
class ParticipantPlan:
    full_name: str
    name_katakana: str
    nik: str
    sex: Sex
    birth_date: datetime.date
    birth_place: str
    province_id: int
    address: str
    phone: str
    email: str
    vocational_programme_id: int | None
    training_centre_id: int
    sending_organization_id: int | None
    history: tuple[PlannedChange, ...]


def draw_names(seed: int) -> Names:
    # Faker is slow per call: draw pools once (keeping its name frequencies) and combine them.
    faker = Faker("id_ID")
    faker.seed_instance(seed)

    def pool(method: str, size: int = NAME_POOL_SIZE) -> tuple[str, ...]:
        return tuple(str(getattr(faker, method)()) for _ in range(size))

    return Names(
        pool("first_name_male"),
        pool("first_name_female"),
        pool("last_name_male"),
        pool("last_name_female"),
        pool("street_name", 500),
    )


class _Planner:
    """Draws participants one by one from a single seeded generator."""

    _OPERATORS = ("811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896", "898")
    _MAIL_DOMAINS = ("example.com", "example.net", "example.org")

    def __init__(self, *, world: World, seed: int, today_start: datetime.datetime, taken_niks: set[str]) -> None:
        self.world = world
        self.rng = random.Random(seed)  # noqa: S311 -- fictional data, reproducible by seed
        self.names = draw_names(seed)
        self.paths = _path_picker()
        self.today_start = today_start
        self.today = today_start.date()
        self.oldest_birth = _years_before(self.today, 31).toordinal() + 1  # nobody older than 30 today
        self.taken_niks = taken_niks
        self.serials: dict[str, int] = {}
        self.katakana: dict[str, str] = {}

    def plan(self) -> ParticipantPlan:
        rng = self.rng
        history = self._history(self.paths.pick(rng))
        registered = history[0].at.date()
        sex = Sex.MALE if rng.random() < MALE_SHARE else Sex.FEMALE
        birth = datetime.date.fromordinal(rng.randint(self.oldest_birth, _years_before(registered, 18).toordinal()))
        centre = self.world.centres.pick(rng)
        place = centre.places.pick(rng)
        first, full_name = self._name(sex)
        return ParticipantPlan(
            full_name=full_name,
            name_katakana=self._katakana(full_name),
            nik=self._nik(place, birth, sex),
            sex=sex,
            birth_date=birth,
            birth_place=place.name,
            province_id=place.province_id,
            address=self._address(place),
            phone=f"+62 {rng.choice(self._OPERATORS)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            email=self._email(first, full_name),
            vocational_programme_id=rng.choice(self.world.programme_ids),
            training_centre_id=centre.organization_id,
            sending_organization_id=self._sending_organization(centre, history),
            history=history,
        )

    def _history(self, steps: tuple[Step, ...]) -> tuple[PlannedChange, ...]:
        rng = self.rng
        durations = [rng.uniform(*step.days) for step in steps[1:]]
        total = sum(durations)
        # A long path is compressed to fit the window; everyone's last change is at least a day ago.
        scale = min(1.0, (WINDOW_DAYS - 1) / total) if total else 1.0
        since = min(rng.uniform(*STATUS_MIX[steps[-1].to_status].days_since), WINDOW_DAYS - total * scale)
        offset = -(total * scale + since)
        changes: list[PlannedChange] = []
        day, minute = -WINDOW_DAYS - 1, 0
        for step, duration in zip(steps, [0.0, *durations], strict=True):
            offset += duration * scale
            previous_day, day = day, math.floor(offset)
            # Office hours; two changes on one day keep their order.
            minute = rng.randint(8 * 60, 17 * 60) if day > previous_day else minute + rng.randint(1, 20)
            at = self.today_start + datetime.timedelta(days=day, minutes=minute)
            changes.append(PlannedChange(step.from_status, step.to_status, at, _choice(rng, step.reasons)))
        return tuple(changes)

    def _name(self, sex: Sex) -> tuple[str, str]:
        rng, names = self.rng, self.names
        firsts, lasts = (
            (names.male_first, names.male_last) if sex == Sex.MALE else (names.female_first, names.female_last)
        )
        first = rng.choice(firsts)
        roll = rng.random()
        if roll < 0.05:
            return first, first  # many Indonesians have a single name
        if roll < 0.25:
            return first, f"{first} {rng.choice(firsts)} {rng.choice(lasts)}"
        return first, f"{first} {rng.choice(lasts)}"

    def _katakana(self, full_name: str) -> str:
        # Per word and cached: a few thousand words make up every name.
        parts = []
        for word in full_name.split():
            if word not in self.katakana:
                self.katakana[word] = suggest_katakana(word)
            parts.append(self.katakana[word])
        return "・".join(part for part in parts if part)

    def _nik(self, place: Place, birth: datetime.date, sex: Sex) -> str:
        day = birth.day + (40 if sex == Sex.FEMALE else 0)
        subdistrict = self.rng.randint(1, place.subdistricts)
        prefix = f"{place.code}{subdistrict:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        serial = self.serials.get(prefix, 0)
        while True:
            serial += 1
            number = f"{prefix}{serial:04d}"
            if number not in self.taken_niks:
                break
        if serial > 9999:
            raise DemoDataError(f"no NIK serial left for {prefix}")
        self.serials[prefix] = serial
        return number

    def _address(self, place: Place) -> str:
        rng = self.rng
        return (
            f"{rng.choice(self.names.streets)} No. {rng.randint(1, 250)}, "
            f"RT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}, {place.name}"
        )

    def _email(self, first: str, full_name: str) -> str:
        rng = self.rng
        if rng.random() < 0.4:
            return ""
        last = full_name.rsplit(maxsplit=1)[-1]
        local = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        return f"{local}{rng.randint(1, 999)}@{rng.choice(self._MAIL_DOMAINS)}"

    def _sending_organization(self, centre: Centre, history: tuple[PlannedChange, ...]) -> int | None:
        """An LPK/SO takes people on after their BLK training; everyone
        shortlisted for Japan has one."""
        reached = {change.to_status for change in history}
        rng = self.rng
        if Status.READY not in reached or (Status.SHORTLISTED not in reached and rng.random() < 0.15):
            return None
        if centre.local_lpk_ids and rng.random() < LOCAL_LPK_SHARE:
            return rng.choice(centre.local_lpk_ids)
        return rng.choice(self.world.lpk_ids)


def _choice(rng: random.Random, options: tuple[str, ...]) -> str:
    return rng.choice(options) if options else ""


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def start_of_today() -> datetime.datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def plan_participants(
    *, world: World, count: int, seed: int, today_start: datetime.datetime, taken_niks: set[str]
) -> Iterator[ParticipantPlan]:
    """``count`` fictional participants; the same arguments give the same people."""
    planner = _Planner(world=world, seed=seed, today_start=today_start, taken_niks=taken_niks)
    for _ in range(count):
        yield planner.plan()


# --- writing ------------------------------------------------------------------


def ensure_reference_data() -> bool:
    """Load the reference lists if any of those the demo needs is empty; True if loaded."""
    if Province.objects.exists() and Prefecture.objects.exists() and VocationalProgramme.objects.exists():
        return False
    call_command("load_reference", stdout=io.StringIO())
    return True


@transaction.atomic
def ensure_organizations() -> dict[str, Organization]:
    """The demo organizations by code, created where missing (existing ones are left as they are)."""
    provinces = {province.code: province for province in Province.objects.all()}
    prefectures = {prefecture.jis_code: prefecture for prefecture in Prefecture.objects.all()}
    organizations: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        if spec.province and spec.province not in provinces:
            raise DemoDataError(f"Province {spec.province} is missing from the reference data.")
        if spec.prefecture and spec.prefecture not in prefectures:
            raise DemoDataError(f"Prefecture {spec.prefecture} is missing from the reference data.")
        organizations[spec.code], _ = Organization.objects.get_or_create(
            code=spec.code,
            defaults={
                "kind": spec.kind,
                "name": spec.name,
                "name_ja": spec.name_ja,
                "parent": organizations.get(spec.parent),
                "province": provinces.get(spec.province),
                "prefecture": prefectures.get(spec.prefecture),
                "city": spec.city,
                "city_ja": spec.city_ja,
            },
        )
    return organizations


@transaction.atomic
def ensure_logins(organizations: dict[str, Organization], *, seed: int) -> None:
    """One officer per organization kind, created with DEMO_PASSWORD where missing."""
    indonesian, japanese = Faker("id_ID"), Faker("ja_JP")
    indonesian.seed_instance(seed)
    japanese.seed_instance(seed)
    for spec in LOGINS:
        organization = organizations[spec.organization]
        faker = japanese if organization.kind in JAPANESE_KINDS else indonesian
        user = _login(spec.username, first_name=str(faker.first_name()), last_name=str(faker.last_name()))
        Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": spec.role})


def _login(username: str, *, first_name: str, last_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load_world(organizations: dict[str, Organization], *, today: datetime.date) -> World:
    provinces = dict(Province.objects.values_list("code", "id"))
    version = ListVersion.objects.in_force(ListKind.VOCATIONAL_PROGRAMMES, on=today)
    programme_ids = tuple(version.programmes.order_by("code").values_list("id", flat=True)) if version else ()
    if not programme_ids:
        raise DemoDataError("No list of vocational programmes is in force; run load_reference.")
    lpks = [(spec.province, organizations[spec.code].pk) for spec in ORGANIZATIONS if spec.kind == LPK_KIND]
    centres = []
    for code, share in CENTRE_SHARES.items():
        regencies = CATCHMENTS[code]
        places = [
            # Cities (regency codes 71-79) have fewer districts than regencies.
            (Place(r.code, r.place, provinces[r.code[:2]], 10 if r.code[2] == "7" else 20), r.weight)
            for r in regencies
            if r.code[:2] in provinces
        ]
        if not places:
            raise DemoDataError(f"None of the provinces {code} recruits from is in the reference data.")
        region = {r.code[:2] for r in regencies}
        local = tuple(pk for province, pk in lpks if province in region)
        centres.append((Centre(organizations[code].pk, Picker(places), local), share))
    return World(Picker(centres), tuple(pk for _, pk in lpks), programme_ids)


def _participant(plan: ParticipantPlan) -> Participant:
    return Participant(
        full_name=plan.full_name,
        name_key=name_key(plan.full_name),  # bulk_create skips the save() that fills it
        name_katakana=plan.name_katakana,
        nik=plan.nik,
        sex=plan.sex,
        birth_date=plan.birth_date,
        birth_place=plan.birth_place,
        province_id=plan.province_id,
        address=plan.address,
        phone=plan.phone,
        email=plan.email,
        vocational_programme_id=plan.vocational_programme_id,
        training_centre_id=plan.training_centre_id,
        sending_organization_id=plan.sending_organization_id,
        status=plan.history[-1].to_status,
        status_changed_at=plan.history[-1].at,
        registered_at=plan.history[0].at,
    )


@transaction.atomic
def write_participants(plans: list[ParticipantPlan]) -> int:
    """One chunk of participants with their histories; returns the history rows written."""
    participants = Participant.objects.bulk_create([_participant(plan) for plan in plans])
    changes = [
        StatusChange(
            participant_id=participant.pk,
            from_status=change.from_status,
            to_status=change.to_status,
            reason=change.reason,
            changed_at=change.at,
        )
        for participant, plan in zip(participants, plans, strict=True)
        for change in plan.history
    ]
    StatusChange.objects.bulk_create(changes)
    return len(changes)


# One demo record in this many is registered a second time under a mistyped
# NIK at another BLK, so that the ministry's duplicate review queue has work.
RETYPED_SHARE = 400


def seed_retyped_registrations(*, after_pk: int, count: int, seed: int) -> int:
    """Second records of ``count`` of the participants just written, as a BLK
    would type them with the NIK's last digits wrong; returns how many pairs
    were flagged for review."""
    rng = random.Random(seed + 2)  # noqa: S311 -- fictional data, reproducible by seed
    new = list(Participant.objects.filter(pk__gt=after_pk, status=Status.REGISTERED).order_by("pk"))
    centres = list(Organization.objects.filter(kind=OrganizationKind.TRAINING_CENTRE).values_list("pk", flat=True))
    copies: list[Participant] = []
    retyped: set[str] = set()
    # Through everyone in a random order until ``count`` are written: at a million, one retyped NIK
    # in seven is someone else's already, and the demo promises the number of participants asked for.
    for original in rng.sample(new, k=len(new)):
        if len(copies) == count:
            break
        nik = _retyped(original.nik)
        others = [pk for pk in centres if pk != original.training_centre_id]
        if nik in retyped or not others or Participant.objects.with_nik(nik).exists():
            continue
        retyped.add(nik)
        # A fresh registration of the same person: no LPK/SO, no login, no records yet.
        original.pk, original.nik, original.training_centre_id = None, nik, rng.choice(others)
        original.sending_organization_id = original.user_id = None
        copies.append(original)
    written = Participant.objects.bulk_create(copies)
    StatusChange.objects.bulk_create(
        StatusChange(participant_id=p.pk, to_status=Status.REGISTERED, changed_at=p.registered_at) for p in written
    )
    return flag_possible_duplicates(p.pk for p in written)


def _retyped(nik: str) -> str:
    """The same NIK with its serial (the last four digits) one off: region,
    birth date and sex stay valid."""
    serial = int(nik[-4:]) % 9_999 + 1
    return f"{nik[:-4]}{serial:04d}"


def link_participant_login(organizations: dict[str, Organization]) -> None:
    """Link the participant login to a seeded participant, once."""
    user = User.objects.filter(username=PARTICIPANT_LOGIN).first()
    if user is not None and Participant.objects.filter(user=user).exists():
        return
    unlinked = Participant.objects.filter(user__isnull=True).order_by("pk")
    lpk, blk = organizations[PARTICIPANT_LPK], organizations[PARTICIPANT_BLK]
    participant = (
        unlinked.filter(training_centre=blk, sending_organization=lpk, status=Status.PLACED).first()
        or unlinked.filter(sending_organization=lpk).first()
        or unlinked.first()
    )
    if participant is None:
        return
    if user is None:
        first, _, last = participant.full_name.partition(" ")
        user = _login(PARTICIPANT_LOGIN, first_name=first, last_name=last)
    participant.user = user
    participant.save(update_fields=["user"])


def demo_logins() -> list[DemoLogin]:
    """The demo logins present in the database, one per organization kind, then the participant."""
    memberships = {
        (membership.user.username, membership.organization.code): membership
        for membership in Membership.objects.select_related("user", "organization").filter(
            user__username__in=[spec.username for spec in LOGINS]
        )
    }
    logins = []
    for spec in LOGINS:
        membership = memberships.get((spec.username, spec.organization))
        if membership is not None:
            organization = membership.organization
            kind, role = OrganizationKind(organization.kind).label, Role(membership.role).label
            logins.append(DemoLogin(spec.username, organization.name, str(kind), str(role), DEMO_PASSWORD))
    participant = Participant.objects.filter(user__username=PARTICIPANT_LOGIN).first()
    if participant is not None:
        logins.append(
            DemoLogin(PARTICIPANT_LOGIN, participant.full_name, str(Participant._meta.verbose_name), "-", DEMO_PASSWORD)
        )
    return logins
