"""What only the demo, the tests and the benchmark need: invented sample data (`sample`), one
deliberately broken copy per finding code (`defects`), the demo's batch of submissions
(`submissions`) and the speed measurement (`benchmark`). Nothing a user's workbook or the
checker depends on lives here."""
