"""Null tests skipped where the input model's types say a value cannot be null, and only there."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from indicator_lib.rules import compile_rules
from indicator_lib.rules._types import FieldT, ListT, TypeRegistry


class Row(BaseModel):
    name: str
    weight: Decimal
    actual: Decimal | None = None
    bonus: Decimal = None  # type: ignore[assignment]  # a default pydantic does not validate
    count: int = 0


class Sheet(BaseModel):
    rows: list[Row]
    maybe_rows: list[Row | None] = []
    head: Row | None = None


def test_field_facts() -> None:
    rec = TypeRegistry().record(Sheet)
    row = TypeRegistry().record(Row)
    assert {name: f.nonnull for name, f in row.fields.items()} == {
        "name": True,
        "weight": True,
        "actual": False,
        "bonus": False,  # default None
        "count": False,  # converted (int → Decimal)
    }
    rows, maybe = rec.fields["rows"], rec.fields["maybe_rows"]
    assert isinstance(rows, FieldT) and isinstance(rows.type, ListT) and rows.type.elem_nonnull
    assert isinstance(maybe.type, ListT) and not maybe.type.elem_nonnull
    assert rows.type == maybe.type  # the fact does not take part in comparisons
    assert not rec.fields["head"].nonnull


RULES = """\
input Sheet
def w(r: Row) = r.weight * 2 + (r.bonus ?? 0) + (r.actual ?? 0) * (r.actual ?? 0) - (r.bonus ?? 0) * 2
score a "A" for r in self.rows = w(r) + (r.actual ?? 1)
score b "B" for r in self.maybe_rows = w(r)
check c "C" for r in self.maybe_rows = r.name != "x"
  message "{r.name} {r.weight}"
check d "D" for r in self.rows where w(r) > 0 = w(r) < 6
  message "{r.name} {w(r)}"
let h = self.head.weight
"""


def test_compiled_equals_interpreter_with_null_items_and_defaults() -> None:
    rules = compile_rules(RULES, input=Sheet)
    source = rules._compiled.source
    assert "M6 = G[6]" not in source  # memoised by item index, one memo per list path
    assert source.count(".get(k, _UNSET)") == 5
    assert "if v is None" not in source.split("def score_1")[0]  # rows: items never null
    assert "v is None" in source.split("def score_1")[1]  # maybe_rows: items may be null
    sheet = Sheet(
        rows=[Row(name="a", weight=Decimal(3)), Row(name="b", weight=Decimal("1.5"), actual=Decimal(2))],
        maybe_rows=[None, Row(name="x", weight=Decimal(1))],
    )
    fast, slow = rules.evaluate(sheet), rules.interpret(sheet)
    assert fast.model_dump() == slow.model_dump()
    assert [s.value for s in fast.scores] == [Decimal(7), Decimal(9), None, Decimal(2)]
    assert fast.values["h"] is None
    assert [f.message for f in fast.findings][-3:] == ["x 1", "a 6", "b 7"]
