"""An LPK/SO serving a job order sees which of its own candidates fit it,
best first, and why the others do not; never another LPK/SO's candidates."""

from __future__ import annotations

import datetime

from django.test import Client

from joborders.tests.world import Japan
from matching.tests.pool import Pool, candidate
from tests.cast import Cast


def page(cast: Cast, persona: str, pool: Pool) -> tuple[int, str]:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(getattr(cast, persona))
    response = client.get(f"/matching/job-orders/{pool.order.pk}/candidates/")
    return response.status_code, response.content.decode()


def test_it_lists_the_lpks_own_fitting_candidates_best_first(cast: Cast, pool: Pool, japan: Japan) -> None:
    candidate(cast, pool, japan, "Rina Lestari", level=pool.n3)
    candidate(cast, pool, japan, "Agus Salim")

    status, content = page(cast, "lpk_officer", pool)

    assert status == 200
    assert "2 of your candidates fit, best first" in content
    assert content.index("Rina Lestari") < content.index("Agus Salim")  # N3 scores above N4


def test_it_says_why_its_other_candidates_do_not_fit(cast: Cast, pool: Pool, japan: Japan) -> None:
    candidate(cast, pool, japan, "Dewi Lestari", birth_date=datetime.date(1980, 1, 1))

    status, content = page(cast, "lpk_officer", pool)

    assert status == 200
    assert "Dewi Lestari" not in content
    assert "Why your other candidates do not fit" in content


def test_it_never_shows_another_lpks_candidates(cast: Cast, pool: Pool, japan: Japan) -> None:
    candidate(cast, pool, japan, "Putri Ayu", lpk=cast.other_lpk)

    content = page(cast, "lpk_officer", pool)[1]

    assert "Putri Ayu" not in content
    assert "None of your candidates fits this order now." in content


def test_it_is_not_found_for_an_lpk_that_does_not_serve_the_order(cast: Cast, pool: Pool) -> None:
    assert page(cast, "other_lpk_officer", pool)[0] == 404
    assert page(cast, "ministry_officer", pool)[0] == 404
