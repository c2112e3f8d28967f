"""The reference pages, read in each reader's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from reference import manifest
from tests.cast import Cast


@pytest.fixture
def loaded(cast: Cast) -> None:
    manifest.load_all()


def reader(cast: Cast, persona: str, language: str) -> Client:
    client = Client()
    client.force_login(getattr(cast, persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_japanese_reader_reads_the_trades_in_japanese_with_the_indonesian_name_beside(
    cast: Cast, loaded: None
) -> None:
    page = reader(cast, "company_officer", "ja").get("/reference/programmes/").content.decode()

    assert '<span class="mono">LAS</span> 溶接 <span class="muted" lang="id">Teknik Las</span>' in page
    assert (
        '<span class="mono">CGV</span> 介護 <span class="muted" lang="id">Perawatan Lansia (Caregiver)</span>' in page
    )
    assert "<li>建設</li>" in page  # SSW fields in Japanese, nothing beside them


def test_an_indonesian_reader_reads_the_trades_as_named_and_the_ssw_fields_in_indonesian(
    cast: Cast, loaded: None
) -> None:
    page = reader(cast, "lpk_officer", "id").get("/reference/programmes/").content.decode()

    assert '<span class="mono">LAS</span> Teknik Las</td>' in page
    assert '<li>Konstruksi <span class="muted" lang="ja">建設</span></li>' in page


def test_an_indonesian_reader_reads_the_job_categories_in_indonesian_with_the_japanese_beside(
    cast: Cast, loaded: None
) -> None:
    page = reader(cast, "lpk_officer", "id").get("/reference/job-categories/").content.decode()

    assert 'Pertanian budidaya tanaman <span class="muted" lang="ja">耕種農業</span>' in page
    assert '<span class="mono">7-7-1</span> Pengelasan manual <span class="muted" lang="ja">手溶接</span>' in page


def test_a_japanese_reader_reads_the_job_categories_in_japanese_only(cast: Cast, loaded: None) -> None:
    page = reader(cast, "company_officer", "ja").get("/reference/job-categories/").content.decode()

    assert '<span class="mono">7-7-1</span> 手溶接</li>' in page
    assert "Pengelasan" not in page
    assert "Manual welding" not in page
