"""The deadline engine: what is due in Japan and when, computed by the
database from placements, stage periods, passports and the duty records, for
300,000 placements at once.

- ``registry``: the kinds of obligation (``Source``); ``register`` plugs in more.
- ``sources``: the built-in kinds (stage end, skill test, residence card,
  passport, monthly visit, audit, regular interview, quarterly report).
- ``sweeper``: notices for what is due, each exactly once.
- ``mail``: e-mails the new notices, each once (the notice table is the outbox).
- ``todo``: the to-do list of an organization or a person, overdue first.
"""

from __future__ import annotations

from placements.deadlines import sources as _built_in  # noqa: F401 - registers the built-in kinds
from placements.deadlines.registry import COLUMNS, JAKARTA, TOKYO, Source, register, registered, source_of, unregister
from placements.deadlines.sweeper import SweepResult, sweep, sweep_and_send

__all__ = [
    "COLUMNS",
    "JAKARTA",
    "TOKYO",
    "Source",
    "SweepResult",
    "register",
    "registered",
    "source_of",
    "sweep",
    "sweep_and_send",
    "unregister",
]
