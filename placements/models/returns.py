"""Coming home and what follows: the flight home, and the follow-ups at 3, 6
and 12 months that tell the BLK, the LPK/SO and the ministry whether the
years in Japan turned into work at home.

A return is recorded once per placement: the normal completion
(placements.actions.returns.record_return ends the placement) or the flight
home of someone who returned early (the ending is the ``moves`` actions';
the flight is recorded here all the same). Recording it schedules the three
follow-ups, each due on the same day 3, 6 or 12 months after the flight
(the month's last day where it has no such day). Follow-ups are an
Indonesian duty, so "today" for them is Jakarta's (``follow_up_today``).
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TypedDict, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.dates import add_months

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# The months after the flight home at which a returnee is asked how they are doing.
FOLLOW_UP_MONTHS = (3, 6, 12)
# A follow-up may be entered from this many days before it is due: a call in
# the last weeks of the third month answers the 3-month follow-up.
OPENS_DAYS_BEFORE = 30


def follow_up_today() -> datetime.date:
    """Today on the clock the follow-ups are kept by: Indonesia's western time."""
    return timezone.localdate(timezone=JAKARTA)


class HomeReturnQuerySet(models.QuerySet["HomeReturn"]):
    def with_follow_ups_open(self, *, on: datetime.date) -> HomeReturnQuerySet:
        """Annotated with ``overdue`` (pending follow-ups past their day on
        ``on``) and ``due`` (pending ones that may be entered now, not yet late)."""
        pending = Q(follow_ups__entered_at__isnull=True)
        opened = on + datetime.timedelta(days=OPENS_DAYS_BEFORE)
        return self.annotate(
            overdue=models.Count("follow_ups", filter=pending & Q(follow_ups__due_on__lt=on)),
            due=models.Count(
                "follow_ups", filter=pending & Q(follow_ups__due_on__gte=on, follow_ups__due_on__lte=opened)
            ),
            next_due_on=models.Min("follow_ups__due_on", filter=pending),
        )


class HomeReturn(models.Model):
    """The flight home at the end of a placement."""

    placement = models.OneToOneField(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="home_return"
    )
    # The day the flight left Japan, as its ticket says (Japan's date).
    returned_on = models.DateField(_("flew home on"))
    flight_number = models.CharField(_("flight number"), max_length=8)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = HomeReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("return home")
        verbose_name_plural = _("returns home")
        ordering = ["-returned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.flight_number} {self.returned_on.isoformat()}"


class Work(models.TextChoices):
    EMPLOYED = "employed", _("working for an employer")
    OWN_BUSINESS = "own_business", _("running their own business")
    NOT_WORKING = "not_working", _("not working")


class IncomeBand(models.TextChoices):
    """Monthly income in rupiah, in the bands a returnee answers without a payslip."""

    NONE = "none", _("no income")
    UNDER_3M = "under_3m", _("under Rp 3 million a month")
    FROM_3M = "3m_5m", _("Rp 3 to 5 million a month")
    FROM_5M = "5m_10m", _("Rp 5 to 10 million a month")
    OVER_10M = "over_10m", _("over Rp 10 million a month")


class WantsSsw(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    UNDECIDED = "undecided", _("not decided")


class FollowUpState(models.TextChoices):
    ENTERED = "entered", _("entered")
    OVERDUE = "overdue", _("overdue")
    DUE = "due", _("due")
    LATER = "later", _("later")


class DueFollowUp(TypedDict):
    """A follow-up the deadline engine must see to (``FollowUp.objects.due_between``)."""

    follow_up_id: int
    placement_id: int
    participant_id: int
    # The LPK/SO, else the BLK: who is reminded. None only for a participant with neither.
    organization_id: int | None
    due_on: datetime.date
    months: int


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def pending(self) -> FollowUpQuerySet:
        return self.filter(entered_at__isnull=True)

    def due_between(self, start: datetime.date, end: datetime.date) -> models.QuerySet[FollowUp, DueFollowUp]:
        """The follow-ups not yet entered that fall due from ``start`` to ``end``
        (both included; pass an early ``start`` for "due by ``end``", overdue
        ones included), soonest first, as ``DueFollowUp`` rows: the follow-up,
        its placement and participant, the organization that must act (the
        returnee's LPK/SO, or their BLK where they had none) and the due date,
        a calendar day in Jakarta. One query, served by the partial index on
        pending follow-ups' due dates."""
        rows = (
            self.pending()
            .filter(due_on__gte=start, due_on__lte=end)
            .order_by("due_on", "id")
            .values(
                "placement_id",
                "due_on",
                "months",
                follow_up_id=F("id"),
                participant_id=F("placement__participant_id"),
                organization_id=Coalesce(
                    "placement__participant__sending_organization_id", "placement__participant__training_centre_id"
                ),
            )
        )
        return cast("models.QuerySet[FollowUp, DueFollowUp]", rows)


class FollowUp(models.Model):
    """How a returnee is doing 3, 6 or 12 months after the flight home."""

    home_return = models.ForeignKey(
        HomeReturn, verbose_name=_("return home"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    # Kept beside the return so that the deadline engine reads placement and
    # due date from one table.
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after return"))
    due_on = models.DateField(_("due on"))
    contacted_on = models.DateField(_("answered on"), null=True, blank=True)
    work = models.CharField(_("work"), max_length=15, choices=Work.choices, blank=True)
    # Working in the trade learned in Japan (the placement's job); None when not working.
    in_trade = models.BooleanField(_("in the trade learned in Japan"), null=True, blank=True)
    income_band = models.CharField(_("monthly income"), max_length=10, choices=IncomeBand.choices, blank=True)
    wants_ssw = models.CharField(
        _("wants to go back to Japan as a specified skilled worker"),
        max_length=10,
        choices=WantsSsw.choices,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(default=1)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["home_return", "months"], name="one_follow_up_per_month_mark"),
        ]
        indexes = [
            # The deadline engine's sweep and the due lists read only pending follow-ups by due date.
            models.Index(fields=["due_on"], condition=Q(entered_at__isnull=True), name="follow_up_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} +{self.months} {self.due_on.isoformat()}"

    @property
    def is_entered(self) -> bool:
        return self.entered_at is not None

    @property
    def opens_on(self) -> datetime.date:
        """The first day the follow-up may be entered."""
        return self.due_on - datetime.timedelta(days=OPENS_DAYS_BEFORE)

    def state(self, *, on: datetime.date) -> FollowUpState:
        if self.is_entered:
            return FollowUpState.ENTERED
        if self.due_on < on:
            return FollowUpState.OVERDUE
        return FollowUpState.DUE if on >= self.opens_on else FollowUpState.LATER

    def is_open_on(self, day: datetime.date) -> bool:
        """Whether the follow-up may be entered (or corrected) on ``day``."""
        return day >= self.opens_on

    @staticmethod
    def due_after(returned_on: datetime.date, months: int) -> datetime.date:
        """The same day ``months`` after the flight home, or that month's last day."""
        return add_months(returned_on, months)
