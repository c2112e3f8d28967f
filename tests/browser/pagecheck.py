"""What every page must hold on a phone, measured in the browser: no sideways
scrolling, tap targets of at least 44 px, and no serious or critical finding
of axe-core (bundled by axe-playwright-python, so nothing is fetched)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import BrowserContext, Page

# WCAG 2.5.5 (AAA) and the platforms' guidelines: 44 CSS px, the size of a fingertip.
TAP_TARGET_PX = 44
# axe-core's impact levels that fail a page; "moderate" and "minor" are left to review.
FAILING_IMPACTS = {"serious", "critical"}

# Controls a finger must hit. Links inside sentences and table cells are exempt
# (WCAG 2.5.8 excepts inline targets); links in a navigation bar are not. A
# checkbox or radio button is hit through its label as well, so the larger counts.
_SMALL_TARGETS_JS = """
(minimum) => {
  const selector = 'button, summary, select, textarea, input:not([type=hidden]), a.button, nav a';
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    const targets = [element, ...(element.labels || [])];
    const boxes = targets.map(target => target.getBoundingClientRect());
    // Not rendered (a closed menu) or visually hidden for screen readers only.
    if (boxes.every(box => box.width <= 1 || box.height <= 1) || getComputedStyle(element).visibility === 'hidden') {
      continue;
    }
    if (!boxes.some(box => box.width >= minimum - 0.5 && box.height >= minimum - 0.5)) {
      const name = (element.innerText || element.value || element.name || '').trim().slice(0, 40);
      const box = boxes[boxes.length - 1];
      small.push(`${element.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""

# axe's colour-contrast rule takes most of its time on a long list. A table row
# styled exactly like an earlier one (the same elements with the same classes)
# has the same colours, so it is marked and left out of that rule only.
_MARK_SAME_LOOK_JS = """
() => {
  const looks = new Set();
  for (const row of document.querySelectorAll('tbody > tr')) {
    const parts = new Set([row, ...row.querySelectorAll('*')].map(e => `${e.tagName}.${e.getAttribute('class')}`));
    const look = [...parts].sort().join(' ');
    if (looks.has(look)) row.setAttribute('data-same-look', '');
    looks.add(look);
  }
}
"""
_AXE_JS = """
async () => {
  const violations = {resultTypes: ['violations']};
  const every = await axe.run(document, {...violations, rules: {'color-contrast': {enabled: false}}});
  const contrast = await axe.run({exclude: [['[data-same-look]']]}, {...violations, runOnly: ['color-contrast']});
  return [...every.violations, ...contrast.violations];
}
"""


# The innermost elements that stick out past the screen or overflow their own box.
_TOO_WIDE_JS = """
(width) => {
  const wide = [...document.querySelectorAll('body *')].filter(element => {
    const box = element.getBoundingClientRect();
    return box.right > width + 0.5 || element.scrollWidth > element.clientWidth + 1 && box.width > 0;
  });
  return wide.filter(element => !wide.some(other => other !== element && element.contains(other))).slice(0, 3)
    .map(element => `${element.tagName.toLowerCase()}.${element.className} "${element.innerText.trim().slice(0, 40)}"`);
}
"""


# Words (or the parts of a hyphenated word) that the browser split over two lines.
_BROKEN_WORDS_JS = """
(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const match of node.data.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""


def broken_words(page: Page, selector: str) -> list[str]:
    """The words inside ``selector`` that wrap in their middle ("mengundurka / n")."""
    found: list[str] = page.evaluate(_BROKEN_WORDS_JS, selector)
    return found


def scroll_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def too_wide(page: Page, width: int) -> str:
    wide: list[str] = page.evaluate(_TOO_WIDE_JS, width)
    return "; ".join(wide)


def open_every_fold(page: Page) -> None:
    """Open the menu and every folded filter, so what they hide is measured too."""
    page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })")


def small_targets(page: Page) -> list[str]:
    found: list[str] = page.evaluate(_SMALL_TARGETS_JS, TAP_TARGET_PX)
    return found


def load_axe(context: BrowserContext) -> None:
    """Gives every page the context opens axe-core, sent to the browser once
    rather than with every page (it is half a megabyte)."""
    context.add_init_script(script=AXE_SCRIPT)


def axe_failures(page: Page) -> list[str]:
    """Needs ``load_axe`` on the page's context."""
    page.evaluate(_MARK_SAME_LOOK_JS)
    violations: list[dict[str, Any]] = page.evaluate(_AXE_JS)
    return [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in violations
        if violation["impact"] in FAILING_IMPACTS
    ]


def phone_problems(page: Page, *, width: int) -> list[str]:
    """Everything wrong with the page as shown, then with its folds open."""
    problems = []
    if (closed := scroll_width(page)) > width:
        problems.append(f"{closed} px wide with its folds closed: {too_wide(page, width)}")
    open_every_fold(page)
    if (opened := scroll_width(page)) > width:
        problems.append(f"{opened} px wide with its folds open: {too_wide(page, width)}")
    problems += [f"tap target under {TAP_TARGET_PX} px: {target}" for target in small_targets(page)]
    problems += axe_failures(page)
    return problems
