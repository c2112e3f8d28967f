"""Matching's answers in words: the reasons, the parts of a score, the fit.

The engine speaks in numbers (matching.engine.columns); readers get these
labels in their own language. Whole sentences, so that each language can
order them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from matching.engine.columns import CHECK_ORDER, Constraint, FitLevel

REASONS: dict[Constraint, Promise] = {
    Constraint.READINESS: _("Readiness has lapsed (health check or passport)."),
    Constraint.PROGRAMME: _("Their sending programme leads to another residence programme."),
    Constraint.TRADE: _("Their trade is neither the same as nor similar to the job."),
    Constraint.LANGUAGE: _("Their Japanese is below the minimum level."),
    Constraint.AGE: _("Their age on the start date is outside the range."),
    Constraint.SENDING_ORGANIZATION: _("Their LPK/SO does not serve this job order."),
    Constraint.TITP_STAGE: _(
        "The order is for a later TITP stage: stage ii is not recruited (the same trainee moves on at the same "
        "company), and stage iii takes only returnees who completed stage ii."
    ),
    Constraint.SHORTLIST_CAP: _("Already on as many live shortlists as a candidate may be."),
    Constraint.NO_POSITION: _("Eligible, but the positions went to candidates with higher scores."),
}

# Short names for tables and counts.
REASON_NAMES: dict[Constraint, Promise] = {
    Constraint.READINESS: _("readiness lapsed"),
    Constraint.PROGRAMME: _("other programme"),
    Constraint.TRADE: _("trade does not fit"),
    Constraint.LANGUAGE: _("Japanese too low"),
    Constraint.AGE: _("age"),
    Constraint.SENDING_ORGANIZATION: _("LPK/SO not serving"),
    Constraint.TITP_STAGE: _("not a returnee of the stage before"),
    Constraint.SHORTLIST_CAP: _("on enough shortlists"),
    Constraint.NO_POSITION: _("positions taken"),
}

FITS: dict[FitLevel, Promise] = {
    FitLevel.NONE: _("does not fit"),
    FitLevel.SIMILAR: _("similar job type"),
    FitLevel.SAME: _("same job type"),
    FitLevel.NOT_REQUIRED: _("no trade required"),
    FitLevel.JAPAN_BRIEF: _("did this job in Japan, under a year"),
    FitLevel.JAPAN: _("did this job in Japan for a year or more"),
    FitLevel.JAPAN_EXEMPT: _("completed TITP stage ii in a job of this SSW field: exempt from its skill test"),
}

# In matching.engine.scoring.PART_NAMES order.
PARTS: dict[str, Promise] = {
    "trade_fit": _("trade fit"),
    "language": _("Japanese level"),
    "assessment": _("assessment results"),
    "training": _("training completed"),
    "waiting": _("time waiting"),
    "preference": _("the job order's preferences"),
}


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    value: float  # 0..1
    weight: int
    points: int  # its share of the score, out of 1000

    @property
    def percent(self) -> int:
        return round(self.value * 100)


def score_parts(values: list[float], weights: dict[str, int]) -> list[Part]:
    """The parts of one score with the points each brought, for display."""
    total = sum(weights[name] for name in PARTS) or 1
    return [
        Part(
            name=name,
            label=str(label),
            value=value,
            weight=weights[name],
            points=round(1000 * weights[name] * value / total),
        )
        for (name, label), value in zip(PARTS.items(), values, strict=True)
    ]


def reason_counts(counts: dict[str, int]) -> list[tuple[str, int]]:
    """{Constraint value: count} as (short name, count), in the order the constraints are checked."""
    return [
        (str(REASON_NAMES[constraint]), counts[str(constraint.value)])
        for constraint in CHECK_ORDER
        if counts.get(str(constraint.value))
    ]
