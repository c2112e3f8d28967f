"""What the fuzz tests share: how many examples to run, and a tally of what
came back that ``make bench-fuzz`` reads.

Each fuzz test counts its calls and the bad answers among them (5xx, answers
that break the OpenAPI schema, rejected posts that wrote something) instead of
stopping at the first: the test fails on any bad answer, listing the first few,
and ``bench/bench_fuzz.py`` prints the totals. The suite runs few examples; the
bench sets ``JEMBATAN_FUZZ_SCALE`` to run many more with the same code.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from accounts.tests.test_post_access import World
from matching.explain import PARTS
from matching.models import ScoreWeights, Shortlist, ShortlistEntry
from tests.cast import Cast

SHOWN = int(os.environ.get("JEMBATAN_FUZZ_SHOWN", "10"))


def out_of_time() -> bool:
    """Whether the bench's wall-clock budget (JEMBATAN_FUZZ_UNTIL, epoch seconds) is spent:
    the runs then stop between operations, forms or kinds and report what they did."""
    until = os.environ.get("JEMBATAN_FUZZ_UNTIL")
    return until is not None and time.time() > float(until)


def scaled(examples: int) -> int:
    """``examples`` times JEMBATAN_FUZZ_SCALE (1 in the suite)."""
    return max(1, round(examples * float(os.environ.get("JEMBATAN_FUZZ_SCALE", "1"))))


@dataclass
class Tally:
    """Counts for one fuzz test; ``bad`` holds the first few failures, described."""

    name: str
    counts: dict[str, int] = field(default_factory=dict)
    bad: list[str] = field(default_factory=list)

    def add(self, key: str, amount: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + amount
        if sum(self.counts.values()) % 250 == 0:
            self.report()  # the bench reads the latest counts even of a run it had to stop

    def fail(self, key: str, description: str) -> None:
        self.add(key)
        if len(self.bad) < SHOWN:
            self.bad.append(f"{key}: {description}")

    def report(self) -> None:
        """Writes the counts to JEMBATAN_FUZZ_REPORT.<name>, when the bench asks for them."""
        target = os.environ.get("JEMBATAN_FUZZ_REPORT")
        if target:
            Path(f"{target}.{self.name}").write_text(json.dumps(asdict(self)), encoding="utf-8")


def fuzz_world(cast: Cast) -> World:
    """The world of accounts/tests/test_post_access.py: a record of each kind a page names.

    Its shortlist is made by hand with empty weights and parts, which the engine
    never writes (matching.actions stores the current weights and a value per
    part): made real here, so that a page or call reading it reads what the
    system can hold.
    """
    world = World(cast)
    Shortlist.objects.filter(pk=world.entry.shortlist_id).update(weights=ScoreWeights.objects.current().as_dict())
    ShortlistEntry.objects.filter(pk=world.entry.pk).update(parts=[0.5] * len(PARTS))
    return world
