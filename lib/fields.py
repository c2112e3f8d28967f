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


class _ChoicesInOneQuery(forms.models.ModelChoiceIterator):
    """The choices read by one plain query. Django's own iterator streams them
    through a server-side cursor: on PostgreSQL a DECLARE, a FETCH and a CLOSE,
    three round trips for a few dozen rows (measured 4.4 ms against 2.0 ms for
    the training centres, 5.2 against 1.6 for the provinces)."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.queryset:
            yield self.choice(record)


class ShortListChoiceField(forms.ModelChoiceField[_M]):
    """One record from a short list (provinces, organizations of a kind): for
    the filter forms that every list page renders."""

    iterator = _ChoicesInOneQuery
