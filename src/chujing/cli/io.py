"""Shared CLI plumbing: reading plan files and failing with one clear line (exit 2)."""

import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

from chujing.rules.yamlsource import SourceError, parse_document

EXIT_INVALID = 2


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print one error line on stderr and exit; never a traceback."""
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def read_document(source: str) -> Any:
    """A JSON or YAML document from a path or `-` (standard input), read strictly (repeated
    keys, YAML aliases and over-deep nesting are refused with one line)."""
    if source == "-":
        name = "<stdin>"
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            fail(f"{name}: 不是 UTF-8 文本")
    else:
        path = Path(source)
        try:
            text, name = path.read_text(encoding="utf-8"), str(path)
        except FileNotFoundError:
            fail(f"{source}: 文件不存在")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{source}: 无法读取（{exc}）")
    try:
        return parse_document(text, name)
    except SourceError as exc:
        fail(str(exc))
