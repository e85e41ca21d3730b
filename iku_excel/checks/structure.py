"""Which template a submission was made from, and whether its skeleton is intact."""

from __future__ import annotations

from iku_excel.catalog import CatalogError
from iku_excel.checks.findings import Finding, finding
from iku_excel.checks.submission import Submission
from iku_excel.config import Config
from iku_excel.engine.model import TemplateModel, template_model
from iku_excel.engine.reader import Workbook
from iku_excel.excel import a1
from iku_excel.templates.layout import SHEET_META, TEMPLATE_ID_PREFIX, TEMPLATE_VERSION


def _meta(book: Workbook, name: str) -> object:
    target = book.name_target(name)
    if target is None:
        return None
    sheet, r, c, _r2, _c2 = target
    return book.value(sheet, r, c)


def identify(book: Workbook, config: Config) -> tuple[list[Finding], TemplateModel | None, dict]:
    """Findings about the template, the model to check against (None when there is none) and the metadata.
    `config` says which catalog the checker holds the workbook against."""
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
        config.catalog.get(instansi)
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
    tahun = meta["IKU_TAHUN"]
    try:
        tahun = int(tahun)
    except (TypeError, ValueError):
        return findings + [finding("BUKAN_TEMPLAT", "tahun templat (IKU_TAHUN) tidak terbaca", SHEET_META)], None, meta
    if version < TEMPLATE_VERSION:
        # its layout is not this version's: checking it cell by cell against the new one would
        # report nonsense. Only its identity is known; the office is asked to move to the new one.
        meta.update(instansi=instansi, tahun=tahun, versi=version)
        return [finding("VERSI_TEMPLAT_LAMA", f"templat versi {version}, sedangkan versi berlaku {TEMPLATE_VERSION}: "
                        f"hanya identitasnya ({instansi}, {tahun}) yang diperiksa, isinya belum; pindahkan isian ke "
                        "templat terbaru lalu kirim ulang", SHEET_META)], None, meta
    model = template_model(instansi, tahun, config)
    if meta["IKU_CATALOG_DIGEST"] not in (None, model.digest) and version == TEMPLATE_VERSION:
        findings.append(finding("VERSI_TEMPLAT_LAMA", "templat dibuat dari katalog indikator yang berbeda dengan "
                                "katalog pemeriksa (target atau indikator berubah); pakai templat terbaru", SHEET_META))
    meta.update(instansi=instansi, tahun=tahun, versi=version)
    return findings, model, meta


def skeleton(sub: Submission) -> list[Finding]:
    """Missing or renamed sheets, named ranges and tables."""
    book, model = sub.book, sub.model
    findings = []
    expected_sheets = list(model.book.sheets)
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


def year(sub: Submission) -> list[Finding]:
    """The year on Profil drives every deadline formula; it must stay the template's year."""
    book, model = sub.book, sub.model
    from iku_excel.templates.layout import PROFIL, SHEET_PROFIL

    row = PROFIL["Profil_Tahun"].row + 1
    value = book.value(SHEET_PROFIL, row, 2)
    if value is None or value == model.tahun:
        return []
    return [finding("TAHUN_DIUBAH", f"tahun di lembar Profil tertulis {value}, padahal templat ini untuk tahun "
                    f"{model.tahun}: batas waktu dokumen desa dan target ikut bergeser; pakai templat tahun "
                    f"{value} (iku-excel templat --tahun {value}) atau kembalikan tahunnya", SHEET_PROFIL, f"B{row}")]


def identity(sub: Submission) -> list[Finding]:
    """The hidden metadata, Profil's fixed fields and the indicators on the IKU/IKI sheets must all
    name the same instansi and year as the catalog: relabelling one of them (a Candipuro file whose
    _meta says "senduro") would file the numbers under another kecamatan."""
    book, model = sub.book, sub.model
    from iku_excel.templates.layout import PROFIL_CELLS, SHEET_PROFIL

    inst = model.spec.catalog.get(model.instansi)
    findings = []
    claimed = _meta(book, "IKU_INSTANSI")
    if claimed != model.instansi:
        findings.append(finding("IDENTITAS_TIDAK_COCOK", f"_meta menyebut instansi '{claimed}', padahal templatnya "
                                f"untuk '{model.instansi}'; lembar tersembunyi _meta tidak boleh diubah", SHEET_META))
    expected = {"Profil_Instansi": inst.nama, "Profil_Kabupaten": inst.kabupaten}
    for row, name, label, *_ in PROFIL_CELLS:
        if name in expected and book.value(SHEET_PROFIL, row + 1, 2) != expected[name]:
            findings.append(finding("IDENTITAS_TIDAK_COCOK", f"{label} tertulis {_quoted(book.value(SHEET_PROFIL, row + 1, 2))}, "
                                    f"padahal templat ini untuk {expected[name]}: berkas ini tidak dapat dicatat atas "
                                    "nama instansi mana pun; isi ulang pada templat instansi Anda", SHEET_PROFIL, f"B{row + 1}"))
    for (sheet, row, col), full_id in model.spec.target_cells.items():
        want = model.book.sheets[sheet].cells.get((row, 3))
        got = book.value(sheet, row, 3)
        if sheet in book.sheets and want is not None and got != want.value:
            findings.append(finding("IDENTITAS_TIDAK_COCOK", f"indikator di baris {row} tertulis {_quoted(got)}, "
                                    f"padahal templat {inst.nama} {model.tahun} memuat '{want.value}'", sheet, f"C{row}"))
    return findings


def _quoted(value: object) -> str:
    return "(kosong)" if value in (None, "") else f"'{value}'"


# _meta rows that may differ between honest copies: the kind (a sample or a template), the
# generator's version, the catalog digest and template version (both reported on their own).
META_FREE = ("kind", "generator", "catalog_digest", "template_version")


def support_sheets(sub: Submission) -> list[Finding]:
    """_meta, Daftar and xlwings.conf must be the template's, cell for cell."""
    book, model = sub.book, sub.model
    from iku_excel.templates.layout import SHEET_DAFTAR, SHEET_XLWINGS

    findings = []
    for sheet in (SHEET_META, SHEET_DAFTAR, SHEET_XLWINGS):
        have = book.sheets.get(sheet)
        want = model.book.sheets.get(sheet)
        if have is None or want is None:
            continue  # a missing sheet is LEMBAR_HILANG
        expected = {key: cell.value for key, cell in want.cells.items() if cell.value not in (None, "")}
        free = set()
        if sheet == SHEET_META:
            free = {(r, 2) for (r, c), v in expected.items() if c == 1 and v in META_FREE}
        got = {k: c.value for k, c in have.cells.items() if c.value not in (None, "")}
        differ = sorted(k for k in set(expected) | set(got)
                        if k not in free and _plain(got.get(k)) != _plain(expected.get(k)))
        if not differ:
            continue
        r, c = differ[0]
        cell = a1(r, c)
        if sheet == SHEET_XLWINGS:
            findings.append(finding("XLWINGS_CONF_DIUBAH", f"pengaturan xlwings di lembar tersembunyi '{sheet}' diubah "
                                    f"({len(differ)} sel, mulai {cell}: {_quoted(got.get((r, c)))}): pengaturan ini dapat "
                                    "mengarahkan add-in Excel ke program atau folder jaringan lain. Jangan buka berkas ini "
                                    "dengan add-in xlwings; minta berkas yang diisi pada templat asli", sheet, cell))
        else:
            findings.append(finding("LEMBAR_PENDUKUNG_DIUBAH", f"lembar tersembunyi '{sheet}' berbeda dari templat "
                                    f"({len(differ)} sel, mulai {cell}: tertulis {_quoted(got.get((r, c)))}, templat "
                                    f"{_quoted(expected.get((r, c)))}); isi ulang pada templat asli", sheet, cell))
    return findings


def _plain(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def security(book: Workbook, model: TemplateModel | None = None) -> list[Finding]:
    findings = []
    workbook_names = set(book.names) | (set(model.names) if model else set())
    for name, sheet in book.local_names:
        if name in workbook_names:
            findings.append(finding("NAMA_LOKAL_MEMBAYANGI", f"nama sel '{name}' didefinisikan lagi khusus untuk lembar "
                                    f"'{sheet}': rumus di lembar itu membaca sel lain daripada yang diperiksa; hapus "
                                    "nama tingkat lembar itu di Name Manager", sheet))
    if book.has_macros:
        findings.append(finding("MAKRO_ADA", "buku kerja berisi makro VBA; makro tidak dijalankan oleh pemeriksa"))
    if book.external_links:
        findings.append(finding("TAUTAN_EKSTERNAL", f"buku kerja berisi {book.external_links} tautan ke berkas lain; "
                                "nilai dari berkas lain tidak ikut diperiksa"))
    return findings
