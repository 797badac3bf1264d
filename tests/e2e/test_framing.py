"""Issue 16: a real Chromium refuses to show the service's pages inside another site's frame.

The service runs on a port of its own; a second origin (another port) serves a page framing the
service's login form and, as a control, a page of its own. The browser shows the control and
refuses the service's page (CSP ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), so a
one-click form cannot be laid under a decoy.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.browser_support import CHROMIUM, Chromium, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _other_origin(folder: Path, service: str) -> ThreadingHTTPServer:
    """Another site: a page framing the service's login and a harmless page of its own."""
    own = '<!doctype html><meta charset="utf-8"><p id="own">本站页面</p>'
    (folder / "own.html").write_text(own, encoding="utf-8")
    (folder / "frame.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>decoy</title>'
        f'<iframe id="victim" src="{service}/login" width="600" height="400"></iframe>'
        '<iframe id="control" src="/own.html" width="200" height="100"></iframe>',
        encoding="utf-8",
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_page_framed_from_another_origin_is_refused_by_the_browser(
    fresh_database_url: str, tmp_path: Path, chromium: Chromium
) -> None:
    site = tmp_path / "decoy"
    site.mkdir()
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, service):
        decoy = _other_origin(site, service)
        try:
            page = browser.new_page()
            refusals: list[str] = []
            page.on("console", lambda message: refusals.append(message.text))
            # The same login page opened directly is a working form ...
            page.goto(f"{service}/login")
            assert page.locator("#f-username").count() == 1
            # ... framed by another origin it is not shown at all.
            page.goto(f"http://127.0.0.1:{decoy.server_address[1]}/frame.html")
            page.wait_for_load_state("load")
            control = page.frame_locator("#control").locator("#own")
            assert control.inner_text() == "本站页面"  # frames as such work
            victim = page.query_selector("#victim")
            assert victim is not None
            framed = victim.content_frame()
            assert framed is not None
            assert framed.query_selector("#f-username") is None
            assert framed.query_selector("form") is None
            assert any("frame-ancestors" in text for text in refusals), refusals
        finally:
            decoy.shutdown()
