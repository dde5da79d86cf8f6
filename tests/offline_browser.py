"""What the browser tests share: Debian's chromium launched headless, and a page opened offline
with every request routed (anything but `file://` is aborted and recorded) and every console
error or warning and page error collected. Imported by the browser tests as `offline_browser`
(tests/ is on the path); a missing chromium fails the test, saying what to install, never skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Opened:
    """A page, and what it did: errors, requests made, requests refused."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the page took to be ready, where a test measures it


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def offline_page(browser: Browser, viewport: tuple[int, int]) -> Opened:
    """A new page in an offline context, watched (see the module docstring); not loaded yet."""
    context = browser.new_context(
        offline=True, viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    opened = Opened(page)
    page.on("pageerror", lambda exc: opened.errors.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            opened.errors.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning")
            else None
        ),
    )
    page.on("request", lambda request: opened.requests.append(request.url))

    def guard(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            opened.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return opened
