"""The package as a whole: fast import, the lazy facade, shipped data, the console command."""

from __future__ import annotations

import subprocess
import sys

import pytest

import indicator_lib
from indicator_lib import _resources
from indicator_lib.cli import main
from indicator_lib.errors import CatalogLookupError, Diagnostic, IndicatorLibError


def test_import_does_not_load_heavy_dependencies() -> None:
    code = (
        "import sys, indicator_lib; "
        "heavy = [m for m in ('networkx', 'pydantic', 'lark', 'openpyxl', 'yaml') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_public_name_resolves() -> None:
    for name in indicator_lib.__all__:
        assert getattr(indicator_lib, name) is not None, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = indicator_lib.no_such_thing  # type: ignore[attr-defined]


def test_shipped_folders_are_found() -> None:
    assert (_resources.grammars_dir()).is_dir()
    assert (_resources.catalogs_dir()).is_dir()


def test_lookup_error_is_also_a_builtin_lookup_error() -> None:
    err = CatalogLookupError("未知科目「999」", "unknown code '999'")
    assert isinstance(err, LookupError)
    assert isinstance(err, IndicatorLibError)
    assert err.code == "not-found"


def test_diagnostic_rendering_is_pinned() -> None:
    diag = Diagnostic(
        code="unknown-field",
        message="未知字段「wieght」，是否为「weight」？",
        message_en="unknown field 'wieght'; did you mean 'weight'?",
        file="a.rules",
        line=3,
        column=9,
        end_line=3,
        end_column=15,
        source_line="score s = i.wieght",
    )
    assert diag.render() == (
        "a.rules:3:9: error[unknown-field]: 未知字段「wieght」，是否为「weight」？\n"
        "  / unknown field 'wieght'; did you mean 'weight'?\n"
        " 3 | score s = i.wieght\n"
        "   |         ^^^^^^"
    )


def test_cli_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "indicator-lib" in capsys.readouterr().out
