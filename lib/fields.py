"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db import models
from django.db.models import QuerySet

from lib.query import whole_number

_M = TypeVar("_M", bound=models.Model)


class RecordsChoiceField(forms.ModelMultipleChoiceField[_M]):
    """Several records chosen by id (ticked boxes). An id no database column
    can hold is refused as any other unknown id: Django's own field passes it
    to an ``IN (…)`` query, where SQLite raises OverflowError (a 500)."""

    def clean(self, value: Any) -> QuerySet[_M]:
        for item in value if isinstance(value, list | tuple) else ():
            if str(item).strip() and whole_number(item) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super().clean(value)
