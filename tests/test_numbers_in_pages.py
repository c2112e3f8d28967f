"""Numbers on every page, for every persona, in every language: grouped for
people to read, never where a machine reads them.

The pages group thousands the reader's way (USE_THOUSAND_SEPARATOR: 12.345 in
Indonesian, 12,345 in English and Japanese). An id in a link, a form value,
an htmx address or a page number must stay 12345, and a year 2026. So every
table's keys start above 10,000 here, the demo is seeded on top, and each
persona walks every page it is shown (one per URL name, as the browser test
does) with the test client in Indonesian, English and Japanese; each page's
markup is checked by ``tests.markup``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from accounts.models import User
from demo.seed import seed_demo
from joborders.models import JobOrder
from matching.actions import compute_plan, start_planning
from participants.demo import seed_retyped_registrations
from participants.demo_data import LOGINS, PARTICIPANT_LOGIN
from participants.models import Participant
from protection.actions.checkins import open_round
from tests.browser.test_every_page import (
    NOT_PAGES,
    VISITOR_PAGES,
    _a_report_by_the_participant,
    _at_work_in_japan,
    _committed_import,
    _figures,
    _import_with_a_bad_row,
    _interviews_for_the_demo_company,
    _missing_in_japan,
    _page_names,
    _safety_check,
    _safety_reply_path,
    _webhook_endpoint,
)
from tests.markup import problems

LANGUAGES = ("id", "en", "ja")
# Every table's keys start here, so that any id shown has five digits.
FIRST_ID = 12_345
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)', re.I)


def raise_ids(first: int) -> None:
    """Every table's next key is ``first`` or above."""
    with connection.cursor() as cursor:
        for sequence in connection.introspection.sequence_list():
            table, column = sequence["table"], sequence["column"] or "id"
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, column, first])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first])


@pytest.fixture
def demo(db: None, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    raise_ids(FIRST_ID)
    # What the browser test's demo holds, at a smaller size: every page has something to show.
    seed_demo(participants=60, seed=11)
    compute_plan(run_id=start_planning(by=User.objects.get(username="kemnaker"), queue=False).pk)
    seed_retyped_registrations(after_pk=0, count=3, seed=11)
    _import_with_a_bad_row()
    _committed_import()
    _interviews_for_the_demo_company()
    _at_work_in_japan()
    _missing_in_japan(by=User.objects.get(username="kemnaker"))
    open_round(now=timezone.now())
    _a_report_by_the_participant()
    _safety_check(by=User.objects.get(username="kemnaker"))
    _webhook_endpoint(by=User.objects.get(username="kemnaker"))
    _figures()
    # Otherwise nothing here would have a number to group.
    assert min(Participant.objects.values_list("pk", flat=True)) > FIRST_ID
    assert min(JobOrder.objects.values_list("pk", flat=True)) > FIRST_ID


def _name_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace == "admin" or match.url_name is None:
        return None
    return match.url_name


def _pages(client: Client) -> Iterator[tuple[str, str, str]]:
    """Each page the client is shown a link to, from the home, one per URL name: (name, url, html)."""
    seen: set[str] = set()
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        name = _name_of(urlsplit(url).path)
        if name is None or name in seen or name in NOT_PAGES:
            continue
        seen.add(name)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield name, url, html
        links = (href.replace("&amp;", "&") for href in HREF.findall(html) if href.startswith(("/", "?")))
        queue.extend(_absolute(link, url) for link in links)


def _absolute(url: str, base: str) -> str:
    return urlsplit(base).path + url if url.startswith("?") else url


def test_it_keeps_numbers_machine_readable_on_every_page(demo: None, subtests: Any) -> None:
    reached: set[str] = set()
    for language in LANGUAGES:
        with subtests.test(persona="visitor", language=language):
            found = _visitor_problems(_client(language), reached)
            assert not found, "\n".join(sorted(found))
    for username in [spec.username for spec in LOGINS] + [PARTICIPANT_LOGIN]:
        for language in LANGUAGES:
            with subtests.test(persona=username, language=language):
                client = _client(language)
                client.force_login(User.objects.get(username=username))
                found = set()
                for name, url, html in _pages(client):
                    reached.add(name)
                    found |= {f"{url}: {problem}" for problem in problems(html)}
                assert not found, "\n".join(sorted(found))
    never = set(_page_names()) - reached
    assert not never, f"No persona reached these pages, so their numbers went unchecked: {sorted(never)}"


def _client(language: str) -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _visitor_problems(client: Client, reached: set[str]) -> set[str]:
    # An expired or forged reset link shows the reset page too.
    urls = [reverse(name) for name in VISITOR_PAGES] + ["/accounts/reset/MQ/not-a-token/", _safety_reply_path()]
    found = set()
    for url in urls:
        reached.add(_name_of(url) or url)
        found |= {f"{url}: {problem}" for problem in problems(client.get(url).content.decode())}
    return found
