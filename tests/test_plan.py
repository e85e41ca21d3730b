"""The formula plan: written by the builder with the workbook, evaluated by the checker.

The builder's cached values are the plan evaluated over the inputs it writes; the checker
evaluates the same plan over a submission read back from its file, computing again only
what reads a changed input. These tests hold the two ends together."""

import pytest

from iku_excel.config import current
from iku_excel.demo.sample import sample_builder
from iku_excel.engine.model import expected_values, template_model
from iku_excel.engine.reader import read_workbook
from iku_excel.templates.builder import WorkbookBuilder
from iku_excel.templates.plan import Formula, FormulaPlan, Ref, Rows

from .conftest import SEED_INSTANSI, YEAR


def test_a_plan_computes_again_only_what_reads_a_changed_input():
    plan = FormulaPlan()
    calls = []

    def add(*values):
        calls.append(values)
        return sum(v or 0 for v in values)

    a, b = ("S", 0, 0), ("S", 0, 1)
    plan.add(("S", 1, 0), Formula("=A1", add, (Ref(a),)))
    plan.add(("S", 1, 1), Formula("=B1", add, (Ref(b),)))
    plan.add(("S", 2, 0), Formula("=A2+B2", add, (Ref(("S", 1, 0)), Ref(("S", 1, 1)))))
    plan.add(("S", 3, 0), Formula("=COUNT(R)", lambda rows: len(rows), (Rows("reg"),)))
    cells = {a: 1.0, b: 2.0}
    base = plan.evaluate(lambda ref: cells.get(ref.key), lambda _k: [])
    assert base == {("S", 1, 0): 1.0, ("S", 1, 1): 2.0, ("S", 2, 0): 3.0, ("S", 3, 0): 0}
    calls.clear()
    cells[b] = 5.0
    after = plan.evaluate(lambda ref: cells.get(ref.key), lambda _k: [], base, {b})
    assert after[("S", 2, 0)] == 6.0 and after[("S", 1, 0)] == 1.0
    assert calls == [(5.0,), (1.0, 5.0)]  # A2 was not computed again
    calls.clear()
    assert plan.evaluate(lambda ref: cells.get(ref.key), lambda _k: [{}], base, {"reg"})[("S", 3, 0)] == 1
    assert calls == []
    with pytest.raises(ValueError):
        plan.add(("S", 1, 0), Formula("=1", lambda: 1))


@pytest.mark.parametrize("instansi", SEED_INSTANSI)
def test_the_checker_evaluating_the_plan_on_a_sample_gets_the_builders_cached_values(catalog, workbooks, instansi):
    """Every formula cell: the builder's own value (written as the cached value) equals the plan
    evaluated over the inputs read back from the file, incrementally from the empty template."""
    spec = sample_builder(catalog, instansi, YEAR).spec()
    book = read_workbook(workbooks[(instansi, "contoh")])
    model = template_model(instansi, YEAR, current())
    checked = expected_values(model, book)
    written = dict(spec.values)
    assert set(checked) == set(written)
    differ = {k: (written[k], checked[k]) for k in written if written[k] != checked[k]}
    assert not differ, list(differ.items())[:5]
    assert sum(1 for k in written if written[k] != model.values[k]) > 20  # the sample moved them


def test_the_empty_template_read_back_computes_nothing(workbooks, monkeypatch):
    """No input differs from the template's: the checker takes every value from the model."""
    model = template_model("ngantang", YEAR, current())
    book = read_workbook(workbooks[("ngantang", "templat")])
    calls = []
    original = FormulaPlan.value

    def counted(self, *args):
        calls.append(args[0].key)
        return original(self, *args)

    monkeypatch.setattr(FormulaPlan, "value", counted)
    values = expected_values(model, book)
    assert calls == []
    assert len(values) == len(model.plan.steps) > 1000


def test_every_formula_reads_only_what_was_written_before_it(catalog):
    """The builder fills the sheets in the order their formulas read each other: a formula
    reading an input not yet written, or a formula cell not yet computed, fails the build."""
    spec = WorkbookBuilder(catalog, catalog.get("candipuro"), YEAR).spec()
    seen = set()
    for step in spec.plan.steps:
        for arg in step.formula.args:
            if isinstance(arg, Ref) and arg.key in spec.plan.index:
                assert arg.key in seen, (step.key, arg.key)
        seen.add(step.key)
