"""From the database to the engine's columns: each figure lands on the
participant's (or order's) row, computed as the readiness checklist would."""

from __future__ import annotations

import datetime

import numpy as np

from joborders.models import JobOrder
from joborders.tests.world import Japan
from lib.dates import yyyymmdd
from matching.engine.columns import NO_KIND, TRACK_CODES, FitLevel
from matching.loader import LAPSED, POOL, load_candidates, load_job_orders, load_trades
from matching.tests.pool import Pool, candidate
from participants.models import HealthResult, Participant
from participants.tests.records import days_from_today, health_check, language_result
from tests.cast import Cast

TODAY = datetime.date(2026, 11, 30)


def test_the_fit_table_reads_the_ministry_mapping(pool: Pool) -> None:
    trades = load_trades()
    welding, machining, cooking = (trades.trade_row(code) for code in ("LAS", "MFK", "KUL"))
    column = trades.kind_column("7-7")
    assert trades.table.levels[welding, column] == FitLevel.SAME
    assert trades.table.levels[machining, column] == FitLevel.SIMILAR
    assert trades.table.levels[cooking, column] == FitLevel.NONE
    # The cast's welding trade prepares for the SSW construction field, as the same job type.
    assert trades.table.levels[welding, trades.kind_column("ssw:建設")] == FitLevel.SAME


def test_job_orders_become_columns(cast: Cast, pool: Pool) -> None:
    trades = load_trades()
    orders = load_job_orders(JobOrder.objects.filter(pk=pool.order.pk), trades)
    assert orders.ids.tolist() == [pool.order.pk]
    assert orders.kind.tolist() == [trades.kind_column("7-7")]
    assert TRACK_CODES[orders.track[0]] == "titp"
    assert (orders.min_language_rank[0], orders.min_age[0], orders.max_age[0]) == (20, 18, 30)
    assert orders.start[0] == yyyymmdd(pool.order.start_date)
    assert orders.served_by[orders.served_offsets[0] : orders.served_offsets[1]].tolist() == [cast.lpk.pk]
    assert NO_KIND == -1


def test_a_candidate_becomes_a_row_of_columns(cast: Cast, japan: Japan, pool: Pool) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong", level=pool.n3, passport_expires=datetime.date(2030, 8, 31))
    trades = load_trades()
    columns = load_candidates(Participant.objects.filter(pk=ana.pk), trades, today=TODAY)
    assert columns.ids.tolist() == [ana.pk]
    assert columns.trade[0] == trades.trade_row("LAS")
    assert columns.language_rank[0] == 30
    assert columns.birth[0] == 20020517
    assert columns.sending_organization[0] == cast.lpk.pk
    # Readiness holds until the earlier of the health check's expiry and the
    # last day the passport is still valid 18 months ahead (28 Feb 2029 is a month-end).
    health = yyyymmdd(days_from_today(355))
    assert columns.ready_until[0] == min(health, 20290228)
    assert columns.live_shortlists[0] == 0


def test_an_in_house_level_counts_only_where_the_programme_accepts_it(cast: Cast, japan: Japan, pool: Pool) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong", level=pool.n5)
    language_result(ana, pool.n3, cast.lpk_officer, in_house=True)
    trades = load_trades()
    assert load_candidates(Participant.objects.filter(pk=ana.pk), trades, today=TODAY).language_rank[0] == 10
    pool.titp.accepts_in_house_level = True
    pool.titp.save()
    assert load_candidates(Participant.objects.filter(pk=ana.pk), trades, today=TODAY).language_rank[0] == 30


def test_a_later_unfit_health_check_lapses_readiness(cast: Cast, japan: Japan, pool: Pool) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong")
    health_check(ana, cast.lpk_officer, result=HealthResult.UNFIT)
    columns = load_candidates(Participant.objects.filter(pk=ana.pk), load_trades(), today=days_from_today(0))
    assert columns.ready_until[0] == LAPSED


def test_rows_follow_ids_whatever_order_the_figures_come_in(cast: Cast, japan: Japan, pool: Pool) -> None:
    first = candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    second = candidate(cast, pool, japan, "Bayu Fits", level=pool.n5)
    columns = load_candidates(Participant.objects.filter(status__in=POOL), load_trades(), today=TODAY)
    assert columns.ids.tolist() == sorted([first.pk, second.pk])
    ranks = dict(zip(columns.ids.tolist(), columns.language_rank.tolist(), strict=True))
    assert ranks == {first.pk: 30, second.pk: 10}
    assert np.all(columns.waiting_days >= 0)


def test_a_job_kind_the_mapping_lacks_fits_no_trade(pool: Pool) -> None:
    trades = load_trades()
    assert trades.fitting_trades("99-9") == []
    assert trades.fitting_trades(None) is None  # no kind named: any trade
    assert sorted(trades.fitting_trades("7-7") or []) == ["LAS", "MFK"]


def test_an_order_without_a_minimum_age_takes_the_laws(cast: Cast, japan: Japan, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(min_age=None)
    orders = load_job_orders(JobOrder.objects.filter(pk=pool.order.pk), load_trades())
    assert orders.min_age.tolist() == [18]  # TITP's legal minimum, whatever the order says


def test_an_order_below_the_laws_minimum_age_is_matched_from_the_laws(cast: Cast, japan: Japan, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(min_age=16)  # saved before the rule refused it
    orders = load_job_orders(JobOrder.objects.filter(pk=pool.order.pk), load_trades())
    assert orders.min_age.tolist() == [18]


def test_orders_carry_the_stage_they_recruit_for(cast: Cast, japan: Japan, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(titp_stage=3)
    orders = load_job_orders(JobOrder.objects.filter(pk=pool.order.pk), load_trades())
    assert orders.titp_stage.tolist() == [3]


def test_nobody_in_the_pool_is_on_record_as_a_returnee_yet(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong")
    columns = load_candidates(Participant.objects.filter(status__in=POOL), load_trades(), today=TODAY)
    assert columns.completed_titp_stage.tolist() == [0]


def test_an_esd_order_is_matched_by_its_esd_fields_name(cast: Cast, japan: Japan, pool: Pool) -> None:
    JobOrder.objects.filter(pk=pool.order.pk).update(
        programme="esd", titp_stage=None, job_category=None, operation=None, esd_field=japan.esd_construction
    )
    trades = load_trades()
    orders = load_job_orders(JobOrder.objects.filter(pk=pool.order.pk), trades)
    assert orders.kind.tolist() == [trades.kind_column("ssw:建設")]
    assert orders.titp_stage.tolist() == [0]
