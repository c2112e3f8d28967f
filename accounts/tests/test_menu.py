"""Every persona's menu names each of its pages differently, in each language:
a worker shown two links both called "Data saya" cannot tell their record
from their privacy rights."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client

from accounts.models import Membership, Role
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


def test_someone_given_a_membership_sees_its_pages_in_the_menu_on_their_next_page(client: Client, cast: Cast) -> None:
    # Each process keeps the menus it rendered (accounts/templatetags/main_menu.py):
    # a kept menu must never outlive the rights it was rendered for.
    client.force_login(cast.outsider)
    client.cookies["django_language"] = "en"
    assert "Participants" not in menu_labels(client.get("/").content.decode())

    Membership.objects.create(user=cast.outsider, organization=cast.blk, role=Role.OFFICER)

    assert "Participants" in menu_labels(client.get("/").content.decode())


def test_the_same_menu_reads_in_each_page_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    labels: dict[str, list[str]] = {}
    for language in ("id", "ja", "id"):
        client.cookies["django_language"] = language
        labels[language] = menu_labels(client.get("/").content.decode())

    assert "Peserta" in labels["id"]
    assert "参加者" in labels["ja"]
    assert "Peserta" not in labels["ja"]
