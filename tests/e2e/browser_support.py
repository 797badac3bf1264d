"""What the browser tests share: the service in a thread of the test process, one Chromium per
worker process lent to each test, and the login form.

The service is the app ``uvicorn api.app:create_app --factory`` builds, with the settings the
environment gives it and the test's database and files folder, served by uvicorn on a port of
its own. It runs in a thread rather than a process of its own, so it does not import everything
again for each test; it hashes passwords at the test process's argon2 cost (``tests/conftest.py``:
no browser test depends on the cost). ``workshops serve`` itself is started as a process by
``tests/e2e/test_dashboard_browser.py`` and ``dev.py run`` by ``tests/e2e/test_first_run.py``.

Playwright drives Debian's Chromium (``/usr/bin/chromium``); nothing is downloaded. A test
borrows the worker's browser (the ``chromium`` fixture) for a block of its own, with no context
open, and opens contexts of its own (each its own cookies and storage); whatever it leaves open
is closed at the end of the block.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from api.app import create_app
from lifecycle.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(database_url: str, folder: Path) -> Iterator[str]:
    """The service on ``database_url`` (stored files under ``folder/files``): its base URL."""
    settings = Settings(database_url=database_url, files_dir=folder / "files")
    # As ``workshops serve`` runs it; uvicorn's records go to the test's captured log.
    config = uvicorn.Config(create_app(settings), log_config=None, proxy_headers=False)
    server = uvicorn.Server(config)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listening.getsockname()[1]}"
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listening]}, name="service", daemon=True
    )
    thread.start()
    try:
        while not server.started:  # set once the app's start-up has run and it listens
            assert thread.is_alive(), "the service did not start (see the captured log)"
            time.sleep(0.02)
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as health:
            assert health.status == 200
        yield base
    finally:
        server.should_exit = True
        thread.join(30)
        if thread.is_alive():
            server.force_exit = True
            thread.join(10)
        listening.close()
    assert not thread.is_alive(), "the service did not stop"


class Chromium:
    """Headless Chromium, started once per worker process and lent to one test at a time.

    Playwright's sync API runs its event loop in a greenlet of this thread and, between two of
    its calls, leaves that loop marked as this thread's running loop; any other test would then
    find a running loop (``asyncio.run`` refuses to start). So the mark is set only while a test
    borrows the browser, as Playwright leaves it after each call, and cleared when it is given
    back.
    """

    def __init__(self, sync_api: Any) -> None:
        self._manager = sync_api.sync_playwright()
        self._playwright = self._manager.start()
        self._loop: asyncio.AbstractEventLoop | None = None
        try:
            self._browser = self._launch()
        except BaseException:
            self._playwright.stop()
            raise
        self._give_back()

    def _launch(self) -> Any:
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return self._playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=args
        )

    def _give_back(self) -> None:
        loop = asyncio._get_running_loop()  # Playwright's, as its last call left it
        if loop is not None:
            self._loop = loop
        asyncio._set_running_loop(None)

    @contextmanager
    def lent(self) -> Iterator[Any]:
        """The browser, with no context open, for a block of one test; its contexts closed after."""
        asyncio._set_running_loop(self._loop)
        try:
            if not self._browser.is_connected():  # a test before crashed it: a new one
                self._browser = self._launch()
            assert not self._browser.contexts
            yield self._browser
        finally:
            try:
                for context in self._browser.contexts:
                    context.close()
            finally:
                self._give_back()

    def close(self) -> None:
        asyncio._set_running_loop(self._loop)
        try:
            self._browser.close()
        finally:
            self._playwright.stop()  # ends Playwright's loop, and its mark with it


@contextmanager
def served_chromium(
    chromium: Chromium, database_url: str, folder: Path
) -> Iterator[tuple[Any, str]]:
    """The service on ``database_url`` and the worker's Chromium beside it: (browser, base URL)."""
    with serving(database_url, folder) as base, chromium.lent() as browser:
        yield browser, base


def login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")
