"""A synthetic customer table with its ground truth: which column holds what, and how many
distinct persons (ordinary, sensitive, under 14) it concerns.

Persons repeat across rows (a pool of about a third of the row count), some headers say
nothing (``col7``, ``f_3``, ``备注``) and trap columns look like PI but are not.
"""

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from chujing import ids
from chujing.synth import spellings, vocab
from chujing.synth import values as v

Gen = Callable[[random.Random, v.Person], str]


@dataclass(frozen=True)
class ColumnSpec:
    """One generated column: its informative header, what it holds, and how often it is filled."""

    header: str
    kind: str
    pi: str
    make: Gen
    fill: float = 1.0
    sensitive_kinds: tuple[str, ...] = ()
    header_required: bool = False


def _remark(rng: random.Random, p: v.Person) -> str:
    roll = rng.random()
    if roll < 0.2:
        return f"客户来电，回拨{p.mobile}"
    if roll < 0.3:
        return f"证件号{p.resident_id}已核验"
    if roll < 0.4:
        return f"发票寄至{p.email}"
    return rng.choice(vocab.REMARKS_PLAIN)


MESSY = 0.3  # share of identifier cells spelled otherwise in a messy table
MASKED = 0.03  # share of identifier cells masked in a messy table
AGENT = 0.05  # share of messy remarks naming another person (an agent) by ID


SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("客户姓名", "person_name", "personal", lambda r, p: p.name),
    ColumnSpec("身份证号", "cn_resident_id", "personal", lambda r, p: p.resident_id),
    ColumnSpec("手机号", "mobile_phone", "personal", lambda r, p: p.mobile),
    ColumnSpec("固定电话", "landline_phone", "personal", lambda r, p: v.landline(r), 0.6),
    ColumnSpec("电子邮箱", "email", "personal", lambda r, p: p.email),
    ColumnSpec(
        "银行卡号", "bank_card", "sensitive", lambda r, p: p.bank_card, 0.3, ("financial_account",)
    ),
    ColumnSpec("收货地址", "address", "personal", lambda r, p: p.address),
    ColumnSpec("车牌号", "license_plate", "personal", lambda r, p: v.license_plate(r), 0.7),
    ColumnSpec("车架号", "vin", "personal", lambda r, p: v.vin(r), 0.7),
    ColumnSpec(
        "定位", "geo_coordinate", "sensitive", lambda r, p: v.coordinate(r), 0.3, ("whereabouts",)
    ),
    ColumnSpec(
        "诊断", "medical", "sensitive", lambda r, p: v.diagnosis(r), 0.25, ("medical_health",)
    ),
    ColumnSpec("民族", "ethnicity", "personal", lambda r, p: p.ethnicity),
    ColumnSpec(
        "出生日期",
        "birth_date",
        "personal",
        lambda r, p: p.birth_date.isoformat(),
        header_required=True,
    ),
    ColumnSpec("护照号码", "passport", "personal", lambda r, p: p.passport, 0.2),
    ColumnSpec(
        "通行证号码", "hk_macao_taiwan_permit", "personal", lambda r, p: v.hmt_permit(r), 0.1
    ),
    ColumnSpec("登录IP", "ip_address", "personal", lambda r, p: v.ip_address(r)),
    ColumnSpec("单位信用代码", "uscc", "none", lambda r, p: v.uscc(r)),
    ColumnSpec("备注", "free_text_with_pi", "personal", _remark, header_required=True),
    ColumnSpec("订单号", "none", "none", lambda r, p: v.order_number(r)),
    ColumnSpec("商品编码", "none", "none", lambda r, p: v.sku(r)),
    ColumnSpec("金额", "none", "none", lambda r, p: v.amount(r)),
    ColumnSpec("下单时间", "none", "none", lambda r, p: v.timestamp(r)),
    ColumnSpec("核验码", "none", "none", lambda r, p: v.wrong_check_resident_id(r)),
)
SENSITIVE_KINDS = {"bank_card", "geo_coordinate", "medical"}
SENSITIVE_COLUMNS = [i for i, s in enumerate(SPECS) if s.kind in SENSITIVE_KINDS]
ID_COLUMN = next(i for i, s in enumerate(SPECS) if s.kind == "cn_resident_id")
REMARK_COLUMN = next(i for i, s in enumerate(SPECS) if s.kind == "free_text_with_pi")
NOISE = 0.02
JUNK = ("无", "-", "不详", "N/A")


@dataclass
class Truth:
    """What the scanner should find in a generated table."""

    rows: int
    seed: int
    as_of: date
    columns: list[dict[str, object]]
    persons: set[str] = field(default_factory=set)
    sensitive: set[str] = field(default_factory=set)
    minors: set[str] = field(default_factory=set)
    masked: int = 0
    """ID cells that are masked: no person, counted apart."""

    def to_json(self) -> dict[str, object]:
        """The ground-truth document written beside a generated file."""
        return {
            "rows": self.rows,
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "columns": self.columns,
            "persons": {
                "distinct": len(self.persons),
                "sensitive_distinct": len(self.sensitive | self.minors),
                "minors_under_14": len(self.minors),
                "masked": self.masked,
                "key_kind": "cn_resident_id",
            },
        }


class SyntheticTable:
    """A seeded table: iterate ``rows()`` once, then read ``truth``."""

    def __init__(
        self,
        rows: int,
        seed: int,
        *,
        as_of: date | None = None,
        plain_headers: bool = False,
        noise: float = NOISE,
        messy: bool = False,
    ) -> None:
        self.noise = noise
        self.messy = messy
        self.n_rows = rows
        self.seed = seed
        self.as_of = as_of or date.today()
        layout = random.Random(seed)
        self.headers: list[str] = []
        for i, spec in enumerate(SPECS, start=1):
            vague = not plain_headers and not spec.header_required and layout.random() < 0.4
            self.headers.append(
                layout.choice((f"col{i}", f"f_{i}", f"字段{i}")) if vague else spec.header
            )
        self.truth = Truth(
            rows=rows,
            seed=seed,
            as_of=self.as_of,
            columns=[
                {
                    "name": h,
                    "kind": s.kind,
                    "pi": s.pi,
                    "sensitive_kinds": list(s.sensitive_kinds),
                }
                for h, s in zip(self.headers, SPECS, strict=True)
            ],
        )

    def _person(self, index: int) -> v.Person:
        return v.person(random.Random(self.seed * 10_000_019 + index), today=self.as_of)

    def rows(self) -> Iterator[list[str]]:
        """Yield the rows as strings (empty string for an empty cell) and fill ``truth``."""
        rng = random.Random(self.seed + 1)
        pool = max(1, self.n_rows // 3)
        threshold = ids.born_before_cutoff(self.as_of, 14)
        truth = self.truth
        for _ in range(self.n_rows):
            p = self._person(rng.randrange(pool))
            row = [self._cell(rng, spec, p) for spec in SPECS]
            named = []  # persons are told apart by their ID (two invented ones may share one)
            if self._names_holder(row[ID_COLUMN], p):
                named.append(p.resident_id)
            if self.messy and row[REMARK_COLUMN] and rng.random() < AGENT:
                agent = self._person(rng.randrange(pool)).resident_id
                row[REMARK_COLUMN] = f"代办人身份证{agent}，{row[REMARK_COLUMN]}"
                named.append(agent)
            if p.resident_id in row[REMARK_COLUMN]:
                named.append(p.resident_id)  # a junk ID cell, but the remark quotes the ID
            if "*" in row[ID_COLUMN]:
                truth.masked += 1
            sensitive = any(row[i] and row[i] not in JUNK for i in SENSITIVE_COLUMNS)
            for key in named:
                truth.persons.add(key)
                if (ids.resident_id_birth_date(key) or date.min) > threshold:
                    truth.minors.add(key)
                if sensitive:
                    truth.sensitive.add(key)
            yield row

    @staticmethod
    def _names_holder(cell: str, p: v.Person) -> bool:
        """Whether an ID cell spells the row's person's ID (and is not junk or masked)."""
        compact = "".join(c for c in cell.upper() if c not in " -.")
        compact = compact.translate({0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF38: 88})
        if len(compact) == 15:
            return ids.resident_id_upgrade(compact) == p.resident_id
        return compact == p.resident_id

    def _cell(self, rng: random.Random, spec: ColumnSpec, p: v.Person) -> str:
        """One cell: empty, junk (无, -, …), or the value in one of its usual spellings."""
        if spec.fill < 1.0 and rng.random() >= spec.fill:
            return ""
        if rng.random() < self.noise:
            return rng.choice(JUNK)
        value = spec.make(rng, p)
        roll = rng.random()
        if self.messy and spec.kind in MESSY_KINDS:
            if roll < MASKED:
                return spellings.masked(spec.kind, value)
            if roll < MASKED + MESSY:
                return MESSY_KINDS[spec.kind](rng, value)
            return value
        if spec.kind == "mobile_phone" and roll < 0.1:
            return f"+86 {value}" if roll < 0.05 else f"{value[:3]}-{value[3:7]}-{value[7:]}"
        if spec.kind == "cn_resident_id" and roll < 0.3:
            return value.lower()
        if spec.kind == "email" and roll < 0.05:
            return value.upper()
        return value


NESTED_PATHS = {
    "person_name": "customer.name",
    "cn_resident_id": "customer.id_number",
    "birth_date": "customer.birth_date",
    "ethnicity": "customer.ethnicity",
    "address": "customer.address",
    "passport": "customer.documents[].passport",
    "hk_macao_taiwan_permit": "customer.documents[].permit",
    "mobile_phone": "contacts[].mobile",
    "landline_phone": "contacts[].landline",
    "email": "contacts[].email",
    "bank_card": "payment.bank_card",
    "license_plate": "vehicle.plate",
    "vin": "vehicle.vin",
    "geo_coordinate": "location",
    "medical": "health.diagnosis",
    "ip_address": "login_ip",
    "uscc": "employer.credit_code",
}


def nested_path(spec: ColumnSpec) -> str:
    """Where a column's values sit in a nested record (its header for the others)."""
    return NESTED_PATHS.get(spec.kind, spec.header)


MESSY_KINDS = {
    "cn_resident_id": spellings.resident_id,
    "mobile_phone": spellings.mobile,
    "bank_card": spellings.bank_card,
}
