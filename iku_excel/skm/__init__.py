"""Survei Kepuasan Masyarakat: read survey exports (survey.py), fill Reg SKM (importer.py), Laporan SKM (laporan.py)."""
