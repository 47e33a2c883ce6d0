"""DuckDB's fast paths for decimal products and roundings give exactly the plain exact form's values."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from indicator_lib import sql
from indicator_lib.rules import compile_rules
from indicator_lib.sql._dialects import _fast_decimals, lower
from indicator_lib.sql._functions import as_number

STEP = Decimal("1e-10")


def _numbers(limit: int) -> st.SearchStrategy[Decimal | None]:
    return st.one_of(
        st.decimals(min_value=-limit, max_value=limit, places=10, allow_nan=False, allow_infinity=False),
        st.integers(min_value=-limit, max_value=limit).map(Decimal),
        # exact ties at 2 and at 10 decimals: the fast path must hand these to the exact form
        st.integers(min_value=-(10**6), max_value=10**6).map(lambda k: Decimal(k) / 100 + Decimal("0.005")),
        st.integers(min_value=-(10**6), max_value=10**6).map(lambda k: Decimal(k) * STEP + STEP / 2),
        st.none(),
    )


# magnitudes from tiny to 10⁹ and 10⁸: products stay below 10¹⁸, the range of DECIMAL(38, 20) that
# the exact form's product has in DuckDB (beyond it both forms raise DuckDB's overflow error)
xs, ys = _numbers(10**9), _numbers(10**8)


def _queries(places: list[int]) -> tuple[str, str]:
    x, y = exp.column("x"), exp.column("y")
    cols: list[exp.Expr] = [exp.column("i"), as_number(exp.Mul(this=x.copy(), expression=y.copy()))]
    for n in places:
        cols.append(as_number(exp.Round(this=x.copy(), decimals=exp.Literal.number(n))))
    plain = exp.select(*cols).from_("t").order_by("i")
    return plain.sql("duckdb"), _fast_decimals(plain.copy()).sql("duckdb")


def _table(con: Any, pairs: list[tuple[Decimal | None, Decimal | None]]) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]

    dec = pa.decimal128(38, 10)
    x = [None if v is None else v.quantize(STEP, rounding=ROUND_HALF_UP) for v, _ in pairs]
    y = [None if v is None else v.quantize(STEP, rounding=ROUND_HALF_UP) for _, v in pairs]
    table = pa.table({"i": list(range(len(pairs))), "x": pa.array(x, dec), "y": pa.array(y, dec)})
    con.register("src", table)
    con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM src")
    con.unregister("src")


def _half_up(v: Decimal | None, places: int) -> Decimal | None:
    return None if v is None else v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def test_the_fast_path_is_written_in_duckdb_score_lines_only() -> None:
    from tests.sql.conftest import DATA

    rules = compile_rules((DATA / "spec_example.rules").read_text(encoding="utf-8"), name="spec")
    duck = sql.to_sql(rules, "duckdb")
    lets, lines = duck.split("score_lines AS", 1)
    assert "0.00000000005" in lines and "0.005" in lines and "0.00000000005" not in lets
    for dialect in ("postgres", "spark", "oracle"):
        assert "0.00000000005" not in sql.to_sql(rules, dialect)
    x = exp.column("x")
    tree = exp.select(as_number(exp.Mul(this=x, expression=x.copy()))).from_("t")
    assert lower(tree, "duckdb").sql("duckdb") == tree.sql("duckdb")  # outside score_lines: plain


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(xs, ys), min_size=1, max_size=60))
def test_fast_forms_equal_the_exact_forms(pairs: list[tuple[Decimal | None, Decimal | None]]) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    _table(con, pairs)
    places = [0, 1, 2, 4, 10]
    plain, fast = _queries(places)
    expected = con.execute(plain).fetchall()
    got = con.execute(fast).fetchall()
    assert got == expected
    # and both are Python's half-up rounding of the exact values
    for (i, product, *rounded), (x, y) in zip(got, pairs, strict=True):
        xq = _half_up(x, 10)
        yq = _half_up(y, 10)
        assert product == (None if xq is None or yq is None else _half_up(xq * yq, 10)), i
        assert rounded == [_half_up(xq, n) for n in places], i


def test_huge_values_take_the_exact_form() -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    big = Decimal("123456789012345.1234567891")
    _table(
        con, [(big, Decimal("0.0000000003")), (big, Decimal(7)), (Decimal("-2.5"), Decimal("-0.0000000001"))]
    )
    plain, fast = _queries([0, 2, 9])
    assert con.execute(fast).fetchall() == con.execute(plain).fetchall()
