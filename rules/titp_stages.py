"""TITP stages: how long each lasts, the five-year limit, and which moves
between stages are allowed (i → ii, ii → iii, never skipping or going back)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils.translation import gettext_noop as _

from lib.dates import period_end, period_over
from rules import inputs
from rules.answers import Answer, Check, Figure, Message, RuleInputError, refusal, verdict
from rules.cautions import cautioned
from rules.parameters import TitpStageParameters
from rules.stage import Stage
from rules.versions import RuleBook, RuleVersion, choose

# The highest stage a job category allows, as the TITP list states it.
MAX_STAGES = (2, 3)


def _shelf(book: RuleBook) -> tuple[RuleVersion[TitpStageParameters], ...]:
    return book.titp_stages


def titp_job_category_max_stage(*, code: str, list_label: str, max_stages: Mapping[str, int]) -> int:
    """The highest stage of a job category in the TITP list version in force
    (``max_stages``: its codes and highest stages, read by the caller)."""
    if code not in max_stages:
        raise RuleInputError(
            Message(
                _("Job category %(code)s is not in the TITP job category list %(label)s."), code=code, label=list_label
            )
        )
    return max_stages[code]


def titp_stage_end(
    *,
    started_on: datetime.date,
    stage: Stage,
    on: datetime.date | None = None,
    version: RuleVersion[TitpStageParameters] | None = None,
) -> Answer[datetime.date]:
    """The last day a stage that started on ``started_on`` may last: the
    day before the corresponding day its months later, or that month's last
    day where it has none (Civil Code art. 143(2); ``lib.dates.period_end``)."""
    chosen = choose(version, on, _shelf)
    checked = inputs.stage(stage)
    months = chosen.parameters.stage_months[checked]
    last_day = period_end(started_on, months)
    message = Message(
        _("%(stage)s started on %(start)s lasts at most %(months)s months: last day %(last)s"),
        stage=checked.named,
        start=started_on,
        months=months,
        last=last_day,
    )
    return cautioned(Answer(value=last_day, explanation=(message,), rule=chosen.ref), chosen, ("stage_months",))


def titp_recruitment(
    *,
    stage: Stage,
    on: datetime.date | None = None,
    version: RuleVersion[TitpStageParameters] | None = None,
) -> Answer[bool]:
    """Whether a job order may recruit trainees into ``stage``. Stage i takes
    new trainees. Stage ii never: it is the same trainee moving on from stage
    i at the same company. Stage iii takes returnees who completed stage ii,
    and only for an excellent supervising organization and company (the
    quota's multiplier says whether they are)."""
    chosen = choose(version, on, _shelf)
    checked = inputs.stage(stage)
    figures: dict[str, Figure] = {"stage": checked.named}
    if checked is Stage.I:
        return verdict(
            (Check("recruited_stage", True, Message(_("%(stage)s takes new trainees"), **figures)),), rule=chosen.ref
        )
    if checked is Stage.III:
        message = Message(
            _(
                "%(stage)s takes returnees who completed %(previous)s, "
                "for an excellent supervising organization and company"
            ),
            previous=Stage.II.named,
            **figures,
        )
        return verdict((Check("recruited_stage", True, message),), rule=chosen.ref)
    message = Message(
        _(
            "%(stage)s is not recruited: it is the same trainee moving on from %(previous)s at the same company. "
            "Recruit for %(first)s, or for %(third)s (returnees who completed %(stage)s, with an excellent "
            "supervising organization and company)"
        ),
        previous=Stage.I.named,
        first=Stage.I.named,
        third=Stage.III.named,
        **figures,
    )
    return verdict((Check("recruited_stage", False, message),), rule=chosen.ref)


def titp_within_total_limit(
    *,
    months_completed: int,
    months_planned: int,
    on: datetime.date | None = None,
    version: RuleVersion[TitpStageParameters] | None = None,
) -> Answer[bool]:
    """Whether the months already trained plus those planned stay within TITP's total."""
    chosen = choose(version, on, _shelf)
    done = inputs.whole_number(
        months_completed,
        minimum=0,
        msgid=_("Months completed must be a whole number of at least %(minimum)s, not %(value)s."),
    )
    planned = inputs.whole_number(
        months_planned,
        minimum=1,
        msgid=_("Months planned must be a whole number of at least %(minimum)s, not %(value)s."),
    )
    limit = chosen.parameters.total_months
    figures: dict[str, Figure] = {"done": done, "planned": planned, "total": done + planned, "limit": limit}
    if done + planned <= limit:
        message = Message(
            _("%(done)s months completed + %(planned)s planned = %(total)s, within the %(limit)s-month limit"),
            **figures,
        )
    else:
        message = Message(
            _("%(done)s months completed + %(planned)s planned = %(total)s, above the %(limit)s-month limit"), **figures
        )
    answer = verdict((Check("total_months", done + planned <= limit, message),), rule=chosen.ref)
    return cautioned(answer, chosen, ("total_months",))


def titp_stage_move(
    *,
    from_stage: Stage,
    to_stage: Stage,
    passed_test: bool,
    job_category_max_stage: int,
    supervising_organization_excellent: bool,
    company_excellent: bool,
    home_return_left_on: datetime.date | None,
    home_return_back_on: datetime.date | None,
    on: datetime.date | None = None,
    version: RuleVersion[TitpStageParameters] | None = None,
) -> Answer[bool]:
    """Whether a trainee may move from one stage to the next. i → ii needs the
    test passed and a job category that has stage ii; ii → iii also needs an
    excellent supervising organization and company, a job category with
    ``max_stage`` 3 and a home return of at least a month and under a year
    (calendar months). The home-return dates count only for ii → iii."""
    chosen = choose(version, on, _shelf)
    start, target = inputs.stage(from_stage), inputs.stage(to_stage)
    max_stage = _max_stage(job_category_max_stage)
    if target.number != start.number + 1:
        return refusal("stage_order", _out_of_order(start, target), rule=chosen.ref)
    checks = [
        _job_category_check(target, max_stage),
        _test_check(chosen.parameters, target, passed=passed_test),
    ]
    used = ["move_tests"]
    if target is Stage.III:
        checks += _organization_checks(
            supervising_organization_excellent=supervising_organization_excellent, company_excellent=company_excellent
        )
        checks.append(_home_return_check(chosen.parameters, home_return_left_on, home_return_back_on))
        used += ["home_return_min_months", "home_return_max_months"]
    return cautioned(verdict(tuple(checks), rule=chosen.ref), chosen, used)


def _max_stage(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in MAX_STAGES:
        raise RuleInputError(Message(_("A job category's highest stage is 2 or 3, not %(value)s."), value=str(value)))
    return value


def _out_of_order(start: Stage, target: Stage) -> Message:
    figures: dict[str, Figure] = {"start": start.named, "target": target.named}
    if target.number <= start.number:
        return Message(_("%(start)s → %(target)s goes back: a trainee only moves on to the next stage"), **figures)
    return Message(_("%(start)s → %(target)s skips a stage: stages are taken in order"), **figures)


def _job_category_check(target: Stage, max_stage: int) -> Check:
    if target.number <= max_stage:
        return Check(
            "job_category_max_stage", True, Message(_("the job category allows %(stage)s"), stage=target.named)
        )
    message = Message(
        _("the job category goes up to %(max)s only, not %(stage)s"),
        max=Stage.numbered(max_stage).named,
        stage=target.named,
    )
    return Check("job_category_max_stage", False, message)


def _test_check(parameters: TitpStageParameters, target: Stage, *, passed: bool) -> Check:
    test = parameters.move_tests[target]
    if passed:
        return Check(
            "passed_test",
            True,
            Message(_("%(test)s passed, as %(stage)s requires"), test=test, stage=target.named),
        )
    return Check(
        "passed_test",
        False,
        Message(_("%(test)s not passed: %(stage)s requires it"), test=test, stage=target.named),
    )


def _organization_checks(*, supervising_organization_excellent: bool, company_excellent: bool) -> list[Check]:
    if supervising_organization_excellent:
        organization = Message(_("the supervising organization is excellent"))
    else:
        organization = Message(_("the supervising organization is not excellent: stage iii needs an excellent one"))
    if company_excellent:
        company = Message(_("the company is excellent"))
    else:
        company = Message(_("the company is not excellent: stage iii needs an excellent company"))
    return [
        Check("supervising_organization_excellent", supervising_organization_excellent, organization),
        Check("company_excellent", company_excellent, company),
    ]


def _home_return_check(
    parameters: TitpStageParameters, left_on: datetime.date | None, back_on: datetime.date | None
) -> Check:
    if left_on is None or back_on is None:
        return Check("home_return", False, Message(_("no home return between stages ii and iii is recorded")))
    if back_on < left_on:
        raise RuleInputError(
            Message(_("The home return ends on %(back)s, before it starts on %(left)s."), back=back_on, left=left_on)
        )
    # Calendar months from the day of leaving, counted as the Civil Code counts
    # a period (art. 143): leaving on 15 January, a month is over at the end of
    # 14 February; leaving on 31 January, at the end of 28 (29) February.
    earliest = period_over(left_on, parameters.home_return_min_months)
    too_late = period_over(left_on, parameters.home_return_max_months)
    figures: dict[str, Figure] = {"left": left_on, "back": back_on}
    if back_on < earliest:
        message = Message(
            _(
                "home return from %(left)s to %(back)s is too short: "
                "the trainee may come back on %(earliest)s at the earliest"
            ),
            earliest=earliest,
            **figures,
        )
        return Check("home_return", False, message)
    if back_on >= too_late:
        message = Message(
            _("home return from %(left)s to %(back)s is too long: the trainee had to come back before %(limit)s"),
            limit=too_late,
            **figures,
        )
        return Check("home_return", False, message)
    message = Message(
        _("home return from %(left)s to %(back)s: back on or after %(earliest)s and before %(limit)s, as required"),
        earliest=earliest,
        limit=too_late,
        **figures,
    )
    return Check("home_return", True, message)
