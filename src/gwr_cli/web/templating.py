"""Jinja2 pages from package data, every value escaped (task content is
untrusted text from a document), with what every page needs."""

from __future__ import annotations

from functools import cache
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from gwr_cli.web.security import csrf_token


@cache
def _templates() -> Any:
    import jinja2
    from starlette.templating import Jinja2Templates

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gwr_cli.web", "templates"),
        autoescape=True,  # every {{ }} is escaped, whatever the file's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    settings = request.app.state.settings
    base = {"csrf": csrf_token(request), "title": settings.prepared.title, "grant": None}
    response: HTMLResponse = _templates().TemplateResponse(
        request, name, {**base, **context}, status_code=status_code
    )
    return response


def refusal(request: Request, message: str, status_code: int) -> HTMLResponse:
    """A page that says why not (a bad link, another unit's task, a missing form token)."""
    return page(request, "message.html", {"message": message}, status_code)
