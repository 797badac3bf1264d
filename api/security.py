"""HTTP hardening shared by pages and API: security headers, client address, the login guard.

OWASP ASVS 14.4: every response says how a browser may use it. The pages' own scripts and styles
are files under ``/static``; nothing inline, so the policy needs no 'unsafe-inline'; the API
reference (``/docs``) is such a page too, rendered on the server (no CDN, no script).
"""

from __future__ import annotations

import hmac

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.errors import unexpected_error
from lifecycle.accounts.throttle import HashGate, LoginGuard, LoginThrottle
from lifecycle.config import Settings


def local_path(target: object) -> str | None:
    """``target`` when it is a path of this site, else None: it starts with one slash, holds no
    backslash and no control character or space (a browser drops a tab or a newline from an
    address, so ``/<TAB>/elsewhere`` would lead to another site), so it is safe to go to after a
    login or from a page's script."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in target):
        return None
    return target


def same_secret(sent: object, expected: str | None) -> bool:
    """Whether ``sent`` (a form field or header, as the client sent it) is the secret
    ``expected``, compared in constant time (ASVS 11.3); anything else, or none, is not."""
    if not isinstance(sent, str) or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The printable documents (整改通知, 附件3) are self-contained pages with their print CSS inline
# (sizes computed per document); they run no script at all and load nothing.
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# Every response but the static files may hold what only a signed-in reader may see (pages,
# exports, notice PDFs, filing files, API JSON): no browser or proxy keeps a copy, so after a
# logout the Back button fetches again (and lands on the login page). OWASP ASVS 8.2.1. Pragma
# (HTTP/1.0) is left out: RFC 9111 deprecates it and no cache we meet ignores no-store.
NO_STORE = (b"cache-control", b"no-store")
STATIC_PREFIX = "/static/"
COMMON_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """Adds the security headers to every HTTP response (HSTS only when served over HTTPS,
    ``Cache-Control: no-store`` on all but the static files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        https = scope.get("scheme") == "https"
        cacheable = path.startswith(STATIC_PREFIX)

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [*COMMON_HEADERS, (b"content-security-policy", CSP.encode())]
                if not cacheable:
                    extra.append(NO_STORE)
                if https:
                    extra.append((b"strict-transport-security", HSTS.encode()))
                headers.extend((k, v) for k, v in extra if k not in present)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            # Inside the headers, unlike Starlette's last-resort handler: the 500 carries them too.
            response = await unexpected_error(Request(scope, receive), exc)
            await response(scope, receive, send_with_headers)


def install_security(app: FastAPI, settings: Settings) -> None:
    """Headers on every response; the client address and scheme from trusted proxies only."""
    app.state.login_guard = LoginGuard(
        LoginThrottle(),
        HashGate(settings.login_concurrent_hashes, settings.login_hash_wait_seconds),
    )
    app.add_middleware(SecurityHeaders)
    if settings.trusted_proxies:
        # Outermost: the address and scheme are settled before anything reads them.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)


def document_response(html: str) -> HTMLResponse:
    """A printable, self-contained HTML document under ``DOCUMENT_CSP``."""
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCUMENT_CSP})


def client_address(request: Request) -> str:
    """The client's address: the peer, or what a trusted proxy says (``trusted_proxies``)."""
    return request.client.host if request.client else "unknown"


def login_guard(request: Request) -> LoginGuard:
    """The app's login throttle and hash gate (one per service process)."""
    guard: LoginGuard = request.app.state.login_guard
    return guard
