"""`chujing draws`: make, adjust and verify 双随机 draw receipts.

Exit codes: 0 success / verified, 1 verification failed, 2 unreadable or invalid input.
"""

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from chujing.cli.io import fail, write_out

app = typer.Typer(
    help="双随机抽查：可复核的抽取、调整与回执验证。",
    no_args_is_help=True,
    add_completion=False,
)

_TZ = "Asia/Shanghai"


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"{what} {path} 不存在")
    except OSError as exc:
        fail(f"无法读取{what} {path}：{exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{what} {path} 不是 UTF-8 文本")
    except json.JSONDecodeError as exc:
        fail(f"{what} {path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）")


def _write_json(path: Path, document: Any) -> None:
    write_out(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _moment(value: str | None, option: str) -> datetime:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(_TZ)
    if value is None:
        return datetime.now(zone).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} 不是 ISO 8601 时间：{value}")
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _read_seed(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        seed = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError):
        fail(f"种子文件 {path} 无法读取或不是十六进制文本")
    if len(seed) != 32:
        fail(f"种子文件 {path} 应为 32 字节（64 个十六进制字符），实为 {len(seed)} 字节")
    return seed


def _model(model: Any, data: Any, what: str) -> Any:
    from pydantic import ValidationError

    from chujing.draws.errors import describe

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fail(f"{what}：{describe(exc)}")


@app.command("seed")
def seed(
    seed_file: Annotated[Path, typer.Argument(help="写入新随机种子的文件（不得已存在）")],
) -> None:
    """生成随机种子并打印其 SHA-256 承诺值（抽取前公布承诺值，抽取后揭示种子）。"""
    from chujing.draws import new_seed, seed_commitment

    value = new_seed()
    try:
        with seed_file.open("x", encoding="ascii") as handle:
            handle.write(value.hex() + "\n")
    except FileExistsError:
        fail(f"种子文件 {seed_file} 已存在，不会覆盖")
    except OSError as exc:
        fail(f"无法写入种子文件 {seed_file}：{exc.strerror or exc}")
    typer.echo(seed_commitment(value))


@app.command("make")
def make(
    processors: Annotated[Path, typer.Option(help="检查对象（处理者）名录快照 JSON")],
    inspectors: Annotated[Path, typer.Option(help="检查人员名录快照 JSON")],
    seed_file: Annotated[Path, typer.Option(help="随机种子文件（十六进制）")],
    out: Annotated[Path, typer.Option(help="回执输出文件")],
    ratio: Annotated[str | None, typer.Option(help="抽查比例，如 0.1")] = None,
    params: Annotated[Path | None, typer.Option(help="抽取参数 JSON（代替下列选项）")] = None,
    item: Annotated[str, typer.Option(help="检查事项")] = "数据出境负面清单落实情况",
    per_processor: Annotated[int, typer.Option(help="每家处理者的检查人员数")] = 2,
    draw_id: Annotated[str, typer.Option(help="抽取编号")] = "draw-1",
    title: Annotated[str, typer.Option(help="抽取名称")] = "双随机抽查",
    committed_at: Annotated[str | None, typer.Option(help="种子承诺时间（ISO 8601）")] = None,
    drawn_at: Annotated[str | None, typer.Option(help="抽取时间（ISO 8601）")] = None,
) -> None:
    """按冻结的两库快照与已承诺的种子进行抽取，写出可复核的回执。"""
    from chujing.draws import (
        DrawError,
        DrawParameters,
        InspectorSnapshot,
        ProcessorSnapshot,
        make_commitment,
        make_receipt,
        seed_commitment,
    )

    if params is not None:
        parameters = _model(
            DrawParameters, _read_json(params, "抽取参数文件"), f"抽取参数 {params}"
        )
    elif ratio is None:
        fail("须给出 --ratio 或 --params")
    else:
        parameters = _model(
            DrawParameters,
            {"inspection_item": item, "ratio": ratio, "inspectors_per_processor": per_processor},
            "抽取参数",
        )
    processor_snapshot = _model(
        ProcessorSnapshot, _read_json(processors, "处理者名录"), f"处理者名录 {processors}"
    )
    inspector_snapshot = _model(
        InspectorSnapshot, _read_json(inspectors, "检查人员名录"), f"检查人员名录 {inspectors}"
    )
    value = _read_seed(seed_file)
    committed = _moment(committed_at, "--committed-at")
    drawn = _moment(drawn_at, "--drawn-at")
    commitment = make_commitment(
        draw_id=draw_id,
        title=title,
        committed_at=committed,
        parameters=parameters,
        processors=processor_snapshot,
        inspectors=inspector_snapshot,
        seed_sha256=seed_commitment(value),
    )
    try:
        receipt = make_receipt(
            commitment=commitment,
            parameters=parameters,
            processors=processor_snapshot,
            inspectors=inspector_snapshot,
            seed=value,
            drawn_at=drawn,
        )
    except DrawError as exc:
        fail(str(exc))
    _write_json(out, receipt)
    typer.echo(f"已抽取 {len(receipt['result']['assignments'])} 家处理者，回执：{out}")
    typer.echo(f"承诺记录哈希：{commitment['record_sha256']}")
    typer.echo(f"回执哈希：{receipt['receipt_sha256']}")


@app.command("adjust")
def adjust(
    receipt_file: Annotated[Path, typer.Argument(help="回执 JSON（就地追加调整）")],
    processor: Annotated[str, typer.Option(help="涉及的处理者")],
    reason: Annotated[str, typer.Option(help="调整理由")],
    by: Annotated[str, typer.Option(help="经办人")],
    replace_inspector: Annotated[str | None, typer.Option(help="被更换的检查人员")] = None,
    new_conflict: Annotated[bool, typer.Option(help="因新申报的利益冲突而更换")] = False,
    withdraw: Annotated[bool, typer.Option(help="撤回该处理者")] = False,
    at: Annotated[str | None, typer.Option(help="调整时间（ISO 8601）")] = None,
) -> None:
    """向回执追加一项有理由的调整（更换检查人员或撤回处理者），替换人员按算法重新抽取。"""
    from chujing.draws import DrawError, append_adjustment

    if withdraw == (replace_inspector is not None):
        fail("须且只能给出 --replace-inspector 或 --withdraw 之一")
    document = _read_json(receipt_file, "回执")
    try:
        updated = append_adjustment(
            document,
            kind="withdraw_processor" if withdraw else "replace_inspector",
            processor=processor,
            inspector=replace_inspector,
            new_conflict=new_conflict,
            reason=reason,
            by=by,
            at=_moment(at, "--at"),
        )
    except DrawError as exc:
        fail(str(exc))
    _write_json(receipt_file, updated)
    event = updated["adjustments"][-1]
    if withdraw:
        typer.echo(f"调整 #{event['seq']}：已撤回处理者 {processor}")
    else:
        typer.echo(f"调整 #{event['seq']}：{replace_inspector} → {event['replacement']}")


@app.command("verify")
def verify(
    receipt_file: Annotated[Path, typer.Argument(help="回执 JSON")],
    commitment: Annotated[
        str | None, typer.Option(help="事先公布的承诺记录哈希（如有，一并核对）")
    ] = None,
    receipt_hash: Annotated[
        str | None, typer.Option(help="抽取时或调整后公布的回执哈希（如有，一并核对）")
    ] = None,
) -> None:
    """重算回执中的抽取与全部调整：一致时退出码 0，否则 1 并指出第一处不符。"""
    from chujing.draws import verify as verify_receipt

    result = verify_receipt(
        _read_json(receipt_file, "回执"), expected_record=commitment, expected_receipt=receipt_hash
    )
    for check in result.checks:
        typer.echo(f"{'✓' if check.ok else '✗'} {check.message}")
    failure = result.failure
    if failure is not None:
        typer.echo(f"验证失败：{failure.message}", err=True)
        raise typer.Exit(1)
    typer.echo("验证通过：抽取可完全重算。")
