"""``gwr serve``: the ledger as a small web application on the office
intranet (``gwr_cli.web``, loaded by name only when it runs), and
``gwr serve tokens``: the secret links that let units in."""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer

from gwr_cli.cli.base import chinese_commands, new_app
from gwr_cli.cli.commands.progress_common import DbOpt, _ledger, _reporter
from gwr_cli.cli.options import Doc, listing
from gwr_cli.cli.output import note, write
from gwr_cli.errors import UsageError

HELP = """在办公内网上提供工作台账网页：各单位用督查室发的链接登录，只填本单位的任务；
督查室看全部、销号、下载台账。

\b
  gwr serve tokens --period 2026-06 --url http://10.1.2.3:8750   每个单位一个链接（另有督查室的）
  gwr serve --host 0.0.0.0 --port 8750                           启动（Ctrl+C 停止）
  gwr serve --check                                              只检查配置和数据库
"""

app = new_app()
serve_app = new_app(help=HELP, invoke_without_command=True)
app.add_typer(serve_app, name="serve")

HostOpt = Annotated[str, typer.Option("--host", help="监听地址（0.0.0.0：本机所有网卡）")]
PortOpt = Annotated[int, typer.Option("--port", help="端口", min=1, max=65535)]
HttpsOpt = Annotated[
    bool, typer.Option("--https", help="经 https 反向代理提供：Cookie 只经 https 发送")
]

CheckOpt = Annotated[bool, typer.Option("--check", help="检查文档、数据库和网页模板后退出")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON 输出：每个单位的名称和链接")]


def _web() -> Any:
    return importlib.import_module("gwr_cli.web.app")  # the web layer, by name (see COMMANDS)


@serve_app.callback()
@listing(output=False)
def serve(
    ctx: typer.Context,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8750,
    https: HttpsOpt = False,
    check: Annotated[
        bool, typer.Option("--check", help="检查文档、数据库和网页模板后退出")
    ] = False,
    db: DbOpt = None,
    *,
    doc: Doc,
) -> None:
    """启动台账网页（默认只在本机 127.0.0.1:8750）。"""
    if ctx.invoked_subcommand is not None:
        ctx.obj = doc
        return
    prepared = doc.load()
    web = _web()
    with _ledger(db) as ledger:
        application = web.build(ledger, prepared, https=https)
        problems = web.check(application)
        if problems:
            raise UsageError("；".join(problems))
        if check:
            note(f"配置正常：{prepared.title}，{len(prepared.tasks)} 项任务，数据库已就绪")
            return
        note(f"gwr serve：http://{host}:{port}/ （Ctrl+C 停止）")
        web.run(application, host, port, https)


@serve_app.command("tokens")
def tokens(
    ctx: typer.Context,
    period: Annotated[
        str, typer.Option("--period", "-p", help="报送期：2026-06、2026Q2、2026H1")
    ] = "",
    url: Annotated[
        str, typer.Option("--url", help="单位打开的网址（反向代理后的地址）")
    ] = "http://127.0.0.1:8750",
    revoke: Annotated[
        str | None,
        typer.Option("--revoke", help="收回一个单位的全部链接（督查室的：--revoke 督查室）"),
    ] = None,
    dept: Annotated[
        str | None, typer.Option("--dept", help="只给这个单位重发链接（旧链接随即失效）")
    ] = None,
    json_out: JsonOpt = False,
    by: Annotated[str | None, typer.Option("--by", help="签发人（默认：当前登录用户）")] = None,
    db: DbOpt = None,
) -> None:
    """签发登录链接：每个单位一个、督查室一个（再次签发即收回旧链接）；或 --revoke 收回。

    示例：gwr serve tokens --period 2026-06 --json > 链接.json
    """
    from gwr_cli.ledger import access, periods, plan

    doc: Doc = ctx.obj if isinstance(ctx.obj, Doc) else Doc()
    prepared = doc.load()
    if revoke is not None:
        name = revoke.strip()
        if name != access.OFFICE:
            name = plan.find_unit(prepared, name).name
        with _ledger(db) as ledger:
            count = access.revoke(ledger, name)
        note(f"已收回 {name} 的 {count} 个链接")
        return
    if not period.strip():
        raise UsageError("请用 --period 指明报送期，如 2026-06")
    key = periods.parse(period).key
    if dept is None:
        units, office = [u.name for u in plan.ledger_units(prepared)], True
    elif dept.strip() == access.OFFICE:
        units, office = [], True
    else:
        units, office = [plan.find_unit(prepared, dept).name], False
    with _ledger(db) as ledger:
        issued = access.issue(ledger, units, key, _reporter(by), office=office)
    base = url.rstrip("/")
    rows = [
        {"unit": unit, "office": office, "period": key, "link": f"{base}/login/{secret}"}
        for unit, office, secret in issued
    ]
    if json_out:
        import json

        write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for row in rows:
        write(f"{row['unit']}\t{row['link']}\n")
    note(f"已签发 {len(rows)} 个链接（{key}）；链接即密码，请分别发给各单位")


chinese_commands(serve_app)
