"""The programme rules' versions in the database: started from the file the
rules ship with, then the ministry administrators', who add versions but never
edit one; every decision reads the stored book."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from reference import loader
from reference.models import RuleFamily, StoredRuleVersion
from reference.rulebook import stored_rule_book
from rules import Family, Stage, default_rule_book, titp_yearly_quota
from rules.versions import DEFAULT_FILE as DEFAULT_RULE_FILE
from tests.cast import Cast

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC)
ADD = reverse("admin:reference_storedruleversion_add")


def shipped_versions() -> int:
    book = default_rule_book()
    return sum(len(getattr(book, family.value)) for family in Family)


def stricter_quota(effective_from: str) -> dict[str, str]:
    """The add form for a TITP quota version that gives small companies one trainee a year."""
    current = StoredRuleVersion.objects.filter(family=RuleFamily.TITP_QUOTA).latest("effective_from")
    parameters: dict[str, Any] = copy.deepcopy(current.parameters)
    parameters["bands"]["value"] = [[30, 1], [40, 2], [50, 3], [100, 4], [200, 6], [300, 8]]
    return {
        "family": RuleFamily.TITP_QUOTA,
        "label": "2027-strict",
        "effective_from": effective_from,
        "source": "A stricter table, for the test.",
        "parameters": json.dumps(parameters),
    }


def test_load_reference_stores_every_shipped_version_once() -> None:
    first = loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    again = loader.load_rule_versions(path=DEFAULT_RULE_FILE)

    assert StoredRuleVersion.objects.count() == shipped_versions() == first.created_total
    assert again.created_total == 0
    assert again.unchanged == shipped_versions()
    assert AuditEntry.objects.filter(target_type="reference.storedruleversion", action=AuditAction.CREATED).count() == (
        shipped_versions()
    )


def test_decisions_read_the_stored_versions_not_the_file() -> None:
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    current = StoredRuleVersion.objects.filter(family=RuleFamily.TITP_QUOTA).latest("effective_from")
    later = StoredRuleVersion.objects.get(pk=current.pk)
    later.pk, later.label, later.effective_from = None, "2027-strict", datetime.date(2027, 1, 1)
    later.parameters = copy.deepcopy(current.parameters)
    later.parameters["bands"]["value"] = [[30, 1], [40, 2], [50, 3], [100, 4], [200, 6], [300, 8]]
    later.save()

    quota = stored_rule_book().versions_in_force(datetime.date(2027, 1, 1)).titp_quota
    before = stored_rule_book().versions_in_force(datetime.date(2026, 12, 31)).titp_quota

    answer = titp_yearly_quota(full_time_staff=25, excellent=False, stage=Stage.I, version=quota)
    assert (answer.value, answer.rule.label if answer.rule else None) == (1, "2027-strict")
    assert titp_yearly_quota(full_time_staff=25, excellent=False, stage=Stage.I, version=before).value == 3


def test_without_stored_versions_the_shipped_ones_apply() -> None:
    assert stored_rule_book() == default_rule_book()


def test_a_family_added_to_the_code_since_the_last_load_is_read_from_the_file() -> None:
    """A database loaded before the ages family existed still answers age
    questions, by the shipped version, until load_reference stores it."""
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    StoredRuleVersion.objects.filter(family=RuleFamily.AGES).delete()

    book = stored_rule_book()

    assert book.ages == default_rule_book().ages
    assert loader.load_rule_versions(path=DEFAULT_RULE_FILE).created_total == 1


@time_machine.travel(TODAY, tick=False)
def test_an_administrator_adds_a_version_from_today_on(client: Client, cast: Cast) -> None:
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    client.force_login(cast.ministry_admin)

    response = client.post(ADD, stricter_quota("2027-01-01"))

    assert response.status_code == 302
    stored = StoredRuleVersion.objects.get(label="2027-strict")
    assert AuditEntry.objects.filter(target_id=str(stored.pk), actor=cast.ministry_admin).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_version_starting_in_the_past_is_refused(client: Client, cast: Cast) -> None:
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    client.force_login(cast.ministry_admin)

    response = client.post(ADD, stricter_quota("2026-11-29"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["effective_from"]
    assert not StoredRuleVersion.objects.filter(label="2027-strict").exists()


@time_machine.travel(TODAY, tick=False)
def test_malformed_parameters_are_refused_naming_the_parameter(client: Client, cast: Cast) -> None:
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    client.force_login(cast.ministry_admin)
    form = stricter_quota("2027-01-01")
    parameters = json.loads(form["parameters"])
    parameters["bands"]["value"] = "three"
    form["parameters"] = json.dumps(parameters)

    response = client.post(ADD, form)

    assert response.status_code == 200
    assert "bands" in str(response.context["adminform"].form.non_field_errors())
    assert not StoredRuleVersion.objects.filter(label="2027-strict").exists()


def test_a_stored_version_is_never_edited_or_deleted(client: Client, cast: Cast) -> None:
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    version = StoredRuleVersion.objects.first()
    assert version is not None
    client.force_login(cast.ministry_admin)
    change = reverse("admin:reference_storedruleversion_change", args=[version.pk])

    client.post(change, {"label": "edited", "source": "x"})
    client.post(reverse("admin:reference_storedruleversion_delete", args=[version.pk]), {"post": "yes"})

    version.refresh_from_db()
    assert version.label != "edited"
    assert client.get(change).status_code == 200  # shown read only


@time_machine.travel(TODAY, tick=False)
def test_the_add_form_starts_from_the_version_in_force(client: Client, cast: Cast) -> None:
    loader.load_rule_versions(path=DEFAULT_RULE_FILE)
    client.force_login(cast.ministry_admin)

    form = client.get(ADD, {"family": RuleFamily.WAGES}).context["adminform"].form

    current = StoredRuleVersion.objects.get(family=RuleFamily.WAGES)
    assert form.initial["family"] == RuleFamily.WAGES
    assert form.initial["parameters"] == current.parameters
