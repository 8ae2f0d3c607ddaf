"""`chujing listcycle`, `chujing inspections` and `chujing clocks` against the module's database:
a list from draft to published, a draw verified, refusals as one line with exit 2."""

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from chujing.cli.main import app
from chujing.listxlsx import export_xlsx
from chujing.platform.db import Database
from chujing.platform.demo_regulators import complete_survey_and_review
from chujing.rules import load_lists
from conftest import World

SHIPPED = next(lst for lst in load_lists() if lst.id == "cq-ftz-icv")


def test_a_list_goes_from_draft_to_published(
    database_url: str, world: World, tmp_path: Path
) -> None:
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, [*args, "--database", database_url])
        return result.exit_code, result.output

    book = tmp_path / "icv.xlsx"
    book.write_bytes(export_xlsx(SHIPPED.model_copy(update={"version": "2030.1"})))
    code, out = run(
        "listcycle", "draft", "cq-ftz-icv", "--sector", "智能网联汽车", "--title", "清单"
    )
    assert code == 0, out
    draft_id = out.split("：")[0].removeprefix("草案 ").strip()
    assert run("listcycle", "import", draft_id, str(book))[0] == 0
    code, out = run("listcycle", "advance", draft_id, "file", "--ref", "x")
    assert code == 2
    assert "Traceback" not in out
    assert "当前阶段（需求调研）不能报送备案" in out
    for action in ("identify", "analyse", "consult"):
        assert run("listcycle", "advance", draft_id, action)[0] == 0
    code, out = run("listcycle", "advance", draft_id, "approve", "--ref", "批准1号")
    assert code == 2
    assert "尚未完成需求调研" in out
    database = Database(database_url)
    with database.transaction() as db:
        complete_survey_and_review(db, int(draft_id))
    database.dispose()
    assert run("listcycle", "advance", draft_id, "approve", "--ref", "批准1号")[0] == 0
    assert run("listcycle", "advance", draft_id, "file", "--ref", "备案1号")[0] == 0
    code, out = run("listcycle", "publish", draft_id)
    assert code == 0, out
    assert "已发布 cq-ftz-icv 2030.1" in out
    code, out = run("listcycle", "versions", "--list-id", "cq-ftz-icv")
    assert "2030.1" in out
    assert run("listcycle", "import", draft_id, str(tmp_path / "missing.xlsx"))[0] == 2


def test_a_cli_draw_verifies_and_clocks_run(
    database_url: str, world: World, client: TestClient, tmp_path: Path
) -> None:
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        # the one-step CLI draw: performed at once, configured without a waiting day
        env = {"CHUJING_DRAW_WAIT_WORKING_DAYS": "0"}
        result = runner.invoke(app, [*args, "--database", database_url], env=env)
        return result.exit_code, result.output

    for inspector in ("CLI-1", "CLI-2"):
        added = run("inspections", "inspector-add", inspector, inspector, "--department", "cac")
        assert added[0] == 0
    receipt = tmp_path / "receipt.json"
    code, out = run(
        "inspections", "draw", "--item", "list-compliance", "--title", "抽查", "--out", str(receipt)
    )
    assert code == 0, out
    document = json.loads(receipt.read_text(encoding="utf-8"))
    assert runner.invoke(app, ["draws", "verify", str(receipt)]).exit_code == 0
    draw_id = out.split()[1]
    assert run("inspections", "verify", draw_id)[0] == 0
    adjust = client.post(
        f"/api/v1/supervision/draws/{draw_id}/adjustments",
        headers=world.auth("zo1"),
        json={"kind": "withdraw_processor", "processor_id": world.p1a, "reason": "越权"},
    )
    assert adjust.status_code == 403, "a zone officer may not adjust a city-wide draw"
    assert document["commitment"]["draw_id"]
    code, out = run("inspections", "draw", "--item", "no-such-item", "--title", "抽查")
    assert code == 2
    assert "item" in out
    assert run("clocks", "run", "--on", "2026-12-01")[0] == 0
    assert run("clocks", "due", "--on", "1999-01-01")[0] == 2
