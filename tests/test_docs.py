"""Docs that cannot drift: every Excel function and formula kind is in the README."""

from pathlib import Path

from iku_excel.catalog.kinds import KINDS
from iku_excel.udf import FUNCTIONS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    block = README.split("```", 2)[1]
    assert "make demo" in block and "make test" in block


def test_every_excel_function_is_documented_with_its_arguments():
    import inspect

    for name, fn in FUNCTIONS.items():
        params = ", ".join(
            p if inspect.signature(fn).parameters[p].default is inspect.Parameter.empty
            else f'{p}="{inspect.signature(fn).parameters[p].default}"'
            for p in inspect.signature(fn).parameters
        )
        assert f"`{name}({params})`" in README, name


def test_every_formula_kind_is_documented():
    for kind in KINDS:
        assert f"| `{kind}` |" in README, kind
