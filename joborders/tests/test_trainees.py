"""The trainees a company holds, by stage and day, as the quota check counts
them: the supervising organization's record of those from elsewhere, filled
orders for as long as their stages last, and open orders as if filled."""

from __future__ import annotations

import datetime

import pytest

from joborders import actions
from joborders.models import CompanyProfile, JobOrder, JobOrderStatus, TitpStage
from joborders.tests.world import Japan, company_details, order_details, organization_details, trainees
from joborders.trainees import Source, Spell, Trainees, company_trainees, order_spells
from rules import default_rule_book
from tests.cast import Cast

pytestmark = pytest.mark.django_db

VERSIONS = default_rule_book().titp_stages
day = datetime.date.fromisoformat


def spell(stage: TitpStage, trainees: int, first: str, last: str | None, *, construction: bool = False) -> Spell:
    return Spell(Source.FILLED, stage, trainees, day(first), day(last) if last else None, construction)


def test_a_stage_i_order_holds_stage_i_for_a_year_then_stage_ii_for_two() -> None:
    spells = order_spells(
        stage=TitpStage.I,
        positions=3,
        starts_on=day("2026-10-01"),
        construction=False,
        source=Source.FILLED,
        versions=VERSIONS,
    )

    assert [(s.stage, s.trainees, s.first_day, s.last_day) for s in spells] == [
        (TitpStage.I, 3, day("2026-10-01"), day("2027-09-30")),
        (TitpStage.II, 3, day("2027-10-01"), day("2029-09-30")),
    ]


def test_a_stage_from_29_february_ends_on_28_february() -> None:
    spells = order_spells(
        stage=TitpStage.I,
        positions=1,
        starts_on=day("2024-02-29"),
        construction=False,
        source=Source.FILLED,
        versions=VERSIONS,
    )

    assert [(s.first_day, s.last_day) for s in spells] == [
        (day("2024-02-29"), day("2025-02-28")),
        (day("2025-03-01"), day("2027-02-28")),
    ]


def test_a_stage_iii_order_holds_stage_iii_for_two_years_and_no_more() -> None:
    spells = order_spells(
        stage=TitpStage.III,
        positions=2,
        starts_on=day("2026-10-01"),
        construction=False,
        source=Source.HOLDING,
        versions=VERSIONS,
    )

    assert [(s.stage, s.first_day, s.last_day) for s in spells] == [
        (TitpStage.III, day("2026-10-01"), day("2028-09-30"))
    ]


@pytest.mark.parametrize(
    ("on", "held"),
    [("2026-09-30", 0), ("2026-10-01", 3), ("2027-09-30", 3), ("2027-10-01", 0)],
)
def test_a_spell_counts_from_its_first_to_its_last_day(on: str, held: int) -> None:
    ledger = Trainees((spell(TitpStage.I, 3, "2026-10-01", "2027-09-30"),))

    assert ledger.held_on(day(on), stage=TitpStage.I) == held


def test_the_peak_is_the_most_at_once_not_the_sum_of_all_overlapping() -> None:
    # A and C never meet; B meets each of them in turn.
    ledger = Trainees(
        (
            spell(TitpStage.I, 2, "2026-01-01", "2026-12-31"),  # A
            spell(TitpStage.I, 2, "2027-06-01", "2028-05-31"),  # C
            spell(TitpStage.I, 1, "2026-11-01", "2027-10-31"),  # B
        )
    )

    peak = ledger.peak(day("2026-10-01"), day("2027-09-30"), stage=TitpStage.I)

    assert (peak.held, peak.day) == (3, day("2026-11-01"))


def test_the_peak_looks_beyond_the_first_day() -> None:
    """An order starting earlier than one already filled still meets it."""
    ledger = Trainees((spell(TitpStage.I, 3, "2027-03-01", "2028-02-29"),))

    assert ledger.held_on(day("2026-10-01"), stage=TitpStage.I) == 0
    assert ledger.peak(day("2026-10-01"), day("2027-09-30"), stage=TitpStage.I).held == 3


def test_construction_counts_only_construction_spells_in_every_stage() -> None:
    ledger = Trainees(
        (
            spell(TitpStage.I, 2, "2026-01-01", "2026-12-31", construction=True),
            spell(TitpStage.II, 4, "2026-01-01", "2027-12-31", construction=True),
            spell(TitpStage.I, 5, "2026-01-01", "2026-12-31"),
        )
    )

    assert ledger.peak(day("2026-06-01"), day("2026-06-01"), construction_only=True).held == 6
    assert ledger.peak(day("2026-06-01"), day("2026-06-01")).held == 11


# --- from the database ------------------------------------------------------------------


def _order(cast: Cast, japan: Japan, path: list[JobOrderStatus], **overrides: object) -> JobOrder:
    order = actions.create_job_order(details=order_details(cast, japan, **overrides), by=cast.company_officer)
    for status in path:
        order = actions.change_job_order_status(job_order_id=order.pk, to=status, by=cast.company_officer, reason="x")
    return order


FILLED = [JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED]


def test_a_company_holds_its_recorded_filled_and_open_trainees(cast: Cast, japan: Japan) -> None:
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(full_time_staff=100),
        trainees=trainees(i=1, ii=4),
        expected_version=1,
        by=cast.supervising_officer,
    )
    _order(cast, japan, FILLED, positions=2)
    opened = _order(cast, japan, [JobOrderStatus.OPEN], positions=1)
    _order(cast, japan, [JobOrderStatus.OPEN, JobOrderStatus.CANCELLED], positions=2)
    _order(cast, japan, [], positions=3)  # a draft holds nothing
    company = CompanyProfile.objects.get(organization=cast.company)

    ledger = company_trainees(company, excluding=None, versions=VERSIONS)
    peak = ledger.peak(day("2026-10-01"), day("2026-10-01"), stage=TitpStage.I)

    assert (peak.held, peak.recorded, peak.filled, peak.holding) == (4, 1, 2, 1)
    assert ledger.held_on(day("2027-10-01"), stage=TitpStage.II) == 4 + 2 + 1  # moved on to stage ii
    without = company_trainees(company, excluding=opened.pk, versions=VERSIONS)
    assert without.held_on(day("2026-10-01"), stage=TitpStage.I) == 3


def test_the_company_flag_says_only_whether_its_recorded_trainees_are_construction(cast: Cast, japan: Japan) -> None:
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(is_construction=True),
        trainees=trainees(i=1),
        expected_version=1,
        by=cast.supervising_officer,
    )
    _order(cast, japan, FILLED, positions=1)  # welding: not construction
    _order(cast, japan, FILLED, positions=1, job_category=japan.carpentry, operation=japan.carpentry_work)
    company = CompanyProfile.objects.get(organization=cast.company)

    ledger = company_trainees(company, excluding=None, versions=VERSIONS)

    assert ledger.peak(day("2026-10-01"), day("2026-10-01"), construction_only=True).held == 2
