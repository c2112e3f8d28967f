"""The engine's columns: taking some orders keeps each one's serving LPK/SOs."""

from __future__ import annotations

import numpy as np

from matching.engine.columns import CHECK_ORDER, CHECK_RANK, FIT_RANK, NO_TRADE, Constraint, FitLevel, FitTable

from .cases import orders


def test_taking_orders_keeps_their_own_serving_organizations() -> None:
    jobs = orders({"served": [7, 8]}, {"served": []}, {"served": [9]}, {"kind": 2, "served": [10, 11, 12]})

    taken = jobs.take(np.array([1, 3]))

    assert taken.ids.tolist() == [2, 4]
    assert taken.kind.tolist() == [0, 2]
    assert taken.served_offsets.tolist() == [0, 0, 3]
    assert taken.served_by.tolist() == [10, 11, 12]


def test_taking_no_orders_gives_empty_columns() -> None:
    taken = orders({"served": [7]}).take(np.array([], dtype=np.int64))

    assert (len(taken), taken.served_offsets.tolist(), taken.served_by.tolist()) == (0, [0], [])


def test_every_constraint_has_one_place_in_the_check_order() -> None:
    assert sorted(CHECK_ORDER) == sorted(Constraint)
    assert [int(CHECK_RANK[constraint]) for constraint in CHECK_ORDER] == list(range(1, len(CHECK_ORDER) + 1))


def test_a_returnees_japan_record_ranks_between_and_above_the_trades_levels() -> None:
    worth = [
        FitLevel.NONE,
        FitLevel.SIMILAR,
        FitLevel.JAPAN_BRIEF,
        FitLevel.SAME,
        FitLevel.JAPAN,
        FitLevel.JAPAN_EXEMPT,
    ]
    assert [int(FIT_RANK[level]) for level in worth] == sorted(int(FIT_RANK[level]) for level in worth)
    assert len({int(FIT_RANK[level]) for level in FitLevel}) == len(FitLevel)


def test_a_row_with_a_japan_record_names_its_trade() -> None:
    table = FitTable(np.zeros((3, 2), dtype=np.int8), base=np.array([0, 1, 0], dtype=np.int16))
    assert table.base_trade(np.array([2, 1, NO_TRADE])).tolist() == [0, 1, NO_TRADE]
    assert FitTable(np.zeros((2, 2), dtype=np.int8)).base_trade(np.array([1, NO_TRADE])).tolist() == [1, NO_TRADE]
