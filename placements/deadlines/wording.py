"""How an obligation or a notice reads, in the reader's language: what is due,
for whom, and when."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organization
from participants.models import Participant
from placements.deadlines.registry import source_of


@dataclass(frozen=True)
class Names:
    """The names of the people and companies some obligations are about, read in two queries."""

    participants: dict[int, str]
    companies: dict[int, Organization]

    @classmethod
    def of(cls, participant_ids: Iterable[int | None], company_ids: Iterable[int | None]) -> Names:
        people = {pk for pk in participant_ids if pk is not None}
        companies = {pk for pk in company_ids if pk is not None}
        return cls(
            participants=dict(Participant.objects.filter(pk__in=people).values_list("pk", "full_name")),
            companies=Organization.objects.in_bulk(companies),
        )

    def whom(self, *, participant_id: int | None, company_id: int | None) -> str:
        """The person the obligation is about, else the company."""
        if participant_id is not None and participant_id in self.participants:
            return self.participants[participant_id]
        company = self.companies.get(company_id) if company_id is not None else None
        return company.local_name if company is not None else ""


def what(kind: str) -> str:
    source = source_of(kind)
    return str(source.label) if source is not None else kind


def sentence(*, kind: str, whom: str, due_on: datetime.date, today: datetime.date) -> str:
    """One line: "Residence card expiry for Budi Santoso: due on 21 June 2027, in 30 days."."""
    values = {"what": what(kind), "whom": whom, "day": date_format(due_on, "DATE_FORMAT")}
    days = (due_on - today).days
    if days < 0:
        return _("%(what)s for %(whom)s: was due on %(day)s and is overdue.") % values
    if days == 0:
        return _("%(what)s for %(whom)s: due today, %(day)s.") % values
    return ngettext(
        "%(what)s for %(whom)s: due on %(day)s, in %(days)s day.",
        "%(what)s for %(whom)s: due on %(day)s, in %(days)s days.",
        days,
    ) % {**values, "days": days}
