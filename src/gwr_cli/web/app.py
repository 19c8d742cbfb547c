"""The route table and the application: ``create_app(settings)`` for tests
and for ``serve`` (uvicorn runs it)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gwr_cli.web import office, report, units_pages
from gwr_cli.web.security import Limits
from gwr_cli.web.state import Settings, secret_key

SESSION_COOKIE = "gwr_session"
SESSION_AGE = 12 * 3600  # a working day; then the unit opens its link again


async def stylesheet(_request: Request) -> Response:
    css = files("gwr_cli.web").joinpath("static").joinpath("style.css").read_bytes()
    return Response(css, media_type="text/css; charset=utf-8")


async def no_icon(_request: Request) -> Response:
    return Response(status_code=204)  # browsers ask; there is none


ROUTES = [
    Route("/", units_pages.home),
    Route("/login/{secret}", units_pages.login),
    Route("/logout", units_pages.logout),
    Route("/task/{task_no:int}", units_pages.task_page),
    Route("/task/{task_no:int}", units_pages.submit, methods=["POST"]),
    Route("/evidence/{task_no:int}/{stored}", units_pages.evidence_file),
    Route("/office", office.dashboard),
    Route("/office/close/{task_no:int}", office.close, methods=["POST"]),
    Route("/office/extension/{task_no:int}", office.decide, methods=["POST"]),
    Route("/office/ledger.xlsx", office.ledger_xlsx),
    Route("/office/report.docx", report.report_docx),
    Route("/static/style.css", stylesheet),
    Route("/favicon.ico", no_icon),
]


def create_app(settings: Settings) -> Starlette:
    middleware = [
        Middleware(Limits, max_body=settings.max_body, max_upload=settings.max_upload),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie=SESSION_COOKIE,
            max_age=SESSION_AGE,
            same_site="strict",
            https_only=settings.https,
        ),
    ]
    app = Starlette(routes=ROUTES, middleware=middleware)
    app.state.settings = settings
    return app


def build(ledger: Any, prepared: Any, https: bool = False) -> Starlette:
    """The application over an open ledger and a loaded document."""
    from gwr_cli.ledger import vocab

    settings = Settings(
        ledger=ledger,
        prepared=prepared,
        words=vocab.statuses(),
        rule=vocab.light_rule(None),
        secret_key=secret_key(),
        https=https,
    )
    return create_app(settings)


def run(app: Starlette, host: str, port: int, https: bool) -> None:
    """Serve ``app`` until interrupted (uvicorn; behind a proxy it trusts the
    proxy's X-Forwarded-* headers only from the proxy's own address)."""
    import uvicorn

    uvicorn.run(
        app, host=host, port=port, log_level="warning", access_log=False,
        proxy_headers=https, server_header=False, limit_concurrency=200,
    )  # fmt: skip


def check(app: Starlette) -> list[str]:
    """What would stop the server answering: every page template compiles."""
    from gwr_cli.web.templating import _templates

    problems = []
    env = _templates().env
    for name in env.list_templates():
        try:
            env.get_template(name)
        except Exception as exc:  # a template that does not compile
            problems.append(f"网页模板 {name} 有误：{exc}")
    if not files("gwr_cli.web").joinpath("static").joinpath("style.css").is_file():
        problems.append("缺少网页样式文件 static/style.css")
    return problems
