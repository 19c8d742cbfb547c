"""The web report in real Chromium (Debian's /usr/bin/chromium, driven by
Playwright; no browser download): it finds what the CLI finds — units by any
spelling (住建 → 区住房城乡建设局), several words, synonyms, typos — with no
network, and reads well at desktop (1280 px) and phone (390 px) width.  The
screenshots are kept in test-artifacts/ for people to look at."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from gwr_cli.cli import app

from .conftest import FIXTURES, REPO

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "分工.html"
    result = CliRunner().invoke(app, ["export", "html", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Page:
    """One tab on the report; every request that is not the file itself is
    refused and recorded (the page must need no network)."""

    def __init__(self, browser: Any, report: Path, width: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.url = report.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.loaded = False

    def _route(self, route: Any) -> None:
        if route.request.url.split("#")[0] == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def open(self, dept: str = "", q: str = "") -> list[int]:
        """The report with #dept=…&q=… (loaded once, then the address's
        fragment changed, as a bookmark or a link does); the rows on show."""
        parts = [f"dept={urllib.parse.quote(dept)}"] if dept else []
        parts += [f"q={urllib.parse.quote(q)}"] if q else []
        fragment = "#" + "&".join(parts) if parts else ""
        if not self.loaded:
            self.page.goto(self.url + fragment)
            self.loaded = True
        else:
            self.page.evaluate(
                "f => { location.hash = f;"
                " window.dispatchEvent(new HashChangeEvent('hashchange')); }",
                fragment or "#dept=&q=",
            )
        ids: list[int] = self.page.evaluate(
            "Array.from(document.querySelectorAll('tr[data-id]'))"
            ".filter(r => r.offsetParent !== null).map(r => Number(r.dataset.id))"
        )
        return ids

    def text(self, selector: str) -> str:
        value: str = self.page.inner_text(selector)
        return value


def gwr_ids(*args: str) -> list[int]:
    result = CliRunner().invoke(app, ["list", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [task["id"] for task in json.loads(result.stdout)]


def test_search_finds_what_gwr_list_keyword_finds(browser: Any, report: Path) -> None:
    """Every judged query (terms, synonyms, typos, two words, unit names) and
    a few more: the rows on show are the tasks `gwr list --keyword` lists."""
    judged = yaml.safe_load((FIXTURES / "search_judged.yaml").read_text(encoding="utf-8"))
    queries = [q["query"] for q in judged["queries"]]
    queries += ["住建", "人社 就业", "螺丝粉", "污水 管网", "社保", "区财政局 债务"]
    page = Page(browser, report, 1280)
    differ = {}
    for query in queries:
        shown, listed = page.open(q=query), gwr_ids("--keyword", query)
        if shown != listed:
            differ[query] = (shown, listed)
    assert differ == {}
    assert page.requests == [] and page.errors == []


@pytest.mark.parametrize(
    "dept", ["区财政局", "财政", "住建", "区住建局", "人社", "拉堡", "区人力资源社会保障局"]
)
def test_unit_in_the_address_is_found_as_the_cli_finds_it(
    browser: Any, report: Path, dept: str
) -> None:
    page = Page(browser, report, 1280)
    assert page.open(dept=dept) == gwr_ids("--dept", dept)
    assert page.text("#count") == f"显示 {len(gwr_ids('--dept', dept))} / 62 项"


def test_unknown_or_ambiguous_unit_is_said_with_the_cli_words(browser: Any, report: Path) -> None:
    page = Page(browser, report, 1280)
    assert len(page.open(dept="区财正局")) == 62  # no filter applied
    assert page.text("#dept-note") == "未找到单位“区财正局”，是否指：区财政局？"
    cli = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "list", "--dept", "区财正局"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert "是否指：区财政局" in cli.stderr
    page.open(dept="镇")
    assert page.text("#dept-note").startswith("有多个单位符合“镇”：")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("width", [1280, 390])
def test_reads_well_at_desktop_and_phone_width(browser: Any, report: Path, width: int) -> None:
    """No sideways scrolling; the task text gets most of the width (at 390 px
    it was two characters wide); the controls fit; screenshots kept."""
    page = Page(browser, report, width)
    page.open(dept="区财政局", q="")
    p = page.page
    assert p.evaluate("document.documentElement.scrollWidth") <= width
    content = p.evaluate(
        "document.querySelector('tr[data-id]:not([hidden]) td.content')"
        ".getBoundingClientRect().width"
    )
    assert content >= (0.85 * width - 40 if width < 640 else 0.4 * width)
    for control in ("#dept", "#q"):
        box = p.evaluate(f"document.querySelector('{control}').getBoundingClientRect().right")
        assert box <= width
    font = p.evaluate("parseFloat(getComputedStyle(document.querySelector('td.content')).fontSize)")
    assert font >= 14
    ARTIFACTS.mkdir(exist_ok=True)
    for name, full in ((f"report-{width}.png", False), (f"report-{width}-full.png", True)):
        shot = ARTIFACTS / name
        p.screenshot(path=str(shot), full_page=full)
        shot_width, shot_height = _png_size(shot)
        assert shot_width == width and shot_height >= 900 and shot.stat().st_size > 20_000
    assert page.requests == [] and page.errors == []
