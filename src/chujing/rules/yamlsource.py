"""YAML (and JSON) documents that remember where each value came from.

Law files are edited by hand; a load error must name the file, the line and the
key. PyYAML's composed node tree carries line marks, so values are built from
nodes and every path (tuple of keys and indexes) is mapped to its line.
Duplicate keys, which plain PyYAML and json silently overwrite, are refused; so are
YAML aliases (a 1 KB "billion laughs" file would otherwise expand without bound),
nesting deeper than MAX_DEPTH and values no type can hold (2026-02-30).
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
MAX_DEPTH = 64


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


class LawDataError(Exception):
    """The shipped or installation law data is malformed."""

    def __init__(self, problems: list[SourceError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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


class _Builder:
    """Builds values from composed nodes, each node once (a second visit is an alias)."""

    def __init__(self, located: YamlDoc, loader: Any) -> None:
        self.located = located
        self.loader = loader
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, path: Path_, message: str) -> SourceError:
        return SourceError(self.located.source, node.start_mark.line + 1, dotted(path), message)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, path, "不支持 YAML 别名（*引用）")
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise self.fail(node, path, f"嵌套超过 {MAX_DEPTH} 层")
        self.located.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:  # a well-formed timestamp naming no real day: 2026-02-30
            what = "不是有效日期" if node.tag.endswith(":timestamp") else "无法读取的值"
            raise self.fail(node, path, f"{what}：{node.value}") from None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "键必须是简单值")
            if id(key_node) in self.seen:
                raise self.fail(key_node, path, "不支持 YAML 别名（*引用）")
            self.seen.add(id(key_node))
            key = self._scalar(key_node, path)
            if key in result:
                raise self.fail(key_node, (*path, key), "重复的键")
            result[key] = self.build(value_node, (*path, key))
            self.located.lines[(*path, key)] = key_node.start_mark.line + 1
        return result


def parse_yaml(text: str, source: str) -> YamlDoc:
    """Parse one YAML document, raising SourceError with a line on any syntax problem."""
    located = YamlDoc(source=source, data=None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        located.data = None if node is None else _Builder(located, loader).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(
            source, line, "", f"YAML 格式错误：{exc.problem or exc.context}"
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(source, None, "", f"YAML 格式错误：{exc}") from None
    except RecursionError:
        raise SourceError(source, None, "", f"嵌套超过 {MAX_DEPTH} 层") from None
    finally:
        loader.dispose()
    return located


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given twice."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    out = _Object(pairs)
    seen: set[str] = set()
    out.repeated = []
    for key, _ in pairs:
        if key in seen:
            out.repeated.append(key)
        seen.add(key)
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"不支持的数值 {name}")


def _first_problem(data: Any) -> tuple[Path_, str] | None:
    """The path of the first repeated key or over-deep value, walking without recursion."""
    stack: list[tuple[Any, Path_]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path, f"嵌套超过 {MAX_DEPTH} 层"
        if isinstance(value, _Object):
            if value.repeated:
                return (*path, value.repeated[0]), "重复的键"
            stack.extend((v, (*path, k)) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(value))))
    return None


def parse_json(text: str, source: str) -> Any:
    """Parse JSON strictly: repeated keys, NaN/Infinity and over-deep nesting are refused."""
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise SourceError(source, exc.lineno, "", f"JSON 格式错误：{exc.msg}") from None
    except ValueError as exc:
        raise SourceError(source, None, "", str(exc)) from None
    except RecursionError:
        raise SourceError(source, None, "", f"嵌套超过 {MAX_DEPTH} 层") from None
    problem = _first_problem(data)
    if problem is not None:
        raise SourceError(source, None, dotted(problem[0]), problem[1])
    return _plain(data)


def _plain(value: Any) -> Any:
    """Ordinary dicts and lists again (the depth was bounded above)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def parse_document(text: str, source: str) -> Any:
    """A plan or other input document: JSON when it starts like JSON, else YAML."""
    if text.lstrip().startswith(("{", "[")):
        return parse_json(text, source)
    return parse_yaml(text, source).data


def read_yaml(path: Path) -> YamlDoc:
    """Read and parse a YAML file; unreadable or non-UTF-8 files are SourceErrors too."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), None, "", f"无法读取文件：{exc}") from None
    return parse_yaml(text, str(path))
