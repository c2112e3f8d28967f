import pytest

from lib.residence_card import normalized_card_number


@pytest.mark.parametrize(
    "typed",
    [
        "AB12345678CD",
        "ab12345678cd",
        "AB 1234 5678 CD",
        "AB-12345678-CD",
        "ＡＢ１２３４５６７８ＣＤ",
        " AB12345678CD\n",
    ],
)
def test_it_reads_the_number_however_it_was_copied(typed: str) -> None:
    assert normalized_card_number(typed) == "AB12345678CD"


@pytest.mark.parametrize(
    "typed", ["", "AB1234567CD", "AB123456789CD", "A112345678CD", "AB12345678C1", "12345678", "AB12345678CDE"]
)
def test_it_refuses_what_is_not_a_card_number(typed: str) -> None:
    assert normalized_card_number(typed) is None
