"""A neutral model of a filing document: title, notes, numbered sections of blocks.

Builders fill it from the plan's facts; `render.py` alone knows the template's format.
"""

from dataclasses import dataclass, field

from chujing.documents.model import Table

PLACEHOLDER = "【待填写：{}】"
__all__ = ["PLACEHOLDER", "Block", "FilingDocument", "Section", "Sub", "Table", "todo"]


def todo(what: str) -> str:
    """A visible placeholder for what the plan cannot know (never an invented value)."""
    return PLACEHOLDER.format(what)


@dataclass(frozen=True)
class Sub:
    """A second-level heading inside a section: （一）…"""

    text: str


Block = str | Sub | Table


@dataclass(frozen=True)
class Section:
    """A first-level heading (numbered 一、二、… by the renderer) and its blocks."""

    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class FilingDocument:
    """One document of the bundle.

    `cover` lines stand under the title (处理者名称（盖章）, date); `notes` is the 说明 block
    (the template's own, or the platform's notice that a text is a draft of its own making);
    `closing` lines end the document (signature, date)."""

    title: str
    sections: list[Section]
    cover: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    numbered: bool = True

    def headings(self) -> list[str]:
        """The first-level headings as rendered (一、… when numbered)."""
        from chujing.documents.model import heading_number

        if not self.numbered:
            return [s.heading for s in self.sections]
        return [heading_number(i) + s.heading for i, s in enumerate(self.sections)]
