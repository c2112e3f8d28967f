"""The engine's columns: taking some orders keeps each one's serving LPK/SOs."""

from __future__ import annotations

import numpy as np

from matching.engine.columns import CHECK_ORDER, CHECK_RANK, Constraint

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
