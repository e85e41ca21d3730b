"""A submission being checked against its template, and the checks it goes through, in order.

Each check is a small function of the submission returning its findings (their codes and
severities are the table in findings.py). They run from one list, in the order below: what a
later check needs (the recalculated values, whether every sheet is there) is left on the
submission by an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iku_excel.checks.findings import Finding


@dataclass
class Submission:
    book: object  # engine.reader.Workbook
    model: object  # engine.model.TemplateModel: the template it was made from
    expected: dict  # every template formula cell, recalculated from the submission's inputs
    found: list[Finding] = field(default_factory=list)  # the findings so far
    values: dict | None = None  # the recalculated values, as the formula check settles them

    @property
    def intact(self) -> bool:
        """Every sheet of the template is there (else comparing shown values has nothing to stand on)."""
        return not any(f.code == "LEMBAR_HILANG" for f in self.found)


def checks() -> tuple:
    """The checks, in the order they run: the workbook's frame first (sheets, names, year, identity,
    hidden sheets), then its formulas (which settle the recalculated values), then its inputs."""
    from iku_excel.checks import formulas, inputs, structure

    return (structure.skeleton, structure.extras, structure.year, structure.identity, structure.support_sheets,
            formulas.check, inputs.check)


def run(sub: Submission) -> list[Finding]:
    for check in checks():
        sub.found.extend(check(sub))
    return sub.found
