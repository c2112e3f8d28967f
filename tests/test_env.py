"""The environment readers behind config/settings.py: a bad value stops start-up
with a message that names the variable, instead of falling back silently."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_required, env_str

NAME = "JEMBATAN_TEST_VARIABLE"


@pytest.fixture(autouse=True)
def unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NAME, raising=False)


class TestEnvStr:
    def test_it_returns_the_default_when_unset(self) -> None:
        assert env_str(NAME, "fallback") == "fallback"

    def test_it_returns_the_value_when_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, "value")
        assert env_str(NAME, "fallback") == "value"


class TestEnvRequired:
    def test_it_returns_the_value(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, "s3cret")
        assert env_required(NAME) == "s3cret"

    @pytest.mark.parametrize("value", [None, ""])
    def test_it_refuses_a_missing_or_empty_value(self, monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
        if value is not None:
            monkeypatch.setenv(NAME, value)
        with pytest.raises(ImproperlyConfigured, match=NAME):
            env_required(NAME)


class TestEnvBool:
    @pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " yes "])
    def test_it_reads_true(self, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
        monkeypatch.setenv(NAME, value)
        assert env_bool(NAME, default=False) is True

    @pytest.mark.parametrize("value", ["0", "false", "FALSE", "no", "off"])
    def test_it_reads_false(self, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
        monkeypatch.setenv(NAME, value)
        assert env_bool(NAME, default=True) is False

    @pytest.mark.parametrize("default", [True, False])
    def test_it_returns_the_default_when_unset(self, default: bool) -> None:
        assert env_bool(NAME, default=default) is default

    @pytest.mark.parametrize("default", [True, False])
    def test_it_treats_a_blank_value_as_unset(self, monkeypatch: pytest.MonkeyPatch, default: bool) -> None:
        monkeypatch.setenv(NAME, " ")
        assert env_bool(NAME, default=default) is default

    @pytest.mark.parametrize("value", ["maybe", "2", "y", "enabled"])
    def test_it_refuses_anything_else_naming_the_variable(self, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
        monkeypatch.setenv(NAME, value)
        with pytest.raises(ImproperlyConfigured, match=rf"{NAME}='{value}' is not a boolean"):
            env_bool(NAME, default=False)


class TestEnvInt:
    def test_it_reads_a_whole_number(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, " 600 ")
        assert env_int(NAME, default=0) == 600

    def test_it_reads_a_negative_number(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, "-1")
        assert env_int(NAME, default=0) == -1

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_it_returns_the_default_when_unset_or_blank(
        self, monkeypatch: pytest.MonkeyPatch, value: str | None
    ) -> None:
        if value is not None:
            monkeypatch.setenv(NAME, value)
        assert env_int(NAME, default=42) == 42

    @pytest.mark.parametrize("value", ["ten", "1.5", "8h", "0x10"])
    def test_it_refuses_a_bad_number_naming_the_variable(self, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
        monkeypatch.setenv(NAME, value)
        with pytest.raises(ImproperlyConfigured, match=rf"{NAME}='{value}' is not a whole number"):
            env_int(NAME, default=0)


class TestEnvList:
    def test_it_splits_on_commas_and_trims(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, " a.example.org, b.example.org ,c")
        assert env_list(NAME, default=[]) == ["a.example.org", "b.example.org", "c"]

    def test_it_drops_empty_items(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, "a,,b,")
        assert env_list(NAME, default=[]) == ["a", "b"]

    def test_it_reads_an_empty_value_as_an_empty_list(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(NAME, "")
        assert env_list(NAME, default=["fallback"]) == []

    def test_it_returns_the_default_when_unset(self) -> None:
        assert env_list(NAME, default=["localhost"]) == ["localhost"]
