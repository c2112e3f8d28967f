"""The cast of the test suite: one person per organization kind and role,
plus an outsider who belongs nowhere. Participants are created through the
real actions, so the tests start from states the system can actually reach."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import Membership, Organization, OrganizationKind, Role, User
from participants import actions
from participants.models import Participant, Sex, Status
from reference.models import ListKind, ListVersion, Province, VocationalProgramme
from tests.nik import make_nik

PASSWORD = "correct-horse-battery-staple"
# Every login of the cast, one per organization kind and role, then the
# participant and the outsider: the rows of every access test.
PERSONAS = (
    "ministry_admin",
    "ministry_officer",
    "ministry_viewer",
    "blk_officer",
    "other_blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "association_officer",
    "supervising_officer",
    "company_officer",
    "prefecture_officer",
    "embassy_officer",
    "support_officer",
    "participant_user",
    "outsider",
)


@dataclass
class Cast:
    ministry: Organization
    blk: Organization
    other_blk: Organization
    lpk: Organization
    other_lpk: Organization
    association: Organization
    supervising: Organization
    company: Organization
    prefecture: Organization
    embassy: Organization
    support_organization: Organization

    ministry_admin: User
    ministry_officer: User
    ministry_viewer: User
    blk_officer: User
    other_blk_officer: User
    lpk_officer: User
    lpk_viewer: User
    other_lpk_officer: User
    association_officer: User
    supervising_officer: User
    company_officer: User
    prefecture_officer: User
    embassy_officer: User
    support_officer: User
    participant_user: User
    outsider: User

    province: Province
    programme: VocationalProgramme
    # budi: trained at blk, enrolled with lpk, registered; his own login is participant_user.
    budi: Participant
    # siti: trained at other_blk, enrolled with other_lpk, placed in Japan.
    siti: Participant


def _organization(kind: OrganizationKind, code: str, name: str, parent: Organization | None = None) -> Organization:
    return Organization.objects.create(kind=kind, code=code, name=name, parent=parent)


def _person(username: str, organization: Organization | None = None, role: Role = Role.OFFICER) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def details(cast_or_none: Cast | None = None, **overrides: object) -> actions.ParticipantDetails:
    """Valid participant details; tests override what they are about."""
    birth_date = overrides.pop("birth_date", datetime.date(2002, 5, 17))
    assert isinstance(birth_date, datetime.date)
    sex = str(overrides.pop("sex", Sex.MALE))
    values: dict[str, object] = {
        "full_name": "Budi Santoso",
        "name_katakana": "ブディ・サントソ",
        "nik": make_nik(birth_date, sex=sex),
        "sex": sex,
        "birth_date": birth_date,
        "birth_place": "Bekasi",
        "province": Province.objects.get(code="32"),
        "address": "Jl. Merdeka 1, Bekasi",
        "phone": "+62 812 0000 0001",
        "email": "",
        "vocational_programme": None,
        "training_centre": cast_or_none.blk if cast_or_none else Organization.objects.training_centres().first(),
        "sending_organization": cast_or_none.lpk if cast_or_none else None,
    }
    values.update(overrides)
    return actions.ParticipantDetails(**values)  # type: ignore[arg-type]


def walk(participant: Participant, path: list[Status], by: User) -> Participant:
    # Builds histories as given (siti is placed); the readiness gate on the way
    # is a decision of its own, tested where it is the subject.
    for status in path:
        participant = actions.change_status(participant_id=participant.pk, to=status, by=by, reason="test", replay=True)
    return participant


TO_PLACED = [
    Status.IN_TRAINING,
    Status.READY,
    Status.SHORTLISTED,
    Status.SELECTED,
    Status.PRE_DEPARTURE,
    Status.DEPARTED,
    Status.PLACED,
]


def build_cast() -> Cast:
    province, _ = Province.objects.get_or_create(code="32", defaults={"name": "Jawa Barat", "name_en": "West Java"})
    Province.objects.get_or_create(code="33", defaults={"name": "Jawa Tengah", "name_en": "Central Java"})
    Province.objects.get_or_create(code="65", defaults={"name": "Kalimantan Utara", "name_en": "North Kalimantan"})
    version = ListVersion.objects.create(
        kind=ListKind.VOCATIONAL_PROGRAMMES, label="test", effective_from=datetime.date(2020, 1, 1)
    )
    programme = VocationalProgramme.objects.create(
        version=version, code="LAS", name_id="Teknik Las", name_en="Welding", ssw_fields="建設"
    )

    ministry = _organization(OrganizationKind.MINISTRY, "kemnaker", "Kemnaker")
    blk = _organization(OrganizationKind.TRAINING_CENTRE, "bbpvp-bekasi", "BBPVP Bekasi")
    other_blk = _organization(OrganizationKind.TRAINING_CENTRE, "bbpvp-medan", "BBPVP Medan")
    association = _organization(OrganizationKind.ASSOCIATION, "ap2ln", "AP2LN")
    lpk = _organization(OrganizationKind.SENDING_ORGANIZATION, "lpk-sakura", "LPK Sakura", parent=association)
    other_lpk = _organization(OrganizationKind.SENDING_ORGANIZATION, "lpk-fuji", "LPK Fuji")
    supervising = _organization(OrganizationKind.SUPERVISING_ORGANIZATION, "joe", "JOE Cooperative")
    company = _organization(OrganizationKind.COMPANY, "sendai-steel", "Sendai Steel", parent=supervising)
    prefecture = _organization(OrganizationKind.PREFECTURE, "miyagi", "Miyagi Prefecture")
    embassy = _organization(OrganizationKind.EMBASSY, "kbri-tokyo", "KBRI Tokyo")
    support_organization = _organization(OrganizationKind.SUPPORT_ORGANIZATION, "sendai-support", "Sendai Support")

    ministry_admin = _person("ministry_admin", ministry, Role.ADMIN)
    lpk_officer = _person("lpk_officer", lpk)
    other_lpk_officer = _person("other_lpk_officer", other_lpk)
    participant_user = _person("budi")

    budi = actions.register_participant(
        details=details(None, training_centre=blk, sending_organization=lpk), by=lpk_officer
    )
    budi.user = participant_user
    budi.save(update_fields=["user"])
    siti = actions.register_participant(
        details=details(
            None,
            full_name="Siti Aminah",
            name_katakana="シティ・アミナー",
            sex=Sex.FEMALE,
            birth_date=datetime.date(2001, 3, 9),
            training_centre=other_blk,
            sending_organization=other_lpk,
        ),
        by=other_lpk_officer,
    )
    siti = walk(siti, TO_PLACED, other_lpk_officer)

    return Cast(
        ministry=ministry,
        blk=blk,
        other_blk=other_blk,
        lpk=lpk,
        other_lpk=other_lpk,
        association=association,
        supervising=supervising,
        company=company,
        prefecture=prefecture,
        embassy=embassy,
        support_organization=support_organization,
        ministry_admin=ministry_admin,
        ministry_officer=_person("ministry_officer", ministry),
        ministry_viewer=_person("ministry_viewer", ministry, Role.VIEWER),
        blk_officer=_person("blk_officer", blk),
        other_blk_officer=_person("other_blk_officer", other_blk),
        lpk_officer=lpk_officer,
        lpk_viewer=_person("lpk_viewer", lpk, Role.VIEWER),
        other_lpk_officer=other_lpk_officer,
        association_officer=_person("association_officer", association),
        supervising_officer=_person("supervising_officer", supervising),
        company_officer=_person("company_officer", company),
        prefecture_officer=_person("prefecture_officer", prefecture),
        embassy_officer=_person("embassy_officer", embassy),
        support_officer=_person("support_officer", support_organization),
        participant_user=participant_user,
        outsider=_person("outsider"),
        province=province,
        programme=programme,
        budi=budi,
        siti=siti,
    )
