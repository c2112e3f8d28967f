"""Who is eligible for which order, and the first constraint a pair fails."""

from __future__ import annotations

import pytest

from matching.engine.columns import NO_KIND, NO_ORGANIZATION, NO_TRADE, Constraint, FitLevel
from matching.engine.eligibility import fit_levels, fit_lookup, reasons_for_candidate, reasons_for_order

from .cases import FIT, START, TODAY, candidates, orders, plain_reason, random_case, seeded

ELIGIBLE = 0


def reason(candidate: dict[str, object], order: dict[str, object]) -> int:
    return int(reasons_for_order(candidates(candidate), orders(order), FIT, 0, today=TODAY)[0])


class TestAge:
    """Age on the order's start date (2026-04-01), both limits included."""

    @pytest.mark.parametrize(
        ("birth", "expected"),
        [
            (20060331, ELIGIBLE),  # turned 20 the day before the start
            (20060401, ELIGIBLE),  # turns 20 on the start date
            (20060402, Constraint.AGE),  # turns 20 the day after: still 19
        ],
    )
    def test_it_counts_the_minimum_age_on_the_start_date(self, birth: int, expected: int) -> None:
        assert reason({"birth": birth}, {"min_age": 20, "max_age": 25}) == expected

    @pytest.mark.parametrize(
        ("birth", "expected"),
        [
            (20000402, ELIGIBLE),  # 25 on the start date, 26 the day after
            (20000401, Constraint.AGE),  # turns 26 on the start date
            (20000331, Constraint.AGE),
        ],
    )
    def test_it_includes_the_maximum_age_until_the_next_birthday(self, birth: int, expected: int) -> None:
        assert reason({"birth": birth}, {"min_age": 20, "max_age": 25}) == expected

    def test_it_measures_age_on_the_start_date_not_today(self) -> None:
        # 25 today (2026-03-15), 26 on the start date.
        assert reason({"birth": 20000320}, {"max_age": 25, "start": START}) == Constraint.AGE


class TestTrade:
    @pytest.mark.parametrize(
        ("trade", "kind", "level"),
        [
            (0, 0, FitLevel.SAME),
            (0, 1, FitLevel.SIMILAR),
            (0, 2, FitLevel.NONE),
            (NO_TRADE, 0, FitLevel.NONE),
            (1, NO_KIND, FitLevel.NOT_REQUIRED),
            (NO_TRADE, NO_KIND, FitLevel.NOT_REQUIRED),
        ],
    )
    def test_it_reads_the_fit_level_from_the_table(self, trade: int, kind: int, level: FitLevel) -> None:
        found = fit_levels(candidates({"trade": trade}), orders({"kind": kind}), fit_lookup(FIT), 0, 0)
        assert found == level

    @pytest.mark.parametrize(
        ("trade", "kind", "expected"),
        [
            (0, 0, ELIGIBLE),
            (0, 1, ELIGIBLE),
            (0, 2, Constraint.TRADE),
            (NO_TRADE, 1, Constraint.TRADE),
            (1, NO_KIND, ELIGIBLE),
            (NO_TRADE, NO_KIND, ELIGIBLE),
        ],
    )
    def test_it_takes_same_or_similar_trades_and_any_when_the_order_names_no_kind(
        self, trade: int, kind: int, expected: int
    ) -> None:
        assert reason({"trade": trade}, {"kind": kind}) == expected


@pytest.mark.parametrize(("rank", "expected"), [(30, ELIGIBLE), (20, ELIGIBLE), (19, Constraint.LANGUAGE)])
def test_it_accepts_japanese_exactly_at_the_minimum(rank: int, expected: int) -> None:
    assert reason({"language_rank": rank}, {"min_language_rank": 20}) == expected


@pytest.mark.parametrize(
    ("ready_until", "expected"), [(TODAY + 1, ELIGIBLE), (TODAY, ELIGIBLE), (TODAY - 1, Constraint.READINESS)]
)
def test_it_needs_readiness_to_hold_today(ready_until: int, expected: int) -> None:
    assert reason({"ready_until": ready_until}, {}) == expected


@pytest.mark.parametrize(
    ("organization", "served", "expected"),
    [
        (7, [], ELIGIBLE),
        (NO_ORGANIZATION, [], ELIGIBLE),
        (7, [3, 7, 9], ELIGIBLE),
        (8, [3, 7, 9], Constraint.SENDING_ORGANIZATION),
        (NO_ORGANIZATION, [7], Constraint.SENDING_ORGANIZATION),
    ],
)
def test_it_needs_a_serving_lpk_so_only_when_the_order_lists_some(
    organization: int, served: list[int], expected: int
) -> None:
    assert reason({"sending_organization": organization}, {"served": served}) == expected


@pytest.mark.parametrize(
    ("order_stage", "completed", "expected"),
    [
        (0, 0, ELIGIBLE),  # another programme: no stage
        (1, 0, ELIGIBLE),  # stage i recruits anyone
        (1, 2, ELIGIBLE),
        (2, 0, Constraint.TITP_STAGE),  # stage ii is never recruited ...
        (2, 1, Constraint.TITP_STAGE),  # ... not even someone who completed stage i
        (2, 3, Constraint.TITP_STAGE),
        (3, 0, Constraint.TITP_STAGE),  # stage iii: returnees who completed stage ii only
        (3, 1, Constraint.TITP_STAGE),
        (3, 2, ELIGIBLE),
        (3, 3, ELIGIBLE),
    ],
)
def test_a_later_stage_takes_only_who_completed_the_stage_before(
    order_stage: int, completed: int, expected: int
) -> None:
    assert reason({"completed_titp_stage": completed}, {"titp_stage": order_stage}) == expected


def test_the_stage_is_checked_right_after_the_programme() -> None:
    # Wrong trade and Japanese too: the stage is what they miss first.
    stage_iii: dict[str, object] = {"titp_stage": 3, "kind": 2, "min_language_rank": 50}
    assert reason({}, stage_iii) == Constraint.TITP_STAGE
    assert reason({"track": 1}, stage_iii) == Constraint.PROGRAMME


def test_it_needs_the_same_programme_track() -> None:
    assert reason({"track": 1}, {"track": 0}) == Constraint.PROGRAMME
    assert reason({"track": 1}, {"track": 1}) == ELIGIBLE


def test_it_reports_the_first_failing_constraint_in_check_order() -> None:
    # Each candidate fails every constraint from one onwards.
    failing_from = [
        {
            "ready_until": TODAY - 1,
            "track": 1,
            "trade": 1,
            "language_rank": 0,
            "birth": 19800101,
            "sending_organization": 8,
        },
        {"ready_until": TODAY - 1, "trade": 1, "language_rank": 0, "birth": 19800101, "sending_organization": 8},
        {"ready_until": TODAY - 1, "language_rank": 0, "birth": 19800101, "sending_organization": 8},
        {"language_rank": 0, "birth": 19800101, "sending_organization": 8},
        {"birth": 19800101, "sending_organization": 8},
        {"sending_organization": 8},
        {},
    ]
    order = orders({"kind": 0, "min_language_rank": 10, "max_age": 30, "served": [7]})
    found = reasons_for_order(candidates(*failing_from), order, FIT, 0, today=TODAY).tolist()
    assert found == [
        Constraint.PROGRAMME,
        Constraint.TRADE,
        Constraint.READINESS,
        Constraint.LANGUAGE,
        Constraint.AGE,
        Constraint.SENDING_ORGANIZATION,
        ELIGIBLE,
    ]


def test_it_explains_one_candidate_against_every_order() -> None:
    order_rows = orders({}, {"track": 2}, {"kind": 2}, {"min_language_rank": 50}, {"served": [9]})
    found = reasons_for_candidate(candidates({}), order_rows, FIT, 0, today=TODAY).tolist()
    assert found == [
        ELIGIBLE,
        Constraint.PROGRAMME,
        Constraint.TRADE,
        Constraint.LANGUAGE,
        Constraint.SENDING_ORGANIZATION,
    ]


@pytest.mark.parametrize("seed", range(40))
def test_it_agrees_with_the_rules_checked_pair_by_pair(seed: int) -> None:
    rng = seeded(seed)
    people, jobs, fit = random_case(rng, n=40, m=8)
    for j in range(len(jobs)):
        expected = [plain_reason(people, jobs, fit, i, j, today=TODAY) for i in range(len(people))]
        assert reasons_for_order(people, jobs, fit, j, today=TODAY).tolist() == expected
    for i in range(len(people)):
        expected = [plain_reason(people, jobs, fit, i, j, today=TODAY) for j in range(len(jobs))]
        assert reasons_for_candidate(people, jobs, fit, i, today=TODAY).tolist() == expected
