from __future__ import annotations

import pytest
from django import forms

from lib.fields import RecordsChoiceField
from participants.models import Participant
from tests.cast import Cast


@pytest.mark.parametrize("value", [str(10**30), "-" + "9" * 25, "²", "9" * 5000])
def test_it_refuses_an_id_no_column_can_hold_as_an_unknown_id(cast: Cast, value: str) -> None:
    field = RecordsChoiceField(queryset=Participant.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(cast.budi.pk), value])
    assert refused.value.code in {"invalid_pk_value", "invalid_choice"}


def test_it_takes_the_records_it_offers(cast: Cast) -> None:
    field = RecordsChoiceField(queryset=Participant.objects.all())
    assert list(field.clean([str(cast.budi.pk)])) == [cast.budi]
