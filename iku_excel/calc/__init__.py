"""The formula library: pure functions, no Excel and no files.

Every indicator formula of the project lives here once. Templates, the xlwings
UDFs, the headless engine and the VBA fallback are all checked against it.
"""

from iku_excel.calc.errors import InvalidInput, MissingValue

__all__ = ["InvalidInput", "MissingValue"]
