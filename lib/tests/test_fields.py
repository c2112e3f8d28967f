from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization
from lib.fields import RecordsChoiceField, ShortListChoiceField
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


def test_a_short_list_offers_the_same_choices_as_djangos_field_read_by_one_plain_query(cast: Cast) -> None:
    ours = ShortListChoiceField(queryset=Organization.objects.order_by("name"), empty_label="any")
    djangos = forms.ModelChoiceField(queryset=Organization.objects.order_by("name"), empty_label="any")
    with CaptureQueriesContext(connection) as queries:
        offered = [(str(value), label) for value, label in ours.iterator(ours)]
    assert offered == [(str(value), label) for value, label in djangos.iterator(djangos)]
    assert len(offered) > 2
    assert len(queries.captured_queries) == 1
    assert not queries.captured_queries[0]["sql"].startswith("DECLARE")


def test_a_short_list_still_takes_only_what_it_offers(cast: Cast) -> None:
    field = ShortListChoiceField(queryset=Organization.objects.filter(pk=cast.blk.pk))
    assert field.clean(str(cast.blk.pk)) == cast.blk
    with pytest.raises(forms.ValidationError):
        field.clean(str(cast.ministry.pk))
