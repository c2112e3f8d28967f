"""How many technical intern trainees a company may take: the yearly basic
quota by full-time staff, the multiplier for the company's standing and the
stage, the cap by staff, and for construction the limit on all stages together."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

from rules import inputs
from rules.answers import Answer, Check, Figure, Message, Refusal, verdict
from rules.cautions import cautioned
from rules.parameters import OwnQuotaTable, QuotaTable, TitpQuotaParameters
from rules.stage import Stage
from rules.versions import RuleBook, RuleVersion, choose


def _shelf(book: RuleBook) -> tuple[RuleVersion[TitpQuotaParameters], ...]:
    return book.titp_quota


@dataclass(frozen=True, kw_only=True)
class _Quota:
    """The working of one quota, kept so that its explanation and a refusal can
    both name the figure that decided it."""

    staff: int
    stage: Stage
    excellent: bool
    basic: int
    band_low: int
    band_high: int
    above_bands: bool
    divisor: int
    multiplier: int
    cap_factor: int
    own: OwnQuotaTable | None

    @property
    def product(self) -> int:
        return self.basic * self.multiplier

    @property
    def cap(self) -> int:
        return self.cap_factor * self.staff

    @property
    def value(self) -> int:
        return min(self.product, self.cap)

    @property
    def binding(self) -> str:
        """The parameter that set the quota: the multiplier when it is 0, the
        cap when it is lower than basic quota × multiplier, else the bands."""
        if self.multiplier == 0:
            return "multipliers"
        return "caps" if self.cap < self.product else "bands"

    def explanation(self) -> tuple[Message, ...]:
        return (
            self._headline(),
            *((_own_table_used(self.own),) if self.own else ()),
            self._basic(),
            self._multiplied(),
            *((self._capped(),) if self.binding == "caps" else ()),
        )

    def _headline(self) -> Message:
        figures: dict[str, Figure] = {
            "quota": self.value,
            "staff": self.staff,
            "band_max": self.band_high,
            "stage": self.stage.named,
        }
        standing = _standing(excellent=self.excellent)
        if self.above_bands:
            return Message(
                _("quota %(quota)s: %(staff)s full-time staff > %(band_max)s, %(standing)s, %(stage)s"),
                standing=standing,
                **figures,
            )
        return Message(
            _("quota %(quota)s: %(staff)s full-time staff ≤ %(band_max)s, %(standing)s, %(stage)s"),
            standing=standing,
            **figures,
        )

    def _basic(self) -> Message:
        if self.above_bands:
            return Message(
                _("basic quota %(basic)s: %(staff)s full-time staff ÷ %(divisor)s, rounded down"),
                basic=self.basic,
                staff=self.staff,
                divisor=self.divisor,
            )
        return Message(
            _("basic quota %(basic)s for %(low)s–%(high)s full-time staff"),
            basic=self.basic,
            low=self.band_low,
            high=self.band_high,
        )

    def _multiplied(self) -> Message:
        figures: dict[str, Figure] = {"multiplier": self.multiplier, "stage": self.stage.named, "product": self.product}
        if self.multiplier == 0 and not self.excellent:
            return Message(_("× 0: %(stage)s needs an excellent supervising organization and company"), **figures)
        if self.excellent:
            return Message(
                _("× %(multiplier)s for an excellent supervising organization and company in %(stage)s: %(product)s"),
                **figures,
            )
        return Message(
            _(
                "× %(multiplier)s in %(stage)s, the supervising organization and company not both excellent: "
                "%(product)s"
            ),
            **figures,
        )

    def _capped(self) -> Message:
        return Message(
            _("capped at %(cap)s: %(stage)s may hold at most %(factor)s × %(staff)s full-time staff"),
            cap=self.cap,
            stage=self.stage.named,
            factor=self.cap_factor,
            staff=self.staff,
        )

    def figures_used(self) -> tuple[str, ...]:
        """The parameters the quota's explanation rests on."""
        own = ("own_tables",) if self.own else ()
        table = ("bands", "above_divisor") if self.above_bands else ("bands",)
        multipliers = "multipliers_excellent" if self.excellent else "multipliers_normal"
        capped = ("caps",) if self.binding == "caps" else ()
        return (*own, *table, multipliers, *capped)


def _standing(*, excellent: bool) -> Message:
    # The higher quotas need both the supervising organization and the company
    # to be excellent (優良): the reader must see that it takes both.
    if excellent:
        return Message(_("excellent supervising organization and company"))
    return Message(_("supervising organization and company not both excellent"))


def _own_table_used(own: OwnQuotaTable) -> Message:
    return Message(
        _("%(name)s (job category %(code)s) has its own quota table"), name=own.name, code=own.job_category_code
    )


def _own_table_missing(own: OwnQuotaTable) -> Refusal:
    message = Message(
        _(
            "%(name)s (job category %(code)s) has its own quota table, not configured: "
            "an administrator must enter it before a quota can be given"
        ),
        name=own.name,
        code=own.job_category_code,
    )
    return Refusal(rule="own_tables", message=message)


def _work_out(
    parameters: TitpQuotaParameters,
    table: QuotaTable,
    own: OwnQuotaTable | None,
    *,
    staff: int,
    excellent: bool,
    stage: Stage,
) -> _Quota:
    band_low = 1
    for band in table.bands:
        if staff <= band.up_to_staff:
            basic, band_high, above = band.basic_quota, band.up_to_staff, False
            break
        band_low = band.up_to_staff + 1
    else:
        basic, band_high, above = staff // table.above_divisor, table.bands[-1].up_to_staff, True
    return _Quota(
        staff=staff,
        stage=stage,
        excellent=excellent,
        basic=basic,
        band_low=band_low,
        band_high=band_high,
        above_bands=above,
        divisor=table.above_divisor,
        multiplier=parameters.multipliers(excellent=excellent)[stage],
        cap_factor=parameters.caps[stage],
        own=own,
    )


def _quota_or_refusal(
    version: RuleVersion[TitpQuotaParameters],
    *,
    full_time_staff: int,
    excellent: bool,
    stage: Stage,
    job_category_code: str | None,
) -> _Quota | Refusal:
    staff, checked_stage = inputs.full_time_staff(full_time_staff), inputs.stage(stage)
    parameters = version.parameters
    own = parameters.own_table(job_category_code)
    if own is not None and own.table is None:
        return _own_table_missing(own)
    table = own.table if own is not None and own.table is not None else parameters.table
    return _work_out(parameters, table, own, staff=staff, excellent=excellent, stage=checked_stage)


def titp_yearly_quota(
    *,
    full_time_staff: int,
    excellent: bool,
    stage: Stage,
    job_category_code: str | None = None,
    on: datetime.date | None = None,
    version: RuleVersion[TitpQuotaParameters] | None = None,
) -> Answer[int | None]:
    """How many trainees the company may hold in ``stage``: basic quota ×
    multiplier, capped by full-time staff. ``excellent`` means the company and
    its supervising organization are both excellent (優良). The value is None,
    with a refusal, only for a job category whose own table is not configured."""
    chosen = choose(version, on, _shelf)
    quota = _quota_or_refusal(
        chosen, full_time_staff=full_time_staff, excellent=excellent, stage=stage, job_category_code=job_category_code
    )
    if isinstance(quota, Refusal):
        answer: Answer[int | None] = Answer(
            value=None, explanation=(quota.message,), rule=chosen.ref, refusals=(quota,)
        )
        return cautioned(answer, chosen, ("own_tables",))
    return cautioned(
        Answer(value=quota.value, explanation=quota.explanation(), rule=chosen.ref), chosen, quota.figures_used()
    )


def titp_quota_check(
    *,
    full_time_staff: int,
    excellent: bool,
    stage: Stage,
    new_positions: int,
    current_trainees_in_stage: int,
    construction: bool,
    current_trainees_total: int,
    job_category_code: str | None = None,
    on: datetime.date | None = None,
    version: RuleVersion[TitpQuotaParameters] | None = None,
) -> Answer[bool]:
    """Whether a job order's positions fit: new positions plus the company's
    current trainees in the stage within the stage's quota, and for an order
    in a construction job category (``construction``) the company's trainees
    in construction job categories, all stages together
    (``current_trainees_total``), within the construction limit. A refusal
    names the rule (``bands``, ``multipliers``, ``caps``,
    ``construction_total_cap`` or ``own_tables``) and ``would_fit`` says how
    many positions would fit."""
    chosen = choose(version, on, _shelf)
    new, in_stage, total = _counts(new_positions, current_trainees_in_stage, current_trainees_total, construction)
    quota = _quota_or_refusal(
        chosen, full_time_staff=full_time_staff, excellent=excellent, stage=stage, job_category_code=job_category_code
    )
    if isinstance(quota, Refusal):
        refused = Answer(value=False, explanation=(quota.message,), rule=chosen.ref, refusals=(quota,))
        return cautioned(refused, chosen, ("own_tables",))
    checks = [_stage_check(quota, new=new, current=in_stage)]
    room = quota.value - in_stage
    used = quota.figures_used()
    if construction:
        checks.append(_construction_check(chosen.parameters, quota.staff, new=new, current=total))
        room = min(room, chosen.parameters.construction_total_cap * quota.staff - total)
        used = (*used, "construction_total_cap")
    answer = _with_room(verdict(tuple(checks), rule=chosen.ref), quota, new=new, room=max(room, 0))
    return cautioned(answer, chosen, used)


def _counts(new_positions: int, in_stage: int, total: int, construction: bool) -> tuple[int, int, int]:
    new = inputs.whole_number(
        new_positions,
        minimum=1,
        msgid=_("New positions must be a whole number of at least %(minimum)s, not %(value)s."),
    )
    current = inputs.whole_number(
        in_stage, minimum=0, msgid=_("Current trainees must be a whole number of at least %(minimum)s, not %(value)s.")
    )
    # For a construction order, the total counts the construction job
    # categories only, so it may be below the stage's count (which counts them all).
    everyone = inputs.whole_number(
        total,
        minimum=0 if construction else current,
        msgid=_("Trainees in all stages must be at least the %(minimum)s in the stage, not %(value)s."),
    )
    return new, current, everyone


def _stage_check(quota: _Quota, *, new: int, current: int) -> Check:
    figures: dict[str, Figure] = {
        "total": new + current,
        "stage": quota.stage.named,
        "new": new,
        "current": current,
        "quota": quota.value,
    }
    if new + current <= quota.value:
        msgid = _("%(total)s %(stage)s trainees (%(new)s new, %(current)s current) fit the quota of %(quota)s")
        return Check(quota.binding, True, Message(msgid, **figures))
    if quota.binding == "caps":
        message = Message(
            _(
                "%(total)s %(stage)s trainees (%(new)s new, %(current)s current) exceed the cap of %(quota)s: "
                "%(factor)s × %(staff)s full-time staff"
            ),
            factor=quota.cap_factor,
            staff=quota.staff,
            **figures,
        )
    elif quota.binding == "multipliers" and not quota.excellent:
        message = Message(
            _(
                "%(stage)s needs an excellent supervising organization and company: "
                "%(total)s %(stage)s trainees (%(new)s new, %(current)s current) cannot be taken"
            ),
            **figures,
        )
    elif quota.binding == "multipliers":
        message = Message(
            _(
                "%(total)s %(stage)s trainees (%(new)s new, %(current)s current) exceed the quota of 0: "
                "the rules in force give %(stage)s a multiplier of 0"
            ),
            **figures,
        )
    else:
        message = Message(
            _(
                "%(total)s %(stage)s trainees (%(new)s new, %(current)s current) exceed the quota of %(quota)s: "
                "basic quota %(basic)s × %(multiplier)s"
            ),
            basic=quota.basic,
            multiplier=quota.multiplier,
            **figures,
        )
    return Check(quota.binding, False, message)


def _construction_check(parameters: TitpQuotaParameters, staff: int, *, new: int, current: int) -> Check:
    factor = parameters.construction_total_cap
    figures: dict[str, Figure] = {"total": new + current, "new": new, "current": current, "limit": factor * staff}
    if new + current <= factor * staff:
        msgid = _(
            "construction job categories: %(total)s trainees in all stages (%(new)s new, %(current)s current) "
            "fit the limit of %(limit)s: %(factor)s × %(staff)s full-time staff"
        )
    else:
        msgid = _(
            "construction job categories: %(total)s trainees in all stages (%(new)s new, %(current)s current) "
            "exceed the limit of %(limit)s: %(factor)s × %(staff)s full-time staff"
        )
    return Check(
        "construction_total_cap", new + current <= factor * staff, Message(msgid, factor=factor, staff=staff, **figures)
    )


def _with_room(answer: Answer[bool], quota: _Quota, *, new: int, room: int) -> Answer[bool]:
    explanation = (*quota.explanation(), *answer.explanation)
    if answer.refused:
        explanation = (*explanation, Message(_("%(fit)s of the %(new)s new positions would fit"), fit=room, new=new))
    return Answer(
        value=answer.value,
        explanation=explanation,
        rule=answer.rule,
        refusals=answer.refusals,
        would_fit=min(room, new),
    )
