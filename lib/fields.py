"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.db import models
from django.db.models import QuerySet

from lib import short_lists
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


class _KeptChoices(forms.models.ModelChoiceIterator):
    """The choices as lib.short_lists keeps them for a while. When they are
    read from the database, it is by one plain query: Django's own
    iterator streams them through a server-side cursor, on PostgreSQL a
    DECLARE, a FETCH and a CLOSE, three round trips for a few dozen rows
    (measured 4.4 ms against 2.0 ms for the training centres)."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._records()

    def __len__(self) -> int:
        return len(self._records()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._records())

    def _records(self) -> list[short_lists.Choice]:
        field = self.field
        kept_as = field.name_of(self.queryset) if isinstance(field, ShortListChoiceField) else None
        return short_lists.choices(self.queryset, field.prepare_value, field.label_from_instance, kept_as=kept_as)


class ShortListChoiceField(forms.ModelChoiceField[_M]):
    """One record from a short list (provinces, organizations of a kind): for
    the filter forms that every list page renders. Its choices are kept a
    while (lib.short_lists); the record chosen is still read from the database."""

    iterator = _KeptChoices
    # The list ``offer`` named, and the name: a list given to the field any other way has none.
    _named: tuple[str | None, QuerySet[_M] | None] = (None, None)

    def __init__(self, queryset: QuerySet[_M], **kwargs: Any) -> None:
        super().__init__(queryset, **kwargs)
        short_lists.watch(queryset.model)

    def offer(self, queryset: QuerySet[_M], *, kept_as: str) -> None:
        """Offer ``queryset``, kept under the name ``kept_as`` rather than under
        its SQL, which would be written out on every page. The name must stand
        for this query only, in every form that offers it."""
        self.queryset = queryset
        self._named = (kept_as, self.queryset)

    def name_of(self, queryset: QuerySet[Any]) -> str | None:
        """The name ``offer`` gave this very queryset, if it did."""
        name, named = self._named
        return name if queryset is named else None
