"""Sessions, CSRF and limits.

- A link's secret is exchanged once for a session (Starlette's signed
  cookie: HttpOnly, SameSite=Strict, Secure behind https); the session holds
  the link's id, checked against the ledger on every request, so revoking a
  link ends its sessions.
- Every form carries the session's CSRF token; a POST without it is refused.
- A request body over the limit is refused (413) before it is read whole.
- Every answer says: no caching, no framing, no referrer (the link's secret
  must not leak), only gwr's own assets (Content-Security-Policy)."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gwr_cli.ledger import access

HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
]


class Limits:
    """ASGI middleware: the body size limit (larger for a task's form, which
    may carry one evidence file) and the response headers."""

    def __init__(self, app: ASGIApp, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload if scope["path"].startswith("/task/") else self.max_body
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        try:
            await self.app(scope, limited, with_headers)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = "提交的内容过大，请精简后再提交".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


def start_session(request: Request, grant: access.Grant) -> None:
    request.session.clear()
    request.session["tid"] = grant.token_id
    request.session["csrf"] = secrets.token_urlsafe(24)


async def current_grant(request: Request) -> access.Grant | None:
    """The grant of the request's session, if its link still works."""
    token_id = request.session.get("tid")
    if not isinstance(token_id, int):
        return None
    settings = request.app.state.settings
    grant: access.Grant | None = await run_in_threadpool(
        access.grant_by_id, settings.ledger, token_id
    )
    return grant


def csrf_token(request: Request) -> str:
    return str(request.session.get("csrf", ""))


def csrf_ok(request: Request, form: Any) -> bool:
    expected = csrf_token(request)
    given = form.get("csrf")
    return bool(expected) and isinstance(given, str) and hmac.compare_digest(expected, given)
