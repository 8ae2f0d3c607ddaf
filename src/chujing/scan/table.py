"""A table as every reader yields it: string columns streamed as Arrow batches, and the
helpers the readers share (names, batch sizes, a first row that is data).

The readers (``csvfile``, ``columnar``, ``jsonfile``, ``xlsxfile``, ``sqlsource``) import
this module; ``readers`` imports them: imports point one way.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 65_536
MAX_COLUMNS = 16_384  # Excel's limit; a wider "header" is no table to classify column by column


@dataclass
class Table:
    """A stream of string columns from one source."""

    source: str
    columns: list[str]
    open_batches: Callable[[list[str] | None], Iterator["pa.RecordBatch"]]
    """Stream the table; with a list of names, only those columns (faster, less memory)."""
    nbytes: int | None = None
    encoding: str | None = None
    head: Callable[[], Iterator["pa.RecordBatch"]] | None = None
    """The table from its start, cheaply for a sample (else ``open_batches(None)``)."""


def rebatched(
    batches: Iterable["pa.RecordBatch"], rows: int = BATCH_ROWS
) -> Iterator["pa.RecordBatch"]:
    """Batches of about ``rows`` rows: the work per batch has a fixed cost (a regex is
    compiled per call), so small parser blocks are joined."""
    import pyarrow as pa

    held: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += batch.num_rows
        if count >= rows:
            yield _joined(held)
            held, count = [], 0
    if held:
        yield _joined(held)


def _joined(batches: list["pa.RecordBatch"]) -> "pa.RecordBatch":
    import pyarrow as pa

    if len(batches) == 1:
        return batches[0]
    table = pa.Table.from_batches(batches).combine_chunks()
    return table.to_batches()[0]


def unique_names(raw: Sequence[object]) -> list[str]:
    """Header names made non-empty and unique (``备注``, ``备注_2``)."""
    seen: dict[str, int] = {}
    names = []
    for i, value in enumerate(raw, start=1):
        name = str(value).strip() if value is not None and str(value).strip() else f"第{i}列"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def looks_like_data(cells: Sequence[object]) -> bool:
    """A first row holding an ID, phone, e-mail or card number is data, not a header.

    Reading it as a header would put a person's identifier into the column names.
    """
    from chujing.scan.classify import Classifier

    classifier = Classifier()
    for cell in cells:
        text = str(cell).strip() if cell is not None else ""
        found = classifier.embedded(text) if text else None
        if found and found[1] == text:
            return True
    return False


def cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def arrow_reason(exc: Exception) -> str:
    """The first line of an Arrow error, short enough for a one-line message."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
