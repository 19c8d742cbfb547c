"""``gwr serve`` in real Chromium (Debian's /usr/bin/chromium, driven by
Playwright; no browser download) against a real uvicorn on loopback: a unit
opens its link, fills two tasks in the page's forms; the lead unit of one of
them sees the entry; the 督查室's dashboard counts both.  Every request stays
on the server (no CDN); screenshots at 1280 px and 390 px go to
test-artifacts/ for people to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gwr_cli.ledger import access, plan
from gwr_cli.ledger.status import lead_units
from tests.serve_helpers import served, uvicorn_server
from tests.test_html_browser import ARTIFACTS, CHROMIUM
from tests.test_html_browser import browser as browser  # one Chromium per module

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
FINANCE = "区财政局"
WIDTHS = {"desktop": 1280, "phone": 390}


class Visitor:
    """One person's browser (its own cookies) at one width; records every
    request that leaves the server and every script error."""

    def __init__(self, browser: Any, base: str, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.base = base
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.base):
            self.outside.append(request.url)

    def login(self, secret: str) -> None:
        self.page.goto(f"{self.base}/login/{secret}")
        # the login page passes on to the unit's page (or the office's) by itself
        self.page.wait_for_url(lambda url: "/login/" not in url, timeout=10_000)

    def shot(self, name: str, width_name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(
            path=str(ARTIFACTS / f"serve-{name}-{width_name}.png"), full_page=False
        )


def _fill(
    page: Any, task_no: int, status: str, percent: str, progress: str, attach: Path | None = None
) -> None:
    card = page.locator(f"#t{task_no}")
    details = card.locator("details").first
    if details.get_attribute("open") is None:
        card.locator("summary").first.click()
    form = card.locator("form.entry")
    form.locator("select[name=status]").select_option(status)
    form.locator("input[name=percent]").fill(percent)
    form.locator("textarea[name=progress]").fill(progress)
    if attach is not None:
        form.locator("input[name=evidence]").set_input_files(str(attach))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/?saved={task_no}#t{task_no}")


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_a_unit_fills_two_tasks_the_lead_sees_them_the_office_counts_them(
    browser: Any, tmp_path: Path, width_name: str
) -> None:
    width = WIDTHS[width_name]
    with served(str(tmp_path / "ledger.db")) as site, uvicorn_server(site.app) as base:
        prepared = site.prepared
        mine = plan.assignments(prepared, plan.find_unit(prepared, FINANCE))
        support = next(a for a in mine if a.role == "support")
        lead = next(a for a in mine if a.role == "lead")
        lead_unit = lead_units(prepared, support.task_no)[0]

        unit = Visitor(browser, base, width)
        unit.login(site.secrets[FINANCE])
        assert unit.page.locator("h1").inner_text().startswith(FINANCE)
        unit.shot("unit", width_name)
        proof = tmp_path / "测算表.pdf"
        proof.write_bytes(b"%PDF-1.4\n% evidence\n")
        _fill(unit.page, support.task_no, "in_progress", "30", "配合完成资金测算", proof)
        _fill(unit.page, lead.task_no, "done", "100", "已完成，待核验")
        assert unit.page.locator("#done").inner_text() == "2"
        assert "已保存" in unit.page.locator(".saved").inner_text()
        unit.shot("unit-saved", width_name)

        leader = Visitor(browser, base, width)
        leader.login(site.secrets[lead_unit])
        leader.page.goto(f"{base}/task/{support.task_no}")
        row = leader.page.locator("table.view tr", has_text=FINANCE)
        assert "配合完成资金测算" in row.inner_text() and "推进中" in row.inner_text()
        assert FINANCE not in leader.page.locator(".missing-list").inner_text()
        assert row.locator("a", has_text="测算表.pdf").count() == 1
        leader.shot("lead-task", width_name)

        office = Visitor(browser, base, width)
        office.login(site.secrets[access.OFFICE])
        office.page.wait_for_url(f"{base}/office")
        reported = office.page.locator("td.reported-count").all_inner_texts()
        assert sum(int(n) for n in reported) == 2
        missing = office.page.locator("table.missing tr", has_text=FINANCE).inner_text()
        assert f"{len(mine) - 2}/{len(mine)}" in missing
        assert office.page.locator(f'form[action="/office/close/{lead.task_no}"]').count() == 1
        office.shot("office", width_name)
        with office.page.expect_download() as download:
            office.page.click("text=下载本期台账（Excel）")
        assert download.value.suggested_filename == "工作台账-2026-06.xlsx"

        for visitor in (unit, leader, office):
            assert visitor.outside == [] and visitor.errors == []
            if width_name == "phone":  # nothing wider than the phone's screen
                scroll = visitor.page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, scroll
            visitor.context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_a_unit_asks_for_an_extension_and_the_office_approves_it(
    browser: Any, tmp_path: Path, width_name: str
) -> None:
    """The unit chooses 申请延期 with a date and a reason; the request waits
    (延期（待批准）) until the 督查室 approves it with the dashboard's button."""
    width = WIDTHS[width_name]
    with served(str(tmp_path / "ledger.db")) as site, uvicorn_server(site.app) as base:
        prepared = site.prepared
        mine = plan.assignments(prepared, plan.find_unit(prepared, FINANCE))
        lead = next(a for a in mine if a.role == "lead")

        unit = Visitor(browser, base, width)
        unit.login(site.secrets[FINANCE])
        card = unit.page.locator(f"#t{lead.task_no}")
        if card.locator("details").first.get_attribute("open") is None:
            card.locator("summary").first.click()
        form = card.locator("form.entry")
        form.locator("select[name=status]").select_option(label="申请延期")
        form.locator("details.extend summary").click()
        form.locator("input[name=new_deadline]").fill("2027-03-31")
        form.locator("textarea[name=reason]").fill("债券额度未下达")
        form.locator("button[type=submit]").click()
        unit.page.wait_for_url(f"**/?saved={lead.task_no}#t{lead.task_no}")
        assert "延期（待批准）" in unit.page.locator(f"#t{lead.task_no}").inner_text()

        office = Visitor(browser, base, width)
        office.login(site.secrets[access.OFFICE])
        office.page.wait_for_url(f"{base}/office")
        request = office.page.locator("form.extension", has_text=FINANCE)
        assert "2027-03-31" in request.inner_text() and "债券额度未下达" in request.inner_text()
        request.locator("input[name=reason]").fill("同意延期")
        office.shot("office-extension", width_name)
        request.get_by_role("button", name="批准", exact=True).click()
        office.page.wait_for_url("**/office?decided=approved*")
        assert "已批准延期" in office.page.locator(".saved").inner_text()
        assert office.page.locator("form.extension").count() == 0

        unit.page.goto(f"{base}/")
        assert "延期（经批准）" in unit.page.locator(f"#t{lead.task_no}").inner_text()
        for visitor in (unit, office):
            assert visitor.outside == [] and visitor.errors == []
            if width_name == "phone":
                scroll = visitor.page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, scroll
            visitor.context.close()
