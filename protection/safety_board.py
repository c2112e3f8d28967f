"""The safety check board's figures: safe, needs help and no answer, for the
whole check, per prefecture and per company, over the questions a reader
sees. Each is one aggregate query (the ``safety_board`` index serves the
GROUP BY); names are read for the rows shown only."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F

from accounts.models import Organization
from protection.models import SafetyAnswer, SafetyQuestionQuerySet
from reference.models import Prefecture

COMPANIES_PER_PAGE = 50
MAX_KEY_DIGITS = 18
# The people list's filters: the board's three columns.
SHOWN = {"needs_help": SafetyAnswer.NEEDS_HELP, "no_answer": "", "safe": SafetyAnswer.SAFE}


@dataclass(frozen=True)
class Tally:
    total: int
    safe: int
    needs_help: int
    no_answer: int


@dataclass(frozen=True)
class Row:
    name: str
    tally: Tally
    prefecture: str = ""
    company_id: int | None = None


@dataclass(frozen=True)
class Board:
    totals: Tally
    prefectures: list[Row]
    companies: list[Row]
    page: Page  # type: ignore[type-arg]


def _tally(values: dict[str, int]) -> Tally:
    return Tally(values["total"], values["safe"], values["needs_help"], values["no_answer"])


def board_of(questions: SafetyQuestionQuerySet, *, page_number: str | None) -> Board:
    """The board over ``questions`` (one check's, as the reader sees them):
    companies with the most workers needing help, then without an answer, first."""
    by_prefecture = list(questions.tallied_by("prefecture").order_by("prefecture"))
    companies = questions.tallied_by("prefecture", "company").order_by("-needs_help", "-no_answer", "company")
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    prefectures = Prefecture.objects.in_bulk([row["prefecture"] for row in by_prefecture])
    rows = [_tally(row) for row in by_prefecture]
    names = Organization.objects.in_bulk([row["company"] for row in shown])
    # Every question has a prefecture: the totals are the prefecture rows' sums, one scan fewer.
    totals = Tally(*(sum(getattr(row, name) for row in rows) for name in ("total", "safe", "needs_help", "no_answer")))
    return Board(
        totals=totals,
        prefectures=[
            Row(str(prefectures[row["prefecture"]]), tally) for row, tally in zip(by_prefecture, rows, strict=True)
        ],
        companies=[
            Row(
                names[row["company"]].local_name,
                _tally(row),
                prefecture=str(prefectures[row["prefecture"]]),
                company_id=row["company"],
            )
            for row in shown
        ],
        page=page,
    )


def is_key(typed: str) -> bool:
    """A record number as typed into an address: ASCII digits that fit a bigint ("²" and 10²⁰ do not)."""
    return typed.isascii() and typed.isdigit() and len(typed) <= MAX_KEY_DIGITS


def people_of(questions: SafetyQuestionQuerySet, *, shown: str, company: str) -> SafetyQuestionQuerySet:
    """The workers behind a board cell, to follow up: the latest answers first."""
    if shown in SHOWN:
        questions = questions.filter(answer=SHOWN[shown])
    if is_key(company):
        questions = questions.filter(company_id=int(company))
    related = ("participant", "company", "prefecture")
    latest = F("answered_at").desc(nulls_last=True)
    return questions.select_related(*related).order_by(latest, "participant__full_name", "pk")
