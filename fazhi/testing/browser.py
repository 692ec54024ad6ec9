"""Fixtures that drive the real Chromium (Debian's ``/usr/bin/chromium``) with Playwright.

Tests using them are marked ``@pytest.mark.browser``. Without Chromium they are
skipped, unless ``FAZHI_REQUIRE_BROWSER=1`` (CI), where a missing browser fails.
Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Checks every page against a few WCAG basics: a language, one h1, a name for
# every form control and button, and alternative text on every image.
A11Y_CHECK = """
() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("<html> has no lang");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) problems.push(`${h1} <h1> elements`);
  const named = (el) => {
    if (el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")) return true;
    if (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) return true;
    if (el.closest("label")) return true;
    return !!el.getAttribute("title");
  };
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    if (!named(el)) problems.push(`unlabelled ${el.tagName.toLowerCase()} name=${el.name}`);
  }
  for (const el of document.querySelectorAll("button, a[href]")) {
    if (!(el.textContent.trim() || el.getAttribute("aria-label"))) {
      problems.push(`${el.tagName.toLowerCase()} without a name: ${el.outerHTML.slice(0, 80)}`);
    }
  }
  for (const img of document.querySelectorAll("img:not([alt])")) {
    problems.push(`image without alt: ${img.src}`);
  }
  if (!document.querySelector("main#main")) problems.push("no <main id=main>");
  return problems;
}
"""


def accessibility_problems(page: Any) -> list[str]:
    """Run :data:`A11Y_CHECK` on the page and return what it found.

    Waits for the document first: right after a click the new page may not
    have a document element yet.
    """
    page.wait_for_load_state("domcontentloaded")
    return list(page.evaluate(A11Y_CHECK))


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under ``var/screenshots/`` for a human look."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("FAZHI_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()
