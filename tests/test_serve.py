"""``gwr serve`` in-process (Starlette's TestClient), on SQLite and
PostgreSQL: every route and every permission — a unit sees and writes only
its own rows, a lead unit sees its supporters, forged and revoked links are
refused, forms need the CSRF token, oversized bodies are refused, document
text is shown as text, and the 督查室's counts and xlsx are what was entered."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from gwr_cli import store
from gwr_cli.ledger import access, plan
from gwr_cli.ledger import schema as t
from tests.ledger_helpers import database
from tests.serve_helpers import Served, csrf_of, entry_form, served

FINANCE = "区财政局"  # leads 6, 27, 29, 62; supports 1, 4, 7, …
DEVELOPMENT = "区发展改革局"  # leads 1 (区财政局 supports it)


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    with database(request.param, tmp_path) as url, served(url) as found:
        yield found


def _entries(site: Served) -> list[dict[str, object]]:
    with site.ledger.read() as conn:
        rows = conn.execute(
            select(t.entries, t.tasks.c.task_no).join(t.tasks).order_by(t.entries.c.id)
        )
        return [dict(r._mapping) for r in rows]


def _submit(client: TestClient, task_no: int, **fields: str) -> Any:
    csrf = csrf_of(client.get("/").text)
    return client.post(f"/task/{task_no}", data=entry_form(csrf, **fields))


def test_a_unit_sees_its_own_tasks_marked_lead_or_support(site: Served) -> None:
    page = site.client(FINANCE).get("/")
    assert page.status_code == 200
    unit = plan.find_unit(site.prepared, FINANCE)
    mine = plan.assignments(site.prepared, unit)
    shown = [int(n) for n in __import__("re").findall(r'id="t(\d+)"', page.text)]
    assert shown == [a.task_no for a in mine]
    assert page.text.count('class="role role-lead"') == sum(a.role == "lead" for a in mine)
    assert "推进中" in page.text and "已销号" not in page.text.split("<select")[1]


def test_an_entry_is_recorded_with_who_and_when_and_appended(site: Served) -> None:
    client = site.client(FINANCE)
    first = _submit(client, 6, progress="完成招标", percent="40", value="3")
    assert first.status_code == 303 and first.headers["location"] == "/?saved=6#t6"
    second = _submit(client, 6, progress="开工", percent="60", problem="资金缺口")
    assert second.status_code == 303
    rows = _entries(site)
    assert [(r["task_no"], r["unit"], r["role"], r["percent"]) for r in rows] == [
        (6, FINANCE, "lead", 40.0),
        (6, FINANCE, "lead", 60.0),
    ]
    assert rows[0]["value"] == 3.0 and rows[1]["problem"] == "资金缺口"
    assert all(r["source"] == "网页" and r["reporter"] == f"{FINANCE}（网页）" for r in rows)
    assert all(r["period"] == "2026-06" and r["recorded_at"] for r in rows)
    page = client.get("/").text
    assert '本期已报 <b id="done">1</b>' in page


def test_another_units_task_can_be_neither_read_nor_written(site: Served) -> None:
    client = site.client(FINANCE)
    csrf = csrf_of(client.get("/").text)
    unit = plan.find_unit(site.prepared, FINANCE)
    others = {a.task_no for a in plan.assignments(site.prepared)} - {
        a.task_no for a in plan.assignments(site.prepared, unit)
    }
    task_no = min(others)
    assert client.get(f"/task/{task_no}").status_code == 404
    refused = client.post(f"/task/{task_no}", data=entry_form(csrf, progress="越权"))
    assert refused.status_code == 404
    assert client.get("/task/9999").status_code == 404
    assert client.get("/office").status_code == 403
    assert client.get("/office/ledger.xlsx").status_code == 403
    assert client.get("/office/report.docx").status_code == 403
    assert client.post("/office/close/6", data={"csrf": csrf, "reason": "x"}).status_code == 403
    assert _entries(site) == []


def test_a_supporter_sees_only_its_own_row_a_lead_sees_every_unit(site: Served) -> None:
    _submit(site.client(FINANCE), 1, progress="配合完成资金测算<i>")
    supporter = site.client(FINANCE).get("/task/1").text
    assert "本期各单位填报" not in supporter and DEVELOPMENT not in supporter.split("</h1>")[1]
    lead = site.client(DEVELOPMENT).get("/task/1")
    assert lead.status_code == 200
    heading = lead.text.split("<h1>")[1].split("</h1>")[0]
    assert "role-lead" in heading and "牵头" in heading  # the page says whose task it is
    assert "role-support" in supporter.split("<h1>")[1].split("</h1>")[0]
    assert "配合完成资金测算&lt;i&gt;" in lead.text
    missing = lead.text.split('class="missing-list"')[1].split("</p>")[0]
    assert DEVELOPMENT in missing and FINANCE not in missing and "区教育局" in missing


def test_forged_revoked_and_missing_links_are_refused(site: Served) -> None:
    client = site.client()
    assert client.get("/").status_code == 401
    forged = client.get("/login/" + "A" * 32)
    assert forged.status_code == 403 and "gwr_session" not in forged.headers.get("set-cookie", "")
    assert client.get("/login/" + "x" * 5000).status_code in (403, 404, 414)
    logged_in = site.client(FINANCE)
    assert logged_in.get("/").status_code == 200
    assert access.revoke(site.ledger, FINANCE) == 1
    assert logged_in.get("/").status_code == 401  # the session ended with its link
    assert site.client().get(f"/login/{site.secrets[FINANCE]}").status_code == 403  # replayed
    assert site.client(DEVELOPMENT).get("/").status_code == 200  # others still work


def test_a_forged_session_cookie_is_refused(site: Served) -> None:
    client = site.client()
    client.cookies.set("gwr_session", "eyJ0aWQiOiAxfQ==.forged.sig")
    assert client.get("/").status_code == 401


def test_the_session_cookie_is_httponly_strict_and_secure_behind_https(tmp_path: Path) -> None:
    with served(str(tmp_path / "a.db")) as plain:
        cookie = plain.client().get(f"/login/{plain.secrets[FINANCE]}").headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        assert "secure" not in cookie.lower().replace("samesite", "")
    with served(str(tmp_path / "b.db"), https=True) as secure:
        answer = secure.client(https=True).get(f"/login/{secure.secrets[FINANCE]}")
        assert "; secure" in answer.headers["set-cookie"].lower()


def test_every_form_needs_the_csrf_token(site: Served) -> None:
    client = site.client(FINANCE)
    assert client.post("/task/6", data={"status": "in_progress"}).status_code == 403
    assert client.post("/task/6", data=entry_form("wrong")).status_code == 403
    other = site.client(DEVELOPMENT)  # another session's token is not this one's
    assert client.post("/task/6", data=entry_form(csrf_of(other.get("/").text))).status_code == 403
    office = site.client(access.OFFICE)
    assert office.post("/office/close/6", data={"reason": "经核验"}).status_code == 403
    assert _entries(site) == []


def test_an_oversized_body_is_refused_and_nothing_is_recorded(site: Served) -> None:
    client = site.client(FINANCE)
    csrf = csrf_of(client.get("/").text)
    huge = ("证明.pdf", b"%PDF-" + b"0" * (6 * 1024 * 1024), "application/pdf")
    big = client.post("/task/6", data=entry_form(csrf), files={"evidence": huge})
    assert big.status_code == 413 and "过大" in big.text
    office = site.client(access.OFFICE)
    form = {"csrf": "x", "reason": "很" * 40_000}  # refused before the token is read
    assert office.post("/office/close/6", data=form).status_code == 413  # 64 KB elsewhere
    large_field = client.post("/task/6", data=entry_form(csrf, progress="很" * 40_000))
    assert large_field.status_code == 400
    long_field = client.post("/task/6", data=entry_form(csrf, progress="长" * 4001))
    assert long_field.status_code == 400 and "过长" in long_field.text
    assert _entries(site) == []


PDF = b"%PDF-1.4\n% evidence\n"


def test_evidence_is_kept_checked_by_content_and_shown_to_the_lead(site: Served) -> None:
    client = site.client(FINANCE)
    csrf = csrf_of(client.get("/").text)
    for name, data in [("病毒.exe", b"MZ..."), ("照片.pdf", b"\x89PNG\r\n\x1a\n...")]:
        refused = client.post("/task/1", data=entry_form(csrf), files={"evidence": (name, data)})
        assert refused.status_code == 400 and "佐证材料" in refused.text
    two = [("evidence", ("a.pdf", PDF)), ("evidence", ("b.pdf", PDF))]
    assert client.post("/task/1", data=entry_form(csrf), files=two).status_code == 400
    assert _entries(site) == []
    saved = client.post(
        "/task/1", data=entry_form(csrf, progress="附照片"), files={"evidence": ("测算表.pdf", PDF)}
    )
    assert saved.status_code == 303
    recorded = str(_entries(site)[-1]["evidence"])
    assert recorded.startswith("测算表.pdf [evidence/") and recorded.endswith(".pdf]")
    stored = recorded.rsplit("/", 1)[1].rstrip("]")
    lead_page = site.client(DEVELOPMENT).get("/task/1").text
    assert f'href="/evidence/1/{stored}">测算表.pdf</a>' in lead_page
    for viewer in (DEVELOPMENT, access.OFFICE):
        answer = site.client(viewer).get(f"/evidence/1/{stored}")
        assert answer.status_code == 200 and answer.content == PDF
        assert answer.headers["content-disposition"].startswith("attachment")
    assert client.get(f"/evidence/1/{stored}").status_code == 404  # a supporter sees no view
    assert site.client("区教育局").get(f"/evidence/6/{stored}").status_code == 404
    assert site.client(DEVELOPMENT).get("/evidence/1/..%2F..%2Fserve-secret").status_code == 404


def test_bad_values_are_refused_in_chinese(site: Served) -> None:
    client = site.client(FINANCE)
    assert "完成进度应在 0–100" in _submit(client, 6, percent="150").text
    assert "应为数字" in _submit(client, 6, percent="一半").text
    assert "新的完成时限" in _submit(client, 6, status="extended", reason="x").text
    assert _submit(client, 6, status="closed").status_code == 400
    assert _entries(site) == []


def test_the_office_dashboard_counts_filters_closes_and_downloads(site: Served) -> None:
    _submit(site.client(FINANCE), 6, status="done", progress="已完成", percent="100")
    _submit(site.client(FINANCE), 1, progress="配合", percent="30", value="12.5")
    office = site.client(access.OFFICE)
    assert office.get("/").headers["location"] == "/office"
    page = office.get("/office")
    assert page.status_code == 200
    total = len(plan.assignments(site.prepared))
    assert f"全部（{total} 条）" in page.text
    assert 'action="/office/close/6"' in page.text
    filtered = office.get("/office", params={"unit": FINANCE}).text
    unit = plan.find_unit(site.prepared, FINANCE)
    assert f"全部（{len(plan.assignments(site.prepared, unit))} 条）" in filtered
    first_section = site.prepared.tasks[0]["section"]
    by_section = office.get("/office", params={"section": str(first_section)}).text
    in_section = [a for a in plan.assignments(site.prepared)
                  if site.prepared.tasks[a.position]["section"] == first_section]  # fmt: skip
    assert f"全部（{len(in_section)} 条）" in by_section
    book = openpyxl.load_workbook(io.BytesIO(office.get("/office/ledger.xlsx").content))
    sheet = book["台账"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    assert len(rows) == total
    finance = {r["序号"]: r for r in rows if r["单位"] == FINANCE}
    assert finance[6]["完成进度（%）"] == 100 and finance[1]["完成值"] == 12.5
    assert finance[1]["进展情况"] == "配合"
    # The period's report, as `gwr progress report` makes it: its counts are the entries.
    import docx

    answer = office.get("/office/report.docx")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert "推进情况的报告" in text and "已完成1项" in text
    csrf = csrf_of(page.text)
    assert office.post("/office/close/1", data={"csrf": csrf, "reason": "核验"}).status_code == 400
    closed = office.post("/office/close/6", data={"csrf": csrf, "reason": "经核验已完成"})
    assert closed.status_code == 303
    assert _entries(site)[-1]["status"] == "closed" and _entries(site)[-1]["reporter"] == "督查室"
    assert office.post("/task/6", data=entry_form(csrf)).status_code == 403  # no writing for units


def test_markup_in_the_document_is_shown_as_text(tmp_path: Path) -> None:
    source = tmp_path / "分工.txt"
    source.write_text(
        "2026年某区重点工作分工\n\n序号\n重点工作\n牵头单位\n配合单位\n完成时限\n\n"
        "（一）<b>甲</b>\n1\n做好<script>alert(1)</script>工作。\n区财政局\n区教育局\n12月底前\n",
        encoding="utf-8",
    )
    with served(str(tmp_path / "l.db"), prepared=store.load(source)) as site:
        client = site.client(FINANCE)
        page = client.get("/").text
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        _submit(client, 1, progress="<img src=x onerror=alert(2)>")
        lead_view = site.client(access.OFFICE).get("/task/1").text
        assert "<img src=x" not in lead_view and "&lt;img src=x onerror=alert(2)&gt;" in lead_view
        office = site.client(access.OFFICE).get("/office").text
        assert "<b>甲</b>" not in office and "&lt;b&gt;甲&lt;/b&gt;" in office


def test_answers_carry_the_security_headers_and_the_stylesheet_is_served(site: Served) -> None:
    answer = site.client().get("/static/style.css")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    for page in ("/static/style.css", "/", f"/login/{site.secrets[FINANCE]}"):
        headers = site.client().get(page).headers
        assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"


def test_logout_ends_the_session(site: Served) -> None:
    client = site.client(FINANCE)
    assert client.get("/logout").status_code == 200
    assert client.get("/").status_code == 401


def test_links_are_stored_hashed_and_reissuing_revokes_the_old_ones(site: Served) -> None:
    with site.ledger.read() as conn:
        stored = [r.digest for r in conn.execute(select(t.access_tokens))]
    assert site.secrets[FINANCE] not in stored
    assert access.digest(site.secrets[FINANCE]) in stored
    again = access.issue(site.ledger, [FINANCE], "2026-06", "测试", office=False)
    assert site.client().get(f"/login/{site.secrets[FINANCE]}").status_code == 403
    assert site.client().get(f"/login/{again[0][2]}").status_code == 200
    with site.ledger.read() as conn:
        working = conn.execute(
            select(func.count()).where(
                t.access_tokens.c.unit == FINANCE, t.access_tokens.c.revoked_at.is_(None)
            )
        ).scalar()
    assert working == 1
