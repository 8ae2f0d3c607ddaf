"""Shared CLI plumbing: reading plan files and failing with one clear line (exit 2)."""

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

from chujing.rules.yamlsource import SourceError, parse_yaml

EXIT_INVALID = 2


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print one error line on stderr and exit; never a traceback."""
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def read_document(source: str) -> Any:
    """A JSON or YAML document from a path or `-` (standard input)."""
    if source == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        path = Path(source)
        try:
            text, name = path.read_text(encoding="utf-8"), str(path)
        except FileNotFoundError:
            fail(f"{source}: 文件不存在")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{source}: 无法读取（{exc}）")
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            fail(f"{name}:{exc.lineno}: JSON 格式错误：{exc.msg}")
    try:
        return parse_yaml(text, name).data
    except SourceError as exc:
        fail(str(exc))
