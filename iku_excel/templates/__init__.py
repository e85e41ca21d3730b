"""Standard workbooks generated from the catalog: `build_template`, `build_sample`."""

from iku_excel.templates.builder import build_sample, build_template, template_filename, template_id

__all__ = ["build_sample", "build_template", "template_filename", "template_id"]
