"""YAML that remembers where each value came from.

Law files are edited by hand; a load error must name the file, the line and the
key. PyYAML's composed node tree carries line marks, so values are built from
nodes and every path (tuple of keys and indexes) is mapped to its line.
Duplicate keys, which plain PyYAML silently overwrites, are refused.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class SourceError(ValueError):
    """A problem in a data file, located by file, line and key path."""

    def __init__(self, source: str, line: int | None, path: str, message: str) -> None:
        self.source = source
        self.line = line
        self.path = path
        self.message = message
        where = f"{source}:{line}" if line else source
        key = f" {path}:" if path else ""
        super().__init__(f"{where}:{key} {message}")


@dataclass
class YamlDoc:
    """A parsed YAML document and the line of every key path inside it."""

    source: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of the deepest known prefix of path (pydantic locs may go deeper)."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def dotted(path: Sequence[str | int]) -> str:
    """Render a key path as JSON-path-like text: items[0].fields."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _build(node: yaml.Node, path: Path_, located: YamlDoc, loader: Any) -> Any:
    located.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise SourceError(
                    located.source,
                    key_node.start_mark.line + 1,
                    dotted(path),
                    "a key must be a scalar",
                )
            if key in result:
                raise SourceError(
                    located.source,
                    key_node.start_mark.line + 1,
                    dotted((*path, key)),
                    "duplicate key",
                )
            result[key] = _build(value_node, (*path, key), located, loader)
            located.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, (*path, i), located, loader) for i, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, source: str) -> YamlDoc:
    """Parse one YAML document, raising SourceError with a line on any syntax problem."""
    located = YamlDoc(source=source, data=None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located.data = None if node is None else _build(node, (), located, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(source, line, "", f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SourceError(source, None, "", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return located


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse a YAML file; unreadable or non-UTF-8 files are SourceErrors too."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), None, "", f"cannot read file: {exc}") from None
    return parse_yaml(text, str(path))
