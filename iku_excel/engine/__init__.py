"""Headless recalculation of workbooks, without Excel (the `formulas` engine)."""
