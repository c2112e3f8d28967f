"""What the return pages and the placement's return section show, read in a
fixed number of queries: the flight home, the follow-ups with their state on
Jakarta's today, and what the reader may do.

``return_section`` gives the context of ``templates/placements/_returns_section.html``,
the part of a placement's page about coming home (the participant record
includes it today; the placement detail page can include it as it is).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts import access
from accounts.models import User
from placements.actions.returns import is_due_home
from placements.models import FollowUp, FollowUpState, HomeReturn, Placement, follow_up_today


@dataclass(frozen=True)
class FollowUpRow:
    follow_up: FollowUp
    state: FollowUpState
    # The reader may enter it now (it is open and theirs to enter).
    enterable: bool


@dataclass(frozen=True)
class ReturnSection:
    placement: Placement
    home: HomeReturn | None
    follow_ups: list[FollowUpRow]
    may_record: bool
    may_download_certificate: bool
    may_see_follow_ups: bool

    @property
    def shown(self) -> bool:
        """Whether the section has anything to say to this reader."""
        return self.home is not None or self.may_record or self.may_download_certificate


def follow_up_rows(user: User, home: HomeReturn, *, today: datetime.date) -> list[FollowUpRow]:
    writable = set(access.follow_ups_writable_by(user).filter(home_return=home).values_list("pk", flat=True))
    return [
        FollowUpRow(
            follow_up=follow_up,
            state=follow_up.state(on=today),
            enterable=follow_up.pk in writable and follow_up.is_open_on(today),
        )
        for follow_up in home.follow_ups.select_related("entered_by").order_by("months")
    ]


def return_section(user: User, placement: Placement) -> ReturnSection:
    """The return part of ``placement``'s page for ``user``."""
    home = HomeReturn.objects.filter(placement=placement).first()
    may_see_follow_ups = home is not None and access.returns_visible_to(user).filter(pk=home.pk).exists()
    return ReturnSection(
        placement=placement,
        home=home,
        follow_ups=follow_up_rows(user, home, today=follow_up_today()) if home and may_see_follow_ups else [],
        # The statuses first: most placements are not due home, and asking
        # who may record a return costs a query.
        may_record=home is None
        and is_due_home(placement)
        and access.returns_recordable_by(user).filter(pk=placement.pk).exists(),
        may_download_certificate=access.may_download_certificate(user, placement),
        may_see_follow_ups=may_see_follow_ups,
    )
