"""The indicator catalog: every indicator of the seed documents, as data.

    from iku_excel.catalog import load_catalog
    catalog = load_catalog()
    for item in catalog.indicators("randuagung"):
        print(item.full_id, item.spec.nama, item.spec.target)
"""

from iku_excel.catalog.loader import Catalog, CatalogError, CatalogIndicator, load_catalog

__all__ = ["Catalog", "CatalogError", "CatalogIndicator", "load_catalog"]
