"""What the ``gwr progress`` commands share: the group, its options, and
small helpers (opening the ledger, periods, who reports)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gwr_cli.cli.base import new_app
from gwr_cli.errors import UsageError

if TYPE_CHECKING:
    import datetime

    from gwr_cli.ledger.db import Ledger
    from gwr_cli.ledger.periods import Period

HELP = """工作台账：各单位按报送期填报任务进展，自动算序时进度、亮灯、查漏报。

\b
一个月的流程：
  gwr progress template --all -o 6月台账/ --period 2026-06   每个单位一个 Excel 模板
  gwr progress import 6月台账/*.xlsx --dry-run              先预览，再去掉 --dry-run 导入
  gwr progress status --light 红                            亮红灯的任务
  gwr progress missing --period 2026-06                     谁还没报
  gwr progress extensions                                   待审批的延期申请
  gwr progress close 34 --reason 经核验已完成                销号
  gwr progress history 34                                   一项任务的全部填报记录
  gwr progress report -p 2026H1 -o 上半年报告.docx          推进情况报告（公文格式）
"""

app = new_app()
progress_app = new_app(help=HELP)
app.add_typer(progress_app, name="progress")

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="台账数据库：SQLite 文件，或 postgresql://用户:密码@主机/库名"
        "（默认：数据目录中的 ledger.db；也可设环境变量 GWR_DB）",
    ),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period", "-p", help="报送期：2026-06（月）、2026Q2（季度）、2026H1（半年）；默认本月"
    ),
]
ByOpt = Annotated[str | None, typer.Option("--by", help="填报人（默认：当前登录用户）")]
LightsOpt = Annotated[
    str | None, typer.Option("--lights", help="亮灯规则名称（见 lights.yaml，默认 default）")
]
TaskArg = Annotated[int, typer.Argument(help="任务序号", metavar="序号")]


@contextmanager
def _ledger(db: str | None) -> Iterator[Ledger]:
    """The ledger opened (and migrated when needed) for one command, closed after."""
    from gwr_cli.ledger.db import open_ledger

    ledger = open_ledger(db)
    try:
        yield ledger
    finally:
        ledger.close()


def _reader(db: str | None) -> Any:
    from gwr_cli.ledger.reader import open_reader

    return open_reader(db)


def _period(value: str | None, today: datetime.date) -> Period:
    from gwr_cli.ledger import periods

    return periods.parse(value) if value is not None else periods.current(today)


def _reporter(value: str | None) -> str:
    if value and value.strip():
        return value.strip()
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers, services)
        return "未署名"


def _number(value: str | None, option: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        return float(value.strip().rstrip("%％"))
    except ValueError:
        raise UsageError(f"{option} 应为数字，却是“{value}”") from None
