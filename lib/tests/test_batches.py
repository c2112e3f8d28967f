import pytest

from lib.batches import batched


def test_it_cuts_into_batches_with_a_shorter_last_one():
    assert list(batched("abcde", 2)) == [("a", "b"), ("c", "d"), ("e",)]


def test_nothing_gives_no_batches():
    assert list(batched([], 3)) == []


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        list(batched([1], 0))
