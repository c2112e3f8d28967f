"""The scorecard list's filters and order, read from the address (GET): a
year the snapshot holds figures for (or every year), a programme (or every
programme), a column to sort by and a page. Anything else is refused with
the reason, and the list shows the default slice meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import Track
from reports.scorecards import COLUMNS
from reports.slices import EVERY_PROGRAMME, EVERY_YEAR

NAME = "name"
# Sorted by departures, most first, unless asked otherwise: the partners that send or take the most lead.
DEFAULT_SORT = "-departures"
# Far beyond any list's last page; a larger number is a typing error, not a page.
LAST_PAGE = 100_000


def _sort_choices() -> list[tuple[str, Any]]:
    """Every column either way, the default first: a list opened without a sort shows it chosen."""
    columns = [(NAME, _("Name"))] + [(column.name, column.heading) for column in COLUMNS]
    descending = [(f"-{NAME}", _("Name, from Z to A"))] + [
        (f"-{name}", _("%(column)s, largest first") % {"column": heading}) for name, heading in columns[1:]
    ]
    first = [choice for choice in descending if choice[0] == DEFAULT_SORT]
    return first + columns + [choice for choice in descending if choice[0] != DEFAULT_SORT]


@dataclass(frozen=True)
class Chosen:
    year: int = EVERY_YEAR
    programme: str = EVERY_PROGRAMME
    sort: str = DEFAULT_SORT
    page: int = 1

    @property
    def sort_column(self) -> str:
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    def query(self, **changes: object) -> dict[str, str]:
        """The address's parameters for this choice with ``changes``, defaults left out."""
        values = {"year": self.year, "programme": self.programme, "sort": self.sort, "page": self.page, **changes}
        defaults = Chosen()
        return {name: str(value) for name, value in values.items() if value != getattr(defaults, name) and value != ""}


class ScorecardFilter(forms.Form):
    # Empty: every year (year 0 of the figures).
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=LAST_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, data: Any, *, years: list[int]) -> None:
        super().__init__(data)
        self.fields["year"].choices = [("", _("Every year"))] + [  # type: ignore[attr-defined]
            (str(year), str(year)) for year in years
        ]
        self.fields["programme"].choices = [("", _("Every programme")), *Track.choices]  # type: ignore[attr-defined]
        self.fields["sort"].choices = _sort_choices()  # type: ignore[attr-defined]

    def chosen(self) -> Chosen:
        """What the address asks for; the default when it asks for anything the list cannot show."""
        if not self.is_bound or not self.is_valid():
            return Chosen()
        data = self.cleaned_data
        return Chosen(
            year=data["year"] or EVERY_YEAR,
            programme=data["programme"],
            sort=data["sort"] or DEFAULT_SORT,
            page=data["page"] or 1,
        )
