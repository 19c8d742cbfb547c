"""``gwr serve``: a unit's 延期 is a request the 督查室 approves or refuses on
its dashboard, on SQLite and PostgreSQL.  Only the office's link may decide
(a unit cannot approve its own), the form needs the CSRF token, a decision is
recorded once with who, when and why, and only an approved extension moves
the deadline the light is computed against."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from gwr_cli.ledger import access
from gwr_cli.ledger import schema as t
from tests.ledger_helpers import database
from tests.serve_helpers import Served, csrf_of, entry_form, served

FINANCE = "区财政局"  # leads 27 (deadline 12月底前)
EXTEND = {"status": "extended", "new_deadline": "2027-03-31", "reason": "债券额度未下达"}


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    with database(request.param, tmp_path) as url, served(url) as found:
        yield found


def _ask(client: TestClient) -> None:
    """The unit asks to extend task 27 (the dropdown offers 申请延期)."""
    csrf = csrf_of(client.get("/").text)
    answer = client.post("/task/27", data=entry_form(csrf, percent="80", **EXTEND))
    assert answer.status_code == 303, answer.text
    page = client.get("/").text
    assert "延期（待批准）" in page  # the unit sees its request is not yet approved
    assert '<option value="extended" >申请延期</option>' in page.replace("selected", "")


def _decisions(site: Served) -> list[dict[str, Any]]:
    with site.ledger.read() as conn:
        return [dict(r._mapping) for r in conn.execute(select(t.decisions))]


def _pending_form(page: str) -> dict[str, str]:
    """The fields of the first approve/refuse form on the dashboard."""
    form = page.split('<form class="extension"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'name="(csrf|unit|entry)" value="([^"]*)"', form))


def test_the_office_approves_a_pending_request_once(site: Served) -> None:
    unit = site.client(FINANCE)
    _ask(unit)
    office = site.client(access.OFFICE)
    page = office.get("/office").text
    assert "待批准的延期申请" in page and "申请延期至 <b>2027-03-31</b>" in page
    assert "债券额度未下达" in page
    fields = _pending_form(page)
    assert fields["unit"] == FINANCE
    answer = office.post(
        "/office/extension/27", data={**fields, "decision": "approve", "reason": "同意延期"}
    )
    assert answer.status_code == 303 and "decided=approved" in answer.headers["location"]
    [decision] = _decisions(site)
    assert decision["approved"] and decision["reason"] == "同意延期"
    assert decision["decided_by"] == access.OFFICE and decision["recorded_at"]
    after = office.get("/office").text
    assert "没有待批准的延期申请" in after and "延期（经批准）" in after
    again = office.post(
        "/office/extension/27", data={**fields, "decision": "refuse", "reason": "改主意"}
    )
    assert again.status_code == 400 and len(_decisions(site)) == 1  # decided once, never changed


def test_a_refused_request_keeps_the_deadline_and_says_so(site: Served) -> None:
    _ask(site.client(FINANCE))
    office = site.client(access.OFFICE)
    fields = _pending_form(office.get("/office").text)
    answer = office.post(
        "/office/extension/27", data={**fields, "decision": "refuse", "reason": "理由不充分"}
    )
    assert answer.status_code == 303
    assert not _decisions(site)[0]["approved"]
    assert "延期（未批准）" in site.client(FINANCE).get("/").text


def test_a_unit_cannot_approve_its_own_request(site: Served) -> None:
    unit = site.client(FINANCE)
    _ask(unit)
    office_page = site.client(access.OFFICE).get("/office").text
    fields = _pending_form(office_page)
    fields["csrf"] = csrf_of(unit.get("/").text)  # the unit's own, valid token
    answer = unit.post(
        "/office/extension/27", data={**fields, "decision": "approve", "reason": "自批"}
    )
    assert answer.status_code == 403
    assert unit.get("/office").status_code == 403
    assert site.client().post("/office/extension/27", data=fields).status_code == 401
    assert _decisions(site) == []


def test_a_forged_or_missing_csrf_token_is_refused(site: Served) -> None:
    _ask(site.client(FINANCE))
    office = site.client(access.OFFICE)
    fields = _pending_form(office.get("/office").text)
    for token in ("forged", ""):
        form = {**fields, "csrf": token, "decision": "approve", "reason": "同意"}
        assert office.post("/office/extension/27", data=form).status_code == 403
    assert _decisions(site) == []


def test_a_stale_form_does_not_approve_a_newer_request(site: Served) -> None:
    """The unit changed its request after the page was opened: the old form
    must not approve the new date unseen."""
    unit = site.client(FINANCE)
    _ask(unit)
    office = site.client(access.OFFICE)
    fields = _pending_form(office.get("/office").text)
    csrf = csrf_of(unit.get("/").text)
    later = {**EXTEND, "new_deadline": "2027-12-31"}
    assert unit.post("/task/27", data=entry_form(csrf, **later)).status_code == 303
    answer = office.post(
        "/office/extension/27", data={**fields, "decision": "approve", "reason": "同意"}
    )
    assert answer.status_code == 400 and "刷新" in answer.text
    assert _decisions(site) == []
