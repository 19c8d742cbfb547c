"""The Typer application: settings, Chinese help pages, and the one place
where a project error raised inside a command becomes a message and an exit
code (also in-process, under CliRunner)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer._click.core import Context
from typer.core import TyperCommand, TyperGroup

from gwr_cli.cli.helpformat import ChineseContext
from gwr_cli.cli.i18n import show_version
from gwr_cli.errors import GwrError

HELP = """政府工作报告重点工作分工查询：本单位牵头哪些、配合哪些、承诺了什么。

\b
示例：
  gwr list --dept 区财政局             本单位牵头和配合的任务
  gwr list --dept 财政 --role 牵头     只看牵头的任务
  gwr list --dept 拉堡镇 --json        含“各镇”分给本镇的任务，JSON 输出
  gwr search 螺蛳粉                    按相关度查找任务（容错、同义词）
  gwr show 34                          一项任务的全部内容
  gwr dept 区财政局                    本单位的责任卡片
  gwr targets --dept 工信              量化目标
  gwr check --source 新文件.docx       发文前检查
"""


class ChineseHelp:
    """Help pages in Chinese, the framework's own words included, wrapped by
    Chinese line-breaking rules (``helpformat``)."""

    context_class: type[Context] = ChineseContext

    def get_params(self, ctx: Any) -> list[Any]:
        from gwr_cli.cli.completion import ANY_PART, any_part
        from gwr_cli.cli.i18n import HELP_TEXTS, install_completion

        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if param.name in ANY_PART:  # --dept 财 → 区财政局 (Typer wants a prefix)
                param._custom_shell_complete = any_part(ANY_PART[param.name])
            help_text = getattr(param, "help", None)
            if help_text in HELP_TEXTS:
                param.help = HELP_TEXTS[help_text]
            if param.name == "install_completion":  # says so in Chinese
                param.callback = install_completion
        return params

    def get_usage(self, ctx: Any) -> str:
        from gwr_cli.cli.i18n import chinese_help

        return chinese_help(super().get_usage(ctx))  # type: ignore[misc]

    def get_help(self, ctx: Any) -> str:
        from gwr_cli.cli.i18n import chinese_help

        return chinese_help(super().get_help(ctx))  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        """A command's line in the list of commands: the first sentence of its
        help, whole.  Click shortens at spaces, and a Chinese sentence has none,
        so one longer than ``limit`` became "..."; the formatter wraps it."""
        if getattr(self, "short_help", None) or not getattr(self, "help", None):
            return str(super().get_short_help_str(limit))  # type: ignore[misc]
        from gwr_cli.cli.helpformat import first_sentence

        return first_sentence(str(self.help))  # type: ignore[attr-defined]


class Command(ChineseHelp, TyperCommand):
    pass


class Group(ChineseHelp, TyperGroup):
    """Turns a project error raised by any command into one stderr line and
    its exit code, in-process (CliRunner) as well as from ``main``; warnings
    core code gives (``GwrWarning``) become ``gwr: 提示：…`` lines."""

    def invoke(self, ctx: Any) -> Any:
        import warnings

        from gwr_cli.errors import GwrWarning

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", GwrWarning)
            try:
                return super().invoke(ctx)
            except GwrError as exc:
                from gwr_cli.cli.i18n import one_line
                from gwr_cli.cli.streams import discard_stdout, say
                from gwr_cli.errors import OutputError

                if isinstance(exc, OutputError):
                    discard_stdout()  # what is still buffered cannot be written either
                say(f"gwr: {one_line(str(exc))}\n")
                raise typer.Exit(exc.exit_code) from None
            finally:
                _tell(caught)


def _tell(caught: list[Any]) -> None:
    """Print the project's warnings as notes; show any other as Python would."""
    import warnings

    from gwr_cli.errors import GwrWarning

    said: set[str] = set()
    for item in caught:
        if issubclass(item.category, GwrWarning):
            from gwr_cli.cli.i18n import one_line
            from gwr_cli.cli.streams import say

            text = one_line(str(item.message))
            if text not in said:  # once, however many places it applies to
                said.add(text)
                say(f"gwr: 提示：{text}\n")
        else:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)


SETTINGS: dict[str, Any] = {
    "cls": Group,
    "add_completion": True,
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


def root_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="显示版本并退出",
            is_eager=True,
            callback=show_version,
        ),
    ] = False,
) -> None:
    """The options of ``gwr`` itself (before a command)."""


def new_app(help: str | None = HELP, **settings: Any) -> typer.Typer:
    """A Typer app (or sub-app) with gwr's settings: Chinese help, one error boundary."""
    return typer.Typer(**{**SETTINGS, "help": help, **settings})


def chinese_commands(app: typer.Typer) -> typer.Typer:
    """Every command of ``app`` writes its help page in Chinese."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):  # Typer's default
            info.cls = Command
    return app
