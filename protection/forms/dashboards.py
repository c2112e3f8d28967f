"""The dashboards' period filter: two dates in the address (GET), either
left empty for the default."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from protection.dashboards import Period

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Nothing was recorded before the system, and a date near year 1 or 9999
# cannot be turned into a moment in every time zone.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


class PeriodForm(forms.Form):
    # In context: "To" alone is also the addressee of a referral elsewhere.
    start = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=_DATE)
    end = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=_DATE)

    def __init__(self, *args: object, today: datetime.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.default = Period.default(today)
        self.fields["start"].widget.attrs["placeholder"] = self.default.start.isoformat()
        self.fields["end"].widget.attrs["placeholder"] = self.default.end.isoformat()

    def _within_range(self, name: str) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("Choose a day between %(earliest)s and %(latest)s.")
                % {"earliest": date_format(EARLIEST), "latest": date_format(LATEST)}
            )
        return day

    def clean_start(self) -> datetime.date | None:
        return self._within_range("start")

    def clean_end(self) -> datetime.date | None:
        return self._within_range("end")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("end", _("The period ends before it starts: choose a later end or an earlier start."))
        return cleaned

    def period(self) -> Period:
        """The period asked for, its missing ends from the default; the default
        when the form was not sent or was refused."""
        if not self.is_bound or not self.is_valid():
            return self.default
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        if start is None and end is None:
            return self.default
        if start is None:
            # Only an end: the default's length of months up to it.
            return Period(start=Period.default(end).start, end=end)
        # Only a start: up to today, or that one day if it is still to come.
        return Period(start=start, end=end or max(start, self.default.end))
