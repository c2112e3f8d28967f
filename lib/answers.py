"""How a page answers a form sent to one of its actions: at the action.

With htmx, the form is posted in the background and the answer takes the
place of the form's section: a refusal is the section again, with each
reason next to its field (status 422, which ``static/js/answers.js`` lets
htmx swap; htmx swaps only 2xx answers by default), a question is the
section asking for confirmation (200), and a success is a client redirect to
the page, which then shows the new state and its message.

Without JavaScript, the form posts to its URL plus its section's #fragment,
so the whole page comes back (400) scrolled to the form, with the first field
in error focused (``autofocus``); a success redirects to the page's #top, so
the browser does not carry the form's fragment over to the page that shows
the message at its top.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect

# "Unprocessable": the request was understood and refused; the body says why.
REFUSED_IN_PLACE = 422
# The whole page again, with the refused form in it (the project's usual answer to a bound form with errors).
REFUSED_ON_PAGE = 400


def refused_status(request: HttpRequest) -> int:
    return REFUSED_IN_PLACE if getattr(request, "htmx", False) else REFUSED_ON_PAGE


def done(request: HttpRequest, url: str) -> HttpResponse:
    """After a success: the page itself, from its top, where the message is shown."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(f"{url}#top")


def focus_first_error(form: forms.BaseForm) -> None:
    """Give the first visible field in error ``autofocus``, so that the page
    (or the swapped section) opens with the cursor where the fix goes."""
    for name in form.errors:
        field: Any = form.fields.get(name)
        if field is not None and not field.widget.is_hidden:
            # The form's fields are its own deep copies: this touches no other form.
            field.widget.attrs["autofocus"] = True
            return
