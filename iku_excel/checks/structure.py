"""Which template a submission was made from, and whether its skeleton is intact."""

from __future__ import annotations

from iku_excel.catalog import CatalogError, load_catalog
from iku_excel.checks.findings import Finding, finding
from iku_excel.engine.model import TemplateModel, template_model
from iku_excel.engine.reader import Workbook
from iku_excel.templates.layout import SHEET_META, TEMPLATE_ID_PREFIX, TEMPLATE_VERSION


def _meta(book: Workbook, name: str) -> object:
    target = book.name_target(name)
    if target is None:
        return None
    sheet, r, c, _r2, _c2 = target
    return book.value(sheet, r, c)


def identify(book: Workbook) -> tuple[list[Finding], TemplateModel | None, dict]:
    """Findings about the template, the model to check against (None when there is none) and the metadata."""
    meta = {key: _meta(book, key) for key in ("IKU_TEMPLATE_ID", "IKU_TEMPLATE_VERSION", "IKU_INSTANSI", "IKU_TAHUN",
                                              "IKU_CATALOG_DIGEST")}
    template_id = meta["IKU_TEMPLATE_ID"]
    if not isinstance(template_id, str) or not template_id.startswith(TEMPLATE_ID_PREFIX + "/"):
        where = SHEET_META if SHEET_META in book.sheets else None
        return [finding("BUKAN_TEMPLAT", "buku kerja ini tidak dibuat dari templat standar iku-excel (lembar "
                        "tersembunyi '_meta' dan nama IKU_TEMPLATE_ID tidak ada); isi ulang data pada templat "
                        "dari Kabupaten (iku-excel templat)", where)], None, meta
    instansi = template_id.split("/", 1)[1]
    try:
        load_catalog().get(instansi)
    except CatalogError:
        return [finding("BUKAN_TEMPLAT", f"templat untuk instansi '{instansi}' tidak ada di katalog pemeriksa; "
                        "periksa apakah katalog Kabupaten sudah memuat instansi ini", SHEET_META)], None, meta
    findings: list[Finding] = []
    version = meta["IKU_TEMPLATE_VERSION"]
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = 0
    if version > TEMPLATE_VERSION:
        return [finding("VERSI_TEMPLAT_BARU", f"templat versi {version} lebih baru dari pemeriksa (versi "
                        f"{TEMPLATE_VERSION}); perbarui iku-excel di komputer pemeriksa", SHEET_META)], None, meta
    if version < TEMPLATE_VERSION:
        findings.append(finding("VERSI_TEMPLAT_LAMA", f"templat versi {version}, sedangkan versi berlaku "
                                f"{TEMPLATE_VERSION}; pindahkan isian ke templat terbaru", SHEET_META))
    tahun = meta["IKU_TAHUN"]
    try:
        tahun = int(tahun)
    except (TypeError, ValueError):
        return findings + [finding("BUKAN_TEMPLAT", "tahun templat (IKU_TAHUN) tidak terbaca", SHEET_META)], None, meta
    model = template_model(instansi, tahun)
    if meta["IKU_CATALOG_DIGEST"] not in (None, model.digest) and version == TEMPLATE_VERSION:
        findings.append(finding("VERSI_TEMPLAT_LAMA", "templat dibuat dari katalog indikator yang berbeda dengan "
                                "katalog pemeriksa (target atau indikator berubah); pakai templat terbaru", SHEET_META))
    meta.update(instansi=instansi, tahun=tahun, versi=version)
    return findings, model, meta


def skeleton(book: Workbook, model: TemplateModel) -> list[Finding]:
    """Missing or renamed sheets, named ranges and tables."""
    findings = []
    expected_sheets = list(model.recorded.sheets)
    extra = [s for s in book.sheets if s not in expected_sheets]
    for sheet in expected_sheets:
        if sheet not in book.sheets:
            hint = f" (lembar yang tidak dikenal: {', '.join(extra)}; apakah berganti nama?)" if extra else ""
            findings.append(finding("LEMBAR_HILANG", f"lembar '{sheet}' tidak ada{hint}; kembalikan nama lembar "
                                    "seperti di templat", sheet))
    for name, ref in sorted(model.names.items()):
        got = book.names.get(name)
        if got is None:
            findings.append(finding("NAMA_HILANG", f"nama sel '{name}' tidak ada; jangan menghapus nama di Name Manager",
                                    None))
        elif got.replace("'", "").replace("$", "") != ref.replace("'", "").replace("$", ""):
            findings.append(finding("NAMA_HILANG", f"nama sel '{name}' menunjuk {got}, padahal di templat {ref}; "
                                    "kembalikan seperti di templat", None))
    for sheet, tables in model.tables().items():
        have = book.sheets.get(sheet)
        if have is None:
            continue
        for table in tables:
            if table not in have.tables:
                findings.append(finding("TABEL_HILANG", f"tabel '{table}' tidak ada di lembar '{sheet}'; penyaringan "
                                        "dan pengurutan register tidak berfungsi", sheet))
    return findings


def year(book: Workbook, model: TemplateModel) -> list[Finding]:
    """The year on Profil drives every deadline formula; it must stay the template's year."""
    from iku_excel.templates.layout import PROFIL_CELLS, SHEET_PROFIL

    row = next(r for r, name, _l, _k in PROFIL_CELLS if name == "Profil_Tahun") + 1
    value = book.value(SHEET_PROFIL, row, 2)
    if value is None or value == model.tahun:
        return []
    return [finding("TAHUN_DIUBAH", f"tahun di lembar Profil tertulis {value}, padahal templat ini untuk tahun "
                    f"{model.tahun}: batas waktu dokumen desa dan target ikut bergeser; pakai templat tahun "
                    f"{value} (iku-excel templat --tahun {value}) atau kembalikan tahunnya", SHEET_PROFIL, f"B{row}")]


def security(book: Workbook) -> list[Finding]:
    findings = []
    if book.has_macros:
        findings.append(finding("MAKRO_ADA", "buku kerja berisi makro VBA; makro tidak dijalankan oleh pemeriksa"))
    if book.external_links:
        findings.append(finding("TAUTAN_EKSTERNAL", f"buku kerja berisi {book.external_links} tautan ke berkas lain; "
                                "nilai dari berkas lain tidak ikut diperiksa"))
    return findings
