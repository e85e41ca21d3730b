"""iku-excel: indikator kinerja Kecamatan di Excel, dihitung dan diperiksa dengan Python.

The package is layered the way the data flows:
catalog (what is measured) -> calc (how it is computed) -> udf (the Excel-facing names)
-> templates -> engine -> checks -> reports.
"""

__version__ = "0.1.0"
