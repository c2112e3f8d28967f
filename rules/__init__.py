"""Programme rules as pure, typed functions over plain values, chosen by date.

No database, no settings, no clock: callers pass every value, including the
date of the decision. Every answer carries its explanation and the rule version
it used, so a page can show why and a decision can store what it rested on.

Answers (``rules.answers``)
    ``Answer[T]``: ``value``; ``explanation`` (``Message``s, whole translatable
    sentences with their figures, e.g. "quota 3: 25 full-time staff ≤ 30, normal
    company, stage i"); ``rule`` (``RuleRef``: family, label, effective_from;
    None only where the answer rests on the caller's values alone);
    ``refusals`` (``Refusal``: ``rule`` names the parameter or condition that
    said no, ``message`` says why); ``refused``; ``refused_by``; ``would_fit``
    (quota checks); ``explain()`` (one line in the active language).
    ``Message`` keeps the English msgid and the figures and translates when
    shown (``str()``), so the same answer reads in Indonesian, English or Japanese.
    Wrong input (staff 0, a wage in rupiah, an unknown stage, a job category not in
    the list) raises ``RuleInputError`` (a ValueError with a translatable
    ``message``): nothing should be saved.

Choosing the version
    A figure the rule data marks unverified never shows without a caution:
    every answer whose explanation rests on one ends with "caution: rule
    version … marks … as unverified" (``rules.cautions``).

    Stages are named in sentences as whole words (``Stage.named``: "stage ii",
    in Japanese 2号), never as "stage" plus a code, which read "ii号".

    Every function that reads parameters takes either ``on=`` (the decision's
    date: the packaged version in force that day) or ``version=`` (a
    ``RuleVersion`` from another book, e.g. the administrators' copy in the
    database, or the one a stored decision names). A version with a later
    ``effective_from`` never changes an answer given for an earlier date.

TITP quota (``rules.titp_quota``)
    titp_yearly_quota(*, full_time_staff, excellent, stage, job_category_code=None, on|version) -> Answer[int | None]
    titp_quota_check(*, full_time_staff, excellent, stage, new_positions, current_trainees_in_stage,
                     construction, current_trainees_total, job_category_code=None, on|version) -> Answer[bool]
        Refusals name ``bands``, ``multipliers``, ``caps``, ``construction_total_cap``
        or ``own_tables`` (nursing care: its own table, None until configured).
        ``construction`` says the order's job category is in the construction
        sector; ``current_trainees_total`` then counts the company's trainees in
        construction job categories, all stages. ``excellent`` means both the
        supervising organization and the company are excellent (優良), and the
        explanations say so; a multiplier of 0 for a company that is not
        refuses with "stage iii needs an excellent supervising organization and company".

TITP stages (``rules.titp_stages``)
    titp_stage_move(*, from_stage, to_stage, passed_test, job_category_max_stage,
                    supervising_organization_excellent, company_excellent,
                    home_return_left_on, home_return_back_on, on|version) -> Answer[bool]
    titp_stage_end(*, started_on, stage, on|version) -> Answer[date]
        The last day: the day before the corresponding day, or the month's last
        day where there is none (Civil Code art. 143(2): 29 February + 1 year
        ends on 28 February).
    titp_recruitment(*, stage, on|version) -> Answer[bool]
        Job orders recruit for stage i, and for stage iii (returnees who
        completed stage ii); stage ii is refused (``recruited_stage``): it is
        the same trainee moving on at the same company.
    titp_within_total_limit(*, months_completed, months_planned, on|version) -> Answer[bool]
    titp_job_category_max_stage(*, code, list_label, max_stages) -> int   (RuleInputError if not listed)

SSW (``rules.ssw``)
    ssw_field_open(*, field_name, field_status, opens_on, on) -> Answer[bool]
    titp_category_in_ssw_field(*, job_category_code, field_name, table=None, on|version) -> Answer[bool]
        ``table``: a ``TitpSswTable`` (the reference table in force: reference.TitpSswLink);
        without one, the version's own mapping. Cautions on an unverified row.
    ssw_i_eligibility(*, skill_test_passed, japanese_rank, completed_titp_ii, titp_category_in_field,
                      on|version) -> Answer[bool]

Programmes by date and ESD (``rules.esd``)
    programme_open(*, programme, starts_on, on|version) -> Answer[bool]
    esd_field_open(*, field_name, field_status, list_label, list_unverified, on) -> Answer[bool]
        From ESD's own field list (not SSW's); cautions while its membership is unverified.
    esd_entry_language(*, japanese_rank, planned_lesson_hours, on|version) -> Answer[bool]
    esd_fee_within_cap(*, fee_jpy, monthly_wage_jpy, on|version) -> Answer[bool]
    esd_transfer_allowed(*, months_with_employer, field_minimum_months, abuse_or_unpaid_wages,
                         same_work_category, passed_skill_test, passed_japanese_test, on|version) -> Answer[bool]
    esd_transfer_cost_share(*, initial_costs_jpy, months_with_first_employer, unavoidable, on|version) -> Answer[int]
        The yen of the first employer's initial costs the new employer repays (0 for an unavoidable
        reason, or under a version without the sharing).

Fee policies (``rules.fees``, versions in rules/data/fee_policies.toml, family "fees")
    fee_policy_of(*, sending_programme, residence_programme, on|version) -> Answer[FeePolicy]
    fee_policy_check(*, charge: Charge, sending_programme, residence_programme, esd: EsdFigures | None,
                     on, version=None, esd_version=None) -> Answer[bool]
        zero_cost (the programme's promise), esd_cap (from ESD's start: the worker pays the
        sending organization at most fee_cap_months wages), ilo (the ILO 2019 definition:
        only classes the cost catalogue marks bearable). Refusals name ``zero_cost``,
        ``illegitimate``, ``not_bearable``, ``fee_cap_months`` or ``wage_unknown``.

Programme requirements and wages (``rules.requirements``, ``rules.wages``)
    age_on(birth_date, day) -> int
    age_within(*, birth_date, on, min_age, max_age) -> Answer[bool]
    legal_minimum_age(*, programme, min_age, on|version) -> Answer[bool]
        A job order's or sending programme's minimum age may not go below the
        law's for its residence programme (the ``ages`` family: TITP 18, SSW
        18, ESD 18 unverified); None sets none of its own, and the law's applies.
    minimum_age_applied(*, programme, min_age, version) -> int
    start_date_ahead(*, starts_on, today) -> Answer[bool]   (no rule version: the dates alone)
    check_monthly_wage(*, amount, currency, on|version) -> Answer[int]   (RuleInputError when implausible)

Values are StrEnums matching the stored ones: ``Stage`` (i, ii, iii; ``Stage("ii")``
from a stored value), ``Programme`` (titp, ssw, esd, engineer: reference.Track),
``SswFieldStatus`` (active, planned: reference.SSWField.Status).
Japanese levels are the ranks of reference/data/language_tests.csv: 10 JLPT N5 /
JFT-Basic A1, 20 JLPT N4 / JFT-Basic A2, 30 N3, 40 N2, 50 N1; None is no result.

Versions and parameters (``rules.versions``, ``rules.parameters``)
    The defaults live in rules/data/rule_versions.toml: per family (``Family``:
    titp_quota, titp_stages, ssw, esd, wages, ages) a list of versions, each with a
    label, an effective_from date, a source, and parameters that each carry a
    ``source`` and, where the domain notes could not confirm them,
    ``unverified = true`` (``RuleVersion.unverified`` lists them).
    default_rule_book() -> RuleBook; load_rule_book(path) -> RuleBook
    versions_in_force(on, *, book=None) -> RulesInForce   (one RuleVersion per family)
    in_force(versions, on) -> RuleVersion; labelled(versions, label) -> RuleVersion
    RuleBook.from_dict(data) / .to_dict(); RuleVersion.to_dict(); read_version(data, family=, kind=)
        Plain, JSON-ready values in the file's shape, for the database copy.
    Malformed data raises ``RuleDataError`` naming the file, family, version and parameter.
"""

from __future__ import annotations

from rules.answers import Answer, Message, Named, Refusal, RuleInputError, RuleRef, Rupiah, Yen
from rules.esd import (
    Programme,
    esd_entry_language,
    esd_fee_within_cap,
    esd_field_open,
    esd_transfer_allowed,
    esd_transfer_cost_share,
    programme_open,
)
from rules.fees import (
    Charge,
    EsdFigures,
    FeePolicy,
    FeePolicyVersion,
    Payer,
    fee_policies_in_force,
    fee_policy_check,
    fee_policy_of,
)
from rules.parameters import (
    AgeParameters,
    EsdParameters,
    JapaneseLevel,
    OwnQuotaTable,
    QuotaBand,
    QuotaTable,
    SswParameters,
    TitpQuotaParameters,
    TitpStageParameters,
    WageParameters,
)
from rules.reading import RuleDataError
from rules.requirements import age_on, age_within, legal_minimum_age, minimum_age_applied, start_date_ahead
from rules.ssw import SswFieldStatus, TitpSswTable, ssw_field_open, ssw_i_eligibility, titp_category_in_ssw_field
from rules.stage import Stage
from rules.titp_quota import titp_quota_check, titp_yearly_quota
from rules.titp_stages import (
    titp_job_category_max_stage,
    titp_recruitment,
    titp_stage_end,
    titp_stage_move,
    titp_within_total_limit,
)
from rules.versions import (
    Family,
    Note,
    RuleBook,
    RulesInForce,
    RuleVersion,
    default_rule_book,
    in_force,
    labelled,
    load_rule_book,
    read_version,
    versions_in_force,
)
from rules.wages import check_monthly_wage

__all__ = [
    "AgeParameters",
    "Answer",
    "Charge",
    "EsdFigures",
    "EsdParameters",
    "Family",
    "FeePolicy",
    "FeePolicyVersion",
    "JapaneseLevel",
    "Message",
    "Named",
    "Note",
    "OwnQuotaTable",
    "Payer",
    "Programme",
    "QuotaBand",
    "QuotaTable",
    "Refusal",
    "RuleBook",
    "RuleDataError",
    "RuleInputError",
    "RuleRef",
    "RuleVersion",
    "RulesInForce",
    "Rupiah",
    "SswFieldStatus",
    "SswParameters",
    "Stage",
    "TitpQuotaParameters",
    "TitpSswTable",
    "TitpStageParameters",
    "WageParameters",
    "Yen",
    "age_on",
    "age_within",
    "check_monthly_wage",
    "default_rule_book",
    "esd_entry_language",
    "esd_fee_within_cap",
    "esd_field_open",
    "esd_transfer_allowed",
    "esd_transfer_cost_share",
    "fee_policies_in_force",
    "fee_policy_check",
    "fee_policy_of",
    "in_force",
    "labelled",
    "legal_minimum_age",
    "load_rule_book",
    "minimum_age_applied",
    "programme_open",
    "read_version",
    "ssw_field_open",
    "ssw_i_eligibility",
    "start_date_ahead",
    "titp_category_in_ssw_field",
    "titp_job_category_max_stage",
    "titp_quota_check",
    "titp_recruitment",
    "titp_stage_end",
    "titp_stage_move",
    "titp_within_total_limit",
    "titp_yearly_quota",
    "versions_in_force",
]
