"""A number beyond 64 bits, from a query string or a form, finds nothing on
either database instead of failing while SQLite binds it."""

from __future__ import annotations

import pytest

from accounts.models import Organization
from lib.sqlite_integers import _bound
from tests.cast import Cast

HUGE = 21943926923874365440


@pytest.mark.parametrize("value", [0, 5, -(2**63), 2**63 - 1])
def test_it_binds_every_64_bit_integer_as_it_is(value: int) -> None:
    assert _bound(value) == value


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, HUGE])
def test_it_binds_a_larger_one_as_its_digits(value: int) -> None:
    assert _bound(value) == str(value)


def test_it_finds_nothing_for_a_huge_key_in_a_list_and_still_finds_the_rest(cast: Cast) -> None:
    found = Organization.objects.filter(pk__in=[HUGE, cast.lpk.pk])

    assert list(found) == [cast.lpk]
    assert not Organization.objects.filter(pk__in=[HUGE]).exists()
    assert Organization.objects.filter(pk__gt=-HUGE).count() == Organization.objects.count()
