"""Standard workbooks generated from the catalog: `build_template` (the demo's filled copies:
`iku_excel.demo.sample.build_sample`)."""

from iku_excel.templates.builder import build_template, template_filename, template_id

__all__ = ["build_template", "template_filename", "template_id"]
