"""Addresses reversed once per table are the addresses reverse() gives."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lib.urls import addresses


@pytest.mark.parametrize("view_name", ["participant_detail", "participant_edit", "participant_transition"])
@pytest.mark.parametrize("pk", [1, 7, 98, 987, 987_654_321_987, 2**62])
def test_each_address_is_the_one_reverse_gives(view_name: str, pk: int) -> None:
    assert addresses(view_name)(pk) == reverse(view_name, args=[pk])


def test_a_key_is_written_as_a_number() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        addresses("participant_detail")("1/../admin")  # type: ignore[arg-type]
