"""What a phone downloads on its first visit to a page: the HTML and every
stylesheet and script it links, each compressed as the server sends it
(gzip; whitenoise serves the static files pre-compressed, the proxy the
HTML). Images and fonts: the participant's pages load none."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

_LINKED = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(?P<url>[^"]+)"')


@dataclass(frozen=True)
class Weight:
    html: int
    assets: dict[str, int]

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())

    def __str__(self) -> str:
        parts = ", ".join(f"{name} {size}" for name, size in sorted(self.assets.items()))
        return f"{self.total} bytes compressed (HTML {self.html}; {parts})"


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def first_visit(html: str) -> Weight:
    """The compressed bytes of ``html`` and of each static file it links."""
    assets: dict[str, int] = {}
    for match in _LINKED.finditer(html):
        url = match.group("url")
        if not url.startswith(settings.STATIC_URL):
            raise AssertionError(f"{url}: a page for phones loads nothing from elsewhere")
        name = url.removeprefix(settings.STATIC_URL).split("?")[0]
        found = finders.find(name)
        if not isinstance(found, str):
            raise AssertionError(f"{name}: linked but not a static file")
        assets[name] = compressed(Path(found).read_bytes())
    return Weight(html=compressed(html.encode()), assets=assets)
