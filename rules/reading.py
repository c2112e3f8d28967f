"""Reading rule parameters from plain data (the packaged TOML file, or an
administrator's copy kept as JSON) with a clear error for anything malformed."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TypeAlias

from rules.stage import Stage

JsonValue: TypeAlias = "str | int | bool | list[JsonValue] | dict[str, JsonValue] | None"
ErrorFactory: TypeAlias = Callable[[str], "RuleDataError"]


class RuleDataError(ValueError):
    """Rule data that cannot be used. The message names the place (file,
    family, version, parameter) and the problem, for whoever maintains the data."""


class Values:
    """Typed access to a mapping of parameter values. Every read names its
    place in an error; ``finish`` refuses names nobody read (a typo in the data
    must not silently leave a default in force)."""

    def __init__(self, values: object, *, where: str) -> None:
        if not isinstance(values, Mapping) or not all(isinstance(key, str) for key in values):
            raise RuleDataError(f"{where}: expected a table of named values")
        self._values: Mapping[str, object] = values
        self._read: set[str] = set()
        self.where = where

    def error(self, name: str, problem: str) -> RuleDataError:
        return RuleDataError(f"{self.where}: {name}: {problem}")

    def names(self) -> list[str]:
        return list(self._values)

    def has(self, name: str) -> bool:
        return name in self._values

    def raw(self, name: str) -> object:
        if name not in self._values:
            raise RuleDataError(f"{self.where}: {name} is missing")
        self._read.add(name)
        return self._values[name]

    def nested(self, name: str) -> Values:
        return Values(self.raw(name), where=f"{self.where}: {name}")

    def whole(self, name: str, *, minimum: int = 0) -> int:
        return whole(self.raw(name), minimum=minimum, error=lambda problem: self.error(name, problem))

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "expected a non-empty text")
        return value

    def flag(self, name: str, *, default: bool) -> bool:
        if not self.has(name):
            return default
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self.error(name, "expected true or false")
        return value

    def day(self, name: str) -> datetime.date:
        value = self.raw(name)
        if isinstance(value, datetime.datetime):
            raise self.error(name, "expected a date without a time")
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(name, f"expected a date (YYYY-MM-DD), got {value!r}")

    def items(self, name: str) -> list[object]:
        value = self.raw(name)
        if not isinstance(value, list):
            raise self.error(name, "expected a list")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        entries = self.items(name)
        if not all(isinstance(entry, str) and entry.strip() for entry in entries):
            raise self.error(name, "expected a list of non-empty texts")
        return tuple(str(entry) for entry in entries)

    def by_stage(self, name: str, *, minimum: int = 0) -> dict[Stage, int]:
        stages = self.nested(name)
        numbers = {stage: stages.whole(stage.value, minimum=minimum) for stage in Stage}
        stages.finish()
        return numbers

    def finish(self) -> None:
        unknown = sorted(set(self._values) - self._read)
        if unknown:
            raise RuleDataError(f"{self.where}: unknown {', '.join(unknown)}")


def whole(value: object, *, minimum: int, error: ErrorFactory) -> int:
    # bool is an int in Python; "true" is never a count.
    if not isinstance(value, int) or isinstance(value, bool):
        raise error(f"expected a whole number, got {value!r}")
    if value < minimum:
        raise error(f"expected at least {minimum}, got {value}")
    return value
