"""``gwr serve tokens`` and ``gwr serve --check`` as real processes: links
for every unit and the 督查室 (JSON a script can mail out), reissuing and
revoking, and the checks that fail in one Chinese line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gwr_cli import store
from gwr_cli.ledger import access, db, plan
from tests.ledger_helpers import database, gwr


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_tokens_issue_a_link_per_unit_and_one_for_the_office(backend: str, tmp_path: Path) -> None:
    with database(backend, tmp_path) as url:
        env = {"GWR_DB": url}
        args = ("serve", "tokens", "--period", "2026年6月", "--url", "http://10.0.0.5:8750/")
        first = json.loads(gwr(*args, "--json", env=env).stdout)
        units = [u.name for u in plan.ledger_units(store.load())]
        assert [r["unit"] for r in first] == [*units, access.OFFICE]
        assert [r["office"] for r in first].count(True) == 1
        assert all(r["period"] == "2026-06" for r in first)
        assert all(r["link"].startswith("http://10.0.0.5:8750/login/") for r in first)
        secrets = {r["unit"]: r["link"].rsplit("/", 1)[1] for r in first}
        assert len(set(secrets.values())) == len(secrets)
        ledger = db.open_ledger(url)
        try:
            grant = access.grant_for(ledger, secrets["区财政局"])
            assert grant is not None and grant.unit == "区财政局" and not grant.office
            office = access.grant_for(ledger, secrets[access.OFFICE])
            assert office is not None and office.office
            plain = gwr(*args, env=env)  # tab-separated lines, reissued
            assert plain.stdout.count("\n") == len(units) + 1 and "已签发" in plain.stderr
            assert access.grant_for(ledger, secrets["区财政局"]) is None  # the old link
            fresh = dict(line.split("\t") for line in plain.stdout.splitlines())
            secret = fresh["区财政局"].rsplit("/", 1)[1]
            assert access.grant_for(ledger, secret) is not None
            one = gwr(*args, "--dept", "财政局", "--json", env=env)  # a lost link, sent again
            again = json.loads(one.stdout)
            assert [r["unit"] for r in again] == ["区财政局"]
            assert access.grant_for(ledger, secret) is None
            secret = again[0]["link"].rsplit("/", 1)[1]
            assert access.grant_for(ledger, fresh["区教育局"].rsplit("/", 1)[1]) is not None
            revoked = gwr("serve", "tokens", "--revoke", "财政局", env=env)
            assert "已收回 区财政局 的 1 个链接" in revoked.stderr
            assert access.grant_for(ledger, secret) is None
            assert access.grant_for(ledger, fresh["区教育局"].rsplit("/", 1)[1]) is not None
        finally:
            ledger.close()


def _one_line_exit_2(result: object, *words: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gwr: ") and "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_tokens_need_a_period_and_a_known_unit(tmp_path: Path) -> None:
    env = {"GWR_DB": str(tmp_path / "l.db")}
    _one_line_exit_2(gwr("serve", "tokens", env=env, check=False), "--period")
    _one_line_exit_2(gwr("serve", "tokens", "--period", "六月", env=env, check=False), "报送期")
    _one_line_exit_2(
        gwr("serve", "tokens", "--revoke", "区不存在局", env=env, check=False), "区不存在局"
    )


def test_check_validates_the_configuration_and_exits(tmp_path: Path) -> None:
    good = gwr("serve", "--check", "--db", str(tmp_path / "l.db"))
    assert good.returncode == 0 and "配置正常" in good.stderr and "62 项任务" in good.stderr
    assert (tmp_path / "l.db").is_file()  # created and migrated
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_line_exit_2(gwr("serve", "--check", "--db", str(blocker / "l.db"), check=False), "台账")
    refused = gwr("serve", "--check", "--db", "postgresql://u:secret@127.0.0.1:1/x", check=False)
    _one_line_exit_2(refused, "无法连接")
    assert "secret" not in refused.stderr
    _one_line_exit_2(gwr("serve", "--port", "0", "--check", check=False), "--port")
