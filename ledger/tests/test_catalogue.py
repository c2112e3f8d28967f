"""The shipped cost catalogue (ledger.catalogue): loaded where missing, never
over what ministry administrators edited."""

from __future__ import annotations

import pytest

from ledger.catalogue import ensure_catalogue
from ledger.models import CostClass

pytestmark = pytest.mark.django_db


def test_it_loads_the_missing_classes_and_keeps_the_edited_ones() -> None:
    edited = CostClass.objects.exclude(code="travel").order_by("pk").first()
    assert edited is not None
    CostClass.objects.filter(pk=edited.pk).update(name_en="Edited by the ministry")
    CostClass.objects.filter(code="travel").delete()

    assert ensure_catalogue() == 1
    assert CostClass.objects.get(pk=edited.pk).name_en == "Edited by the ministry"
    assert ensure_catalogue() == 0
