"""A neutral model of an official document (公文), rendered to .docx and to PDF.

Builders (the Art 11 report, order notices, the half-yearly report) fill this model;
the renderers alone know the GB/T 9704 layout.
"""

from dataclasses import dataclass, field
from datetime import date

from chujing.rules.jurisdiction import current_book, foreign_measures
from chujing.rules.models import chinese_number
from chujing.rules.packs import current_pack


def served_letterhead() -> str:
    """The 发文机关标志 of the jurisdiction pack served (its `letterhead`)."""
    return current_pack().letterhead.head()


def pack_citation(rule_id: str | None) -> str | None:
    """The citation of a rule as the served pack's book has it, or None when the pack has no
    such rule or the rule belongs to another pack's measures (a Beijing notice never cites
    Chongqing's articles)."""
    if rule_id is None:
        return None
    book = current_book()
    versions = [r for r in book.rules if r.id == rule_id]
    if not versions:
        return None
    foreign = foreign_measures(current_pack().code)
    return None if versions[-1].instrument in foreign else book.citation(rule_id)


def no_basis(what: str) -> str:
    """What a document says where the served pack's measures name no rule for it (its
    `roles`): plainly, so that no reader takes the platform's document for a required one."""
    return (
        f"{current_pack().short_name}数据出境管理措施未规定{what}，"
        "本件由平台依所载数据编制，不援引具体条款。"
    )


@dataclass(frozen=True)
class Table:
    """A simple table: one header row and text cells."""

    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    """A numbered part of the body: a 黑体 heading, paragraphs and an optional table."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass(frozen=True)
class OfficialDocument:
    """标题、主送机关、正文、落款和成文日期, as GB/T 9704 orders them."""

    title: str
    recipient: str
    opening: list[str]
    sections: list[Section]
    signer: str
    dated: date
    note: str = ""
    letterhead: str = field(default_factory=served_letterhead)  # 版头: 发文机关标志


def chinese_date(day: date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def heading_number(index: int) -> str:
    """The first-level heading number of the index-th section: 一、二、… 十一、"""
    return chinese_number(index + 1) + "、"
