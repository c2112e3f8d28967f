"""A job order's status moves on buttons that say what they do, and each
answers where it was asked: with htmx, the section comes back in place with
the reason next to the button or field; without, the page comes back
anchored at the section. Filling and cancelling are final: they are
confirmed first."""

from __future__ import annotations

import pytest
from django.test import Client

from joborders import actions
from joborders.models import JobOrder, JobOrderStatus
from joborders.tests.world import Japan, order_details
from tests.cast import Cast

HTMX = {"HX-Request": "true"}


def url(order: JobOrder) -> str:
    return f"/joborders/{order.pk}/status/"


def order_in(status: JobOrderStatus, cast: Cast, japan: Japan, **overrides: object) -> JobOrder:
    order = actions.create_job_order(details=order_details(cast, japan, **overrides), by=cast.company_officer)
    path = {
        JobOrderStatus.DRAFT: [],
        JobOrderStatus.OPEN: [JobOrderStatus.OPEN],
        JobOrderStatus.INTERVIEWING: [JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING],
    }[status]
    for to in path:
        order = actions.change_job_order_status(job_order_id=order.pk, to=to, by=cast.company_officer)
    return order


def section(page: str) -> str:
    start = page.index('id="status-change"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize(
    ("status", "verbs"),
    [
        (JobOrderStatus.DRAFT, ["Start recruiting"]),
        (JobOrderStatus.OPEN, ["Start interviews", "Cancel the order…"]),
        (JobOrderStatus.INTERVIEWING, ["Mark as filled", "Cancel the order…"]),
    ],
)
def test_each_move_has_a_button_named_by_what_it_does(
    english: Client, cast: Cast, japan: Japan, status: JobOrderStatus, verbs: list[str]
) -> None:
    order = order_in(status, cast, japan)
    english.force_login(cast.company_officer)

    html = section(english.get(f"/joborders/{order.pk}/").content.decode())

    buttons = [part.split(">", 1)[1].split("</button>")[0] for part in html.split("<button")[1:]]
    assert buttons == verbs
    assert "<select" not in html
    assert "Change status" not in html
    # Only cancelling asks for a reason.
    assert ('name="reason"' in html) is ("Cancel the order…" in verbs)


def test_a_final_order_offers_no_move(english: Client, cast: Cast, japan: Japan) -> None:
    order = order_in(JobOrderStatus.OPEN, cast, japan)
    actions.change_job_order_status(
        job_order_id=order.pk, to=JobOrderStatus.CANCELLED, reason="Orders fell.", by=cast.company_officer
    )
    english.force_login(cast.company_officer)
    assert 'id="status-change"' not in english.get(f"/joborders/{order.pk}/").content.decode()


def test_a_refused_opening_answers_at_its_button_in_place(english: Client, cast: Cast, japan: Japan) -> None:
    order = order_in(JobOrderStatus.DRAFT, cast, japan, positions=5)
    english.force_login(cast.company_officer)

    response = english.post(url(order), {"to": "open"}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="status-change"')
    assert "<html" not in page
    refusal = page.index("3 of the new positions would fit.")
    button = page.index("<button", refusal)
    assert page.index('value="open"') < refusal < button  # in the opening's own form, just above its button
    assert 'autofocus aria-describedby="move-open-error">Start recruiting</button>' in page
    order.refresh_from_db()
    assert order.status == JobOrderStatus.DRAFT


def test_a_refused_opening_without_htmx_comes_back_anchored(english: Client, cast: Cast, japan: Japan) -> None:
    order = order_in(JobOrderStatus.DRAFT, cast, japan, positions=5)
    english.force_login(cast.company_officer)

    response = english.post(url(order), {"to": "open"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page
    assert f'action="{url(order)}#status-change"' in page
    assert "3 of the new positions would fit." in section(page)


def test_cancelling_without_a_reason_is_refused_at_the_reason(english: Client, cast: Cast, japan: Japan) -> None:
    order = order_in(JobOrderStatus.OPEN, cast, japan)
    english.force_login(cast.company_officer)

    response = english.post(url(order), {"to": "cancelled", "reason": " "}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    cancel_form = page[page.index('class="move move-cancelled"') :]
    assert "Give a reason for “cancelled”." in cancel_form[cancel_form.index('for="id_reason"') :]
    assert "Give a reason" not in page[: page.index('class="move move-cancelled"')]
    assert "autofocus" in cancel_form[cancel_form.index("<textarea") : cancel_form.index("</textarea>")]


FINAL_MOVES = [
    (JobOrderStatus.OPEN, JobOrderStatus.CANCELLED, "Cancel “Machine designer”? It is final"),
    (JobOrderStatus.INTERVIEWING, JobOrderStatus.CANCELLED, "Cancel “Machine designer”? It is final"),
    (JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED, "Mark “Machine designer” as filled? It is final"),
]


@pytest.mark.parametrize("move", FINAL_MOVES, ids=[f"{status}->{wanted}" for status, wanted, _ in FINAL_MOVES])
def test_a_final_move_is_confirmed_first(
    english: Client, cast: Cast, japan: Japan, move: tuple[JobOrderStatus, JobOrderStatus, str]
) -> None:
    status, wanted, question = move
    order = order_in(status, cast, japan, title="Machine designer")
    english.force_login(cast.supervising_officer)
    sent = {"to": wanted, "reason": "Orders fell."}

    for response in (english.post(url(order), sent, headers=HTMX), english.post(url(order), sent)):
        assert response.status_code == 200
        page = response.content.decode()
        assert question in page
        assert '<input type="hidden" name="confirmed" value="true">' in page
        assert '<input type="hidden" name="reason" value="Orders fell.">' in page
        order.refresh_from_db()
        assert order.status == status

    response = english.post(url(order), {**sent, "confirmed": "true"})

    assert response.status_code == 302
    assert response["Location"] == f"/joborders/{order.pk}/#top"
    order.refresh_from_db()
    assert order.status == wanted
    assert order.history.get(to_status=wanted).reason == "Orders fell."


@pytest.mark.parametrize(
    ("status", "wanted"),
    [(JobOrderStatus.DRAFT, JobOrderStatus.OPEN), (JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING)],
)
def test_a_move_with_a_way_on_needs_no_confirmation(
    english: Client, cast: Cast, japan: Japan, status: JobOrderStatus, wanted: JobOrderStatus
) -> None:
    order = order_in(status, cast, japan)
    english.force_login(cast.company_officer)

    response = english.post(url(order), {"to": wanted}, headers=HTMX)

    assert response["HX-Redirect"] == f"/joborders/{order.pk}/"
    order.refresh_from_db()
    assert order.status == wanted


def test_a_move_from_an_outdated_page_gets_the_reason_and_the_moves_of_now(
    english: Client, cast: Cast, japan: Japan
) -> None:
    order = order_in(JobOrderStatus.OPEN, cast, japan)
    english.force_login(cast.company_officer)
    english.post(url(order), {"to": "interviewing"})

    # The same button again, from a page loaded before the first click.
    response = english.post(url(order), {"to": "interviewing"}, headers=HTMX)

    assert response.status_code == 422
    page = response.content.decode()
    assert "A job order that is “interviewing” cannot become “interviewing”." in page
    assert "Mark as filled" in page
    assert "Start interviews" not in page
