"""Every persona's menu names each of its pages differently, in each language:
a worker shown two links both called "Data saya" cannot tell their record
from their privacy rights."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client

from tests.cast import PERSONAS, Cast

MENU = re.compile(r'<nav class="menu"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r"<a [^>]*>(.*?)</a>", re.S)


def menu_labels(html: str) -> list[str]:
    found = MENU.search(html)
    assert found is not None, "no menu on the page"
    return [" ".join(re.sub(r"<[^>]+>", "", label).split()) for label in LINK.findall(found.group(1))]


@pytest.mark.parametrize("language", ["id", "en", "ja"])
@pytest.mark.parametrize("persona", [persona for persona in PERSONAS if persona != "outsider"])
def test_a_menu_names_each_page_differently(client: Client, cast: Cast, persona: str, language: str) -> None:
    client.force_login(getattr(cast, persona))
    client.cookies["django_language"] = language
    labels = menu_labels(client.get("/").content.decode())
    assert labels
    assert [label for label, times in Counter(labels).items() if times > 1] == []
