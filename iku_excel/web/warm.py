"""Imported by the fork server of `layan` before it forks any check: the catalog, loaded once
in the configuration the server was started with (iku_excel.config reads it from the
environment the server sets, IKU_EXCEL_KATALOG), so no check loads it again."""

from iku_excel.config import current

try:
    current().catalog
except Exception:  # a broken catalog is reported by the check that meets it
    pass
