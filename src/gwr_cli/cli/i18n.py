"""The framework's English turned into Chinese: help pages, usage errors."""

from __future__ import annotations

import re
from typing import Any

HELP_TEXTS = {  # help of the options click and Typer add themselves
    "Show this message and exit.": "显示帮助并退出",
    "Install completion for the current shell.": "为当前 shell 安装命令补全",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本（可复制或自行安装）"
    ),
}
_HELP_WORDS = [  # the words click and Typer write into every help page
    (r"^Usage: ", "用法："),
    (r"^Options:$", "选项："),
    (r"^Arguments:$", "参数："),
    (r"^Commands:$", "命令："),
    (r"\[OPTIONS\]", "[选项]"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
    (r"\[required\]", "[必填]"),
    (r"\[default:\s+", "[默认："),
]
_CLICK_ENGLISH = (  # click messages without a structured form → Chinese
    (r"No such command '(.*?)'\.? Did you mean '(.*?)'\?", "没有命令“{0}”，是否指：{1}？"),
    (r"No such command '(.*?)'", "没有命令“{0}”"),
    (r"unexpected extra argument(?:s|\(s\))? \((.*)\)", "多余的参数：{0}"),
    (r"Option '(.*)' requires an argument", "选项 {0} 需要一个值"),
    (r"Option '(.*)' does not take a value", "选项 {0} 不接受值"),
    (r"^['\"](.*)['\"] is not a valid (?:int|integer)", "应为整数，却是“{0}”"),
    (r"^['\"](.*)['\"] is not a valid float", "应为数字，却是“{0}”"),
    # typer's and click's checks of a path given as an option
    (r"^(?:File|Path|Directory) ['\"](.*)['\"] is not readable", "无法读取“{0}”（没有读取权限）"),
    (r"^(?:File|Path|Directory) ['\"](.*)['\"] is not writable", "无法写入“{0}”（没有写入权限）"),
    (r"^(?:File|Path|Directory) ['\"](.*)['\"] does not exist", "“{0}”不存在"),
    (r"^(?:File|Path|Directory) ['\"](.*)['\"] is a directory", "“{0}”是一个目录，不是文件"),
    (r"^(?:File|Path|Directory) ['\"](.*)['\"] is a file", "“{0}”是文件，不是目录"),
)


def chinese_help(text: str) -> str:
    """A help page with click's and Typer's own words in Chinese."""
    for pattern, replacement in _HELP_WORDS:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    return text


def one_line(message: str) -> str:
    """Control and format characters (line breaks, ESC, bidi overrides from
    a hostile file) shown escaped; a huge value (a 100 KB option) cut in the
    middle."""
    import unicodedata

    if len(message) > 400:
        message = message[:200] + " … " + message[-150:]
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in message
    )


def usage_message(exc: Any) -> str:
    """A click/typer usage error as one Chinese line saying where help is."""
    from typer._click import exceptions as click_exc

    english = str(getattr(exc, "message", "") or exc.format_message())
    message = english
    for pattern, chinese in _CLICK_ENGLISH:
        match = re.search(pattern, english)
        if match:
            message = chinese.format(*match.groups())
            break
    param = getattr(exc, "param", None)
    name = None
    if param is not None:
        name = param.opts[0] if param.param_type_name == "option" else param.human_readable_name
    if isinstance(exc, click_exc.NoSuchOption):
        message = f"未知选项 {exc.option_name}"
        if exc.possibilities:
            message += f"，是否指：{'、'.join(sorted(exc.possibilities))}？"
    elif isinstance(exc, click_exc.MissingParameter):
        message = f"缺少{'选项' if name and name.startswith('-') else '参数'} {name or ''}".strip()
    elif isinstance(exc, click_exc.BadParameter) and name:
        message = f"{name} {message}" if message != english else f"{name} 的值无效：{english}"
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "gwr"
    return f"{message}（用 {path} -h 查看用法）"


def install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """``--install-completion``, saying in Chinese what Typer says in English."""
    import sys

    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    sys.stdout.write(f"已为 {shell} 安装命令补全：{path}\n重新打开终端后生效。\n")
    raise SystemExit(0)


def show_version(ctx: Any, param: Any, value: Any) -> Any:
    """``gwr --version``."""
    import sys

    from gwr_cli import __version__

    if not value or ctx.resilient_parsing:
        return value
    sys.stdout.write(f"gwr {__version__}\n")
    raise SystemExit(0)
