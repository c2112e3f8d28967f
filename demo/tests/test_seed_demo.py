"""seed_demo: fictional demo data at any size, one login per organization kind."""

from __future__ import annotations

import datetime
import io
import itertools
from collections import Counter, deque

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.test import Client
from django.utils import timezone
from stdnum.id import nik as stdnum_nik

from accounts.models import Membership, Organization, OrganizationKind, Role
from lib.encrypted import EncryptedMixin
from lib.katakana import suggest_katakana
from lib.nik import parse_nik
from matching.models import Shortlist, ShortlistStatus
from participants import demo as participants_demo
from participants import demo_data
from participants.models import (
    ALLOWED_TRANSITIONS,
    REASON_REQUIRED,
    Participant,
    PossibleDuplicate,
    Sex,
    Status,
    StatusChange,
)
from reference.models import ListKind, ListVersion, Prefecture, Province, VocationalProgramme
from reports.models import Figure, Snapshot

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=datetime.UTC)
PROVINCES = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "36": "Banten",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
}
PREFECTURES = {"04": "Miyagi", "13": "Tokyo", "23": "Aichi", "27": "Osaka", "40": "Fukuoka"}


@pytest.fixture
def reference() -> None:
    """The reference rows the demo needs, so most tests do not depend on the full loader."""
    for code, name in PROVINCES.items():
        Province.objects.create(code=code, name=name, name_en=name)
    for code, name in PREFECTURES.items():
        Prefecture.objects.create(jis_code=code, name_ja=name, name_en=name)
    version = ListVersion.objects.create(
        kind=ListKind.VOCATIONAL_PROGRAMMES, label="test", effective_from=datetime.date(2022, 11, 1)
    )
    for code, name in [("LAS", "Teknik Las"), ("OTO", "Teknik Otomotif"), ("PTN", "Pertanian")]:
        VocationalProgramme.objects.create(version=version, code=code, name_id=name, name_en=name)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> list[tuple[str, str, str, str]]:
    return list(Participant.objects.order_by("pk").values_list("nik", "full_name", "status", "phone"))


def test_it_seeds_the_requested_count(reference: None) -> None:
    seed("--participants", "60")

    assert Participant.objects.count() == 60
    assert Participant.objects.filter(history__isnull=True).count() == 0


def test_it_ends_with_the_figures_the_dashboards_read(reference: None) -> None:
    seed("--participants", "60")

    snapshot = Snapshot.objects.latest_complete()
    assert snapshot is not None
    assert snapshot.participants == 60
    assert Figure.objects.filter(snapshot=snapshot, table="pipeline.funnel", scope="all", key="registered").exists()


def test_it_gives_every_organization_kind_a_login(reference: None) -> None:
    output = seed("--participants", "60")

    logins = Membership.objects.filter(user__username__in=[spec.username for spec in demo_data.LOGINS])
    assert {membership.organization.kind for membership in logins} == set(OrganizationKind)
    assert logins.get(organization__kind=OrganizationKind.MINISTRY).role == Role.ADMIN
    for spec in demo_data.LOGINS:
        # Through the sign-in page, as `make run`'s reader does: lockout and second factor included.
        client = Client()
        response = client.post("/accounts/login/", {"username": spec.username, "password": demo_data.DEMO_PASSWORD})
        assert response.status_code == 302, spec.username
        assert client.get("/").status_code == 200, spec.username
        assert spec.username in output
    assert demo_data.DEMO_PASSWORD in output


def test_it_links_the_participant_login_to_a_participant(reference: None) -> None:
    output = seed("--participants", "60")

    client = Client()
    response = client.post(
        "/accounts/login/", {"username": demo_data.PARTICIPANT_LOGIN, "password": demo_data.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    own = Participant.objects.get(user__username=demo_data.PARTICIPANT_LOGIN)
    assert f"/participants/{own.pk}/" in client.get("/").content.decode()
    assert demo_data.PARTICIPANT_LOGIN in output


def test_it_creates_the_pilot_organizations(reference: None) -> None:
    seed("--participants", "0")

    centres = Organization.objects.training_centres()
    assert sorted(centres.values_list("city", flat=True)) == ["Bekasi", "Makassar", "Medan", "Padang", "Semarang"]
    assert all(centre.province_id for centre in centres)
    lpks = Organization.objects.sending_organizations()
    assert lpks.count() == 12
    assert lpks.filter(parent__kind=OrganizationKind.ASSOCIATION).count() > 6
    companies = Organization.objects.of_kind(OrganizationKind.COMPANY)
    assert {company.prefecture.jis_code for company in companies if company.prefecture} == set(PREFECTURES) - {"13"}
    assert all(
        company.parent and company.parent.kind == OrganizationKind.SUPERVISING_ORGANIZATION for company in companies
    )
    assert all(company.name_ja for company in companies)


def test_it_writes_valid_unique_niks(reference: None) -> None:
    seed("--participants", "200")

    participants = list(Participant.objects.select_related("province"))
    assert len({participant.nik for participant in participants}) == 200
    for participant in participants:
        stdnum_nik.validate(participant.nik)  # python-stdnum knows the place and the date
        facts = parse_nik(participant.nik, today=timezone.localdate())
        assert facts.birth_date == participant.birth_date
        assert facts.sex == participant.sex
        assert facts.province_code == participant.province.code


def test_it_keeps_ages_between_18_and_30(reference: None) -> None:
    with time_machine.travel(NOW, tick=False):
        seed("--participants", "200")

    today = datetime.date(2026, 5, 4)
    for participant in Participant.objects.all():
        assert 18 <= participant.age_on(today) <= 30
        assert participant.age_on(participant.registered_at.date()) >= 18


def test_it_writes_history_along_allowed_transitions(reference: None) -> None:
    with time_machine.travel(NOW, tick=False):
        seed("--participants", "200")

    for participant in Participant.objects.prefetch_related("history"):
        history = sorted(participant.history.all(), key=lambda change: (change.changed_at, change.pk))
        assert (history[0].from_status, history[0].to_status) == ("", Status.REGISTERED)
        assert history[0].changed_at == participant.registered_at
        for before, after in itertools.pairwise(history):
            assert after.from_status == before.to_status
            assert Status(after.to_status) in ALLOWED_TRANSITIONS[Status(before.to_status)]
            assert after.changed_at > before.changed_at
        assert history[-1].to_status == participant.status
        assert history[-1].changed_at == participant.status_changed_at
        assert participant.registered_at > NOW - datetime.timedelta(days=3 * 365 + 1)
        assert participant.status_changed_at < NOW


def test_it_gives_a_reason_wherever_the_actions_require_one(reference: None) -> None:
    seed("--participants", "500")

    assert not StatusChange.objects.filter(to_status__in=REASON_REQUIRED, reason="").exists()


def test_it_reaches_every_status_through_allowed_transitions() -> None:
    reached, queue = {Status.REGISTERED}, deque([Status.REGISTERED])
    while queue:
        for following in ALLOWED_TRANSITIONS[queue.popleft()] - reached:
            reached.add(following)
            queue.append(following)

    assert reached == set(Status)
    assert set(demo_data.PATHS) == set(Status) == set(demo_data.STATUS_MIX)


def test_it_spreads_statuses_over_the_lifecycle(reference: None) -> None:
    seed("--participants", "200")

    statuses = Counter(Participant.objects.values_list("status", flat=True))
    assert len(statuses) > 5
    assert statuses[Status.PLACED] < statuses[Status.REGISTERED] + statuses[Status.IN_TRAINING] + statuses[Status.READY]


def test_it_enrols_no_one_with_an_lpk_before_their_training_ends(reference: None) -> None:
    seed("--participants", "200")

    early = Participant.objects.filter(status__in=[Status.REGISTERED, Status.IN_TRAINING])
    assert early.exists()
    assert not early.filter(sending_organization__isnull=False).exists()
    assert not Participant.objects.filter(status=Status.PLACED, sending_organization__isnull=True).exists()
    assert Participant.objects.filter(sending_organization__isnull=False).count() > 100


def test_it_draws_realistic_people(reference: None) -> None:
    seed("--participants", "200")

    for participant in Participant.objects.all():
        assert participant.name_katakana == suggest_katakana(participant.full_name)
        assert participant.phone.startswith("+62 8")
        assert participant.vocational_programme_id is not None
        assert participant.training_centre.kind == OrganizationKind.TRAINING_CENTRE
    assert {Sex.MALE, Sex.FEMALE} == set(Participant.objects.values_list("sex", flat=True))


def _seeded_fingerprint(seed_value: str) -> list[tuple[str, str, str, str]]:
    """The fingerprint of one seeding, rolled back afterwards: the demo's ledger
    lines are append-only and protect their participants from deletion."""
    with transaction.atomic():
        seed("--participants", "60", "--seed", seed_value)
        found = fingerprint()
        transaction.set_rollback(True)
    return found


def test_it_is_deterministic_by_seed(reference: None) -> None:
    with time_machine.travel(NOW, tick=False):
        first = _seeded_fingerprint("11")
        again = _seeded_fingerprint("11")
        other = _seeded_fingerprint("12")

    assert first == again
    assert first != other


def test_it_seeds_nothing_the_second_time_with_if_empty(reference: None) -> None:
    seed("--participants", "60", "--if-empty")
    changes = StatusChange.objects.count()

    output = seed("--participants", "60", "--if-empty")

    assert Participant.objects.count() == 60
    assert StatusChange.objects.count() == changes
    assert "nothing seeded" in output
    assert "kemnaker" in output
    assert demo_data.DEMO_PASSWORD in output


def test_it_adds_participants_with_new_niks_without_if_empty(reference: None) -> None:
    seed("--participants", "60", "--seed", "5")
    seed("--participants", "60", "--seed", "5")

    assert Participant.objects.count() == 120
    assert Participant.objects.values("nik").distinct().count() == 120
    assert Membership.objects.filter(user__username="kemnaker").count() == 1


def test_a_second_seed_keeps_the_shortlists_the_first_published() -> None:
    seed("--participants", "300")
    published = set(Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED).values_list("pk", flat=True))
    assert published

    seed("--participants", "20")

    assert Participant.objects.count() == 320
    assert published <= set(Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED).values_list("pk", flat=True))


def test_it_writes_as_many_retyped_registrations_as_asked_when_some_retyped_niks_are_taken(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed("--participants", "100")
    before = Participant.objects.count()
    # The first three retyped NIKs are someone else's already: each is skipped, not written twice.
    taken = iter(Participant.objects.order_by("pk").values_list("nik", flat=True)[:3])
    retype = participants_demo._retyped
    monkeypatch.setattr(participants_demo, "_retyped", lambda nik: next(taken, None) or retype(nik))

    participants_demo.seed_retyped_registrations(after_pk=0, count=5, seed=1)

    assert Participant.objects.count() == before + 5
    assert Participant.objects.values("nik").distinct().count() == before + 5


def test_it_loads_the_reference_data_when_it_is_missing() -> None:
    output = seed("--participants", "30")

    assert "Loaded the reference data" in output
    assert Province.objects.filter(code="32").exists()
    assert Participant.objects.count() == 30


def test_it_gives_everyone_past_registration_a_sending_programme_and_some_of_the_newly_registered() -> None:
    seed("--participants", "200")

    past_registration = Participant.objects.exclude(status=Status.REGISTERED)
    registered = Participant.objects.filter(status=Status.REGISTERED)
    assert past_registration.exists()
    assert registered.exists()
    assert not past_registration.filter(sending_programme__isnull=True).exists()
    programmes = set(past_registration.values_list("sending_programme__code", flat=True))
    assert programmes <= {"ssw-1", "im-japan-titp", "kemnaker-joe-titp"}
    assert len(programmes) > 1
    assert not past_registration.filter(sending_programme__code="im-japan-titp", sex=Sex.FEMALE).exists()


def test_it_registers_a_few_people_twice_under_a_mistyped_nik_for_the_review_queue(reference: None) -> None:
    seed("--participants", "800")

    flags = list(PossibleDuplicate.objects.select_related("participant", "other"))
    assert Participant.objects.count() == 800
    assert len(flags) == 2
    for flag in flags:
        copy, original = flag.participant, flag.other
        assert (copy.full_name, copy.birth_date) == (original.full_name, original.birth_date)
        assert copy.nik[:12] == original.nik[:12]
        assert copy.nik != original.nik
        assert copy.training_centre_id != original.training_centre_id
        stdnum_nik.validate(copy.nik)


def test_it_writes_every_text_within_its_column(reference: None) -> None:
    # SQLite stores a text longer than its column; PostgreSQL refuses it, and
    # did so a million participants into a seed. Checked for every model.
    seed("--participants", "300")

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField) or not field.max_length:
                continue
            if isinstance(field, EncryptedMixin):
                # A text column holding the sealed form: the plain value is what max_length limits.
                values = model._default_manager.values_list(field.attname, flat=True)
                longest = max((len(value) for value in values), default=0)
            else:
                longest = model._default_manager.aggregate(longest=Max(Length(field.attname)))["longest"] or 0
            assert longest <= field.max_length, f"{model._meta.label}.{field.name}: {longest} > {field.max_length}"
