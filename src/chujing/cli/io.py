"""The CLI's one error printer and the plumbing that feeds it: reading plan files, dates and
output files, refusals and validation errors, each turned into one clear line (exit 2).

A refusal names its field as the person at the terminal knows it: by its Chinese label
(with the option that sets it, where a command says so), by a file and line, or by the
option or environment variable itself; never by the API's internal key. Imported by every
command, so it imports only typer and the rules' reader at load time.
"""

import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from chujing.labels import FIELDS
from chujing.rules.yamlsource import SourceError, parse_document

if TYPE_CHECKING:
    from pydantic import ValidationError

EXIT_INVALID = 2


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print one error line on stderr and exit; never a traceback."""
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def field_name(field: str, options: Mapping[str, str] | None = None) -> str | None:
    """How a refusal names `field`: an option or environment variable as it is, a key by its
    Chinese label (`content.x` by `content`'s if it has none) with the option that sets it.
    A command's `options` give that option (`--zone`) or the command's own label."""
    if field.startswith("--") or field.isupper():
        return field
    label = FIELDS.get(field) or FIELDS.get(field.split(".")[0])
    option = (options or {}).get(field)
    if option is None or label is None:
        return option or label
    return f"{label}（{option}）" if option.startswith("--") else option


def refuse(
    message: str, field: str | None = None, options: Mapping[str, str] | None = None
) -> NoReturn:
    """`错误：<field's name>：<message>`; the message alone where it already starts with the
    name or the field has none a person would know."""
    name = field_name(field, options) if field else None
    fail(f"{name}：{message}" if name and not message.startswith(name) else message)


def invalid(exc: "ValidationError", options: Mapping[str, str] | None = None) -> NoReturn:
    """The first validation error of a command's model, in Chinese, naming its field."""
    from chujing.draws.errors import describe, location, reason

    first = exc.errors()[0]
    where = location(first)
    if field_name(where, options) is None:
        fail(describe(exc))
    refuse(reason(first), where, options)


@contextmanager
def law_input(*also: type[Exception]) -> Iterator[None]:
    """Refuse a bad pack (`--jurisdiction`), plan, list or law data file, or any of `also`,
    with one line each (exit 2)."""
    from chujing.engine import PlanError
    from chujing.rules import LawDataError, ListProblems
    from chujing.rules.packs import PackError

    plain: tuple[type[Exception], ...] = (PlanError, LawDataError, *also)
    try:
        yield
    except PackError as exc:
        fail(f"--jurisdiction: {exc}")
    except ListProblems as exc:
        fail("; ".join(str(p) for p in exc.problems))
    except plain as exc:
        fail(str(exc))


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


def day_option(value: str | None, option: str) -> date | None:
    """The date an option gives (None when absent), or a refusal naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: 不是有效日期 {value!r}（应为 YYYY-MM-DD）")


def fail_each(problems: Iterable[object], summary: str | None = None) -> NoReturn:
    """One error line per problem (each names its file and line), then `summary`; exit 2."""
    for problem in problems:
        typer.echo(f"错误：{problem}", err=True)
    if summary:
        typer.echo(summary, err=True)
    raise typer.Exit(EXIT_INVALID)


def write_out(path: Path, data: str | bytes) -> None:
    """Write a command's output file whole or not at all (text as UTF-8), or fail naming it."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        fail(f"无法写入 {path}：{exc.strerror or exc}")
