"""The catalog written in Excel (issue: any kecamatan, any kabupaten): a seed exported and read
back is the same catalog and gives the same templates, byte for byte; every mistake is named at
its sheet and cell; a new register is defined in the workbook alone; and a kabupaten goes from
nothing to templates and a recap in three commands."""

import hashlib

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from iku_excel.catalog import load_catalog
from iku_excel.catalog.book import INDIKATOR, KECAMATAN, SHEETS, export_rows
from iku_excel.catalog.book_xlsx import read_catalog_book, write_catalog_book
from iku_excel.catalog.loader import load_catalog_from
from iku_excel.catalog.register_schema import ColumnDecl, CountDecl, RegisterDecl
from iku_excel.catalog.schema import Holder, Indicator, Instansi, Jabatan, Register, Signatory
from iku_excel.cli import main
from iku_excel.templates import build_template
from iku_excel.templates.layout import COL_TAHUNAN

from .test_declared_register import KECAMATAN as LAPOR_YAML
from .test_declared_register import PENGADUAN

SEEDS = ("candipuro", "larangan", "ngantang", "randuagung", "senduro")


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory):
    """The five seed catalogs written as one catalog workbook by `katalog ekspor`."""
    path = tmp_path_factory.mktemp("ekspor") / "katalog_seed.xlsx"
    result = CliRunner().invoke(main, ["katalog", "ekspor", *SEEDS, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_every_field_of_the_catalog_has_a_column():
    """A field added to the schema without a column would be lost on the way through Excel."""
    keys = {c.key for s in SHEETS for c in s.kolom}
    lists = {"indikator", "jabatan", "masukan", "target", "kolom", "hitung", "tugas", "fungsi", "tujuan"}
    for model, prefix in ((Instansi, ""), (Signatory, "penandatangan."), (Jabatan, ""), (Holder, "pemegang."),
                          (Indicator, ""), (Register, "dihitung_dari."), (RegisterDecl, ""), (ColumnDecl, ""),
                          (CountDecl, "")):
        for name in model.model_fields:
            if name in lists or name in ("rumus", "isian", "declarations", "penandatangan", "pemegang", "dihitung_dari"):
                continue
            assert f"{prefix}{name}" in keys, f"{model.__name__}.{name} has no column in the catalog workbook"


@pytest.mark.parametrize("instansi", SEEDS)
def test_a_seed_read_back_from_excel_is_the_same_catalog_and_template(seed_book, instansi, tmp_path):
    catalog = load_catalog()
    from_book = load_catalog_from([seed_book])
    assert from_book.sources[instansi] == str(seed_book)  # the workbook's entry, not the built-in one
    assert from_book.instansi[instansi] == catalog.instansi[instansi]
    a = build_template(catalog, instansi, 2026, tmp_path / "yaml" / f"{instansi}.xlsx")
    b = build_template(from_book, instansi, 2026, tmp_path / "book" / f"{instansi}.xlsx")
    assert sha(a) == sha(b)  # same sheets, formulas and cached values


def test_the_catalog_workbook_has_dropdowns_validation_and_protection(seed_book):
    wb = openpyxl.load_workbook(seed_book)
    assert [ws.title for ws in wb.worksheets] == ["Petunjuk", *(s.nama for s in SHEETS), "Daftar"]
    ws = wb["Indikator"]
    assert ws.protection.sheet and wb["Desa"].protection.sheet
    jenis = openpyxl.utils.get_column_letter(INDIKATOR.col("jenis") + 1)
    rules = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and jenis in str(dv.sqref)]
    assert rules and rules[0].formula1 == "Daftar_Jenis"
    kinds = [c.value for c in wb["Daftar"]["A"][1:] if c.value]
    assert kinds[:3] == ["persen", "jumlah", "nilai"]
    # the rows to fill are unlocked, the header is not
    assert ws.cell(4, 1).protection.locked is False and ws.cell(3, 1).protection.locked is True
    # Candipuro's desa, prefilled from the Kemendagri codes (read-only reference)
    desa = [r for r in wb["Desa"].iter_rows(min_row=4, values_only=True) if r[0] == "candipuro"]
    assert len(desa) == 10 and all(r[1].startswith("35.08.03.") for r in desa)


def _edit(path, out, edits):
    wb = openpyxl.load_workbook(path)
    for sheet, cell, value in edits:
        wb[sheet][cell] = value
    wb.save(out)
    return out


def _cell(sheet, key, row):
    return f"{openpyxl.utils.get_column_letter(sheet.col(key) + 1)}{row}"


def test_every_mistake_is_named_at_its_sheet_and_cell_and_no_template_is_written(seed_book, tmp_path):
    wb = openpyxl.load_workbook(seed_book, read_only=True)
    rows = list(wb["Indikator"].iter_rows(min_row=4, values_only=True))
    cand = [i for i, r in enumerate(rows, 4) if r[0] == "candipuro"]
    lar = [i for i, r in enumerate(rows, 4) if r[0] == "larangan"]
    kec_rows = {r[0]: i for i, r in enumerate(wb["Kecamatan"].iter_rows(min_row=4, values_only=True), 4)}
    target_row = next(i for i, r in enumerate(wb["Target"].iter_rows(min_row=3, values_only=True), 3)
                      if r[0] == "randuagung" and r[2])
    wb.close()
    bad = _edit(seed_book, tmp_path / "salah.xlsx", [
        ("Indikator", _cell(INDIKATOR, "jenis", cand[0]), "rasio"),  # an unknown kind
        ("Indikator", _cell(INDIKATOR, "jenis", cand[1]), "kehadiran"),  # a register that cannot compute it
        ("Indikator", _cell(INDIKATOR, "id", cand[2]), rows[cand[1] - 4][2]),  # an id used twice
        ("Target", f"E{target_row}", "delapan puluh"),  # a target that is not a number
        ("Kecamatan", _cell(KECAMATAN, "kode_wilayah", kec_rows["senduro"]), "35.08.03"),  # Candipuro's code
        *(("Indikator", f"A{r}", "candipuro") for r in lar),  # Larangan left with no indicator
    ])
    out = tmp_path / "templat"
    result = CliRunner().invoke(main, ["templat", "--katalog", str(bad), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = result.output
    assert f"Indikator!{_cell(INDIKATOR, 'jenis', cand[0])}: jenis 'rasio' tidak dikenal" in text
    assert "persen, jumlah, nilai" in text  # what is allowed
    assert (f"Indikator!{_cell(INDIKATOR, 'dihitung_dari.nama', cand[1])}: Register: jenis 'kehadiran' tidak dapat "
            "dihitung dari register 'kegiatan'") in text
    assert f"Indikator!{_cell(INDIKATOR, 'id', cand[2])}: ID indikator 'fasilitasi_ditindaklanjuti' dipakai dua kali" in text
    assert f"Target!E{target_row}: Target " in text and "'delapan puluh' bukan angka" in text
    assert (f"Kecamatan!{_cell(KECAMATAN, 'kode_wilayah', kec_rows['senduro'])}: Kode Kemendagri: kode 35.08.03 adalah "
            "Kecamatan Candipuro") in text
    assert f"Kecamatan!A{kec_rows['larangan']}: kecamatan 'larangan' belum punya indikator" in text
    assert "Traceback" not in text and "Field required" not in text


def test_a_jabatan_without_holder_is_a_warning_and_a_holder_reaches_the_template(seed_book, tmp_path):
    reading = read_catalog_book(seed_book, load_catalog().registers)
    warnings = [p for p in reading.problems if p.warning]
    assert len(warnings) == 15 and not reading.errors  # Ngantang's seed names no holder
    assert str(warnings[0]).startswith("Jabatan!F4: jabatan 'Camat' di kecamatan 'ngantang' belum ada pemegangnya")
    filled = _edit(seed_book, tmp_path / "pemegang.xlsx", [
        ("Jabatan", "F4", "Drs. Contoh Pemegang, M.Si"), ("Jabatan", "G4", "19700101 199001 1 001"),
        ("Jabatan", "H4", "Pembina (IV/a)")])
    path = build_template(load_catalog_from([filled]), "ngantang", 2026, tmp_path / "ngantang.xlsx")
    names = openpyxl.load_workbook(path).defined_names
    sheet, ref = next(names["Penandatangan_camat_Nama"].destinations)
    assert openpyxl.load_workbook(path)[sheet][ref.replace("$", "")].value == "Drs. Contoh Pemegang, M.Si"


def test_a_register_and_its_indicator_defined_in_the_workbook(tmp_path):
    """The Pengaduan register of test_declared_register, typed into the workbook's register
    sheets as a user would (no YAML): it reads back as the same declaration, and the template
    made from the workbook is the one made from the YAML."""
    folder = tmp_path / "yaml"
    folder.mkdir()
    (folder / "pengaduan.yaml").write_text(PENGADUAN, encoding="utf-8")
    (folder / "lapor.yaml").write_text(LAPOR_YAML, encoding="utf-8")
    from_yaml = load_catalog_from([folder])
    lapor = yaml.safe_load(LAPOR_YAML)
    rows = export_rows([])  # an empty workbook, then the user's rows
    rows["Kecamatan"].append({k: lapor[k] for k in ("id", "nama", "kabupaten", "provinsi", "jenis_dokumen", "tahun",
                                                     "sumber")})
    for ind in lapor["indikator"]:
        source = ind["dihitung_dari"]
        rows["Indikator"].append({"kecamatan": "semua", **{k: v for k, v in ind.items() if isinstance(v, str)},
                                  "dihitung_dari.nama": source["nama"], "dihitung_dari.jenis": source.get("jenis")})
    rows["Target"].append({"kecamatan": "lapor", "indikator": "lapor_selesai", 2026: 90})
    rows["years"] = [2026]
    rows["Register"].append({"id": "pengaduan", "lembar": "Reg Pengaduan", "awalan": "Pengaduan",
                             "judul": "REGISTER PENGADUAN MASYARAKAT", "baris": 120, "periode": "Triwulan",
                             "saring": "jenis", "catatan": from_yaml.registers["pengaduan"].catatan})
    for column in ("No,No,5,nomor", "Diterima,Tanggal diterima,12,tanggal,,Ya", "Jenis,Saluran,14,pilihan,"
                   "Langsung; Telepon; SP4N-LAPOR", "Pelapor,Pelapor,20,teks", "Uraian,Uraian pengaduan,40,teks",
                   "Selesai,Tanggal selesai,12,tanggal", "Triwulan,Triwulan,9,rumus"):
        parts = column.split(",") + [""] * 6
        rows["Kolom Register"].append({"register": "pengaduan", "id": parts[0], "judul": parts[1], "lebar": int(parts[2]),
                                       "jenis": parts[3], "pilihan": parts[4] or None, "wajib": parts[5] or None})
    rows["Kolom Register"][-1].update(rumus="triwulan_dari", argumen="Diterima")
    rows["Hitung Register"].append({"register": "pengaduan", "jenis": "persen", "terisi": "Selesai"})
    book = write_catalog_book(rows, tmp_path / "katalog.xlsx", "Katalog uji", load_catalog().registers)
    from_book = load_catalog_from([book])
    assert from_book.registers["pengaduan"] == from_yaml.registers["pengaduan"]
    assert from_book.instansi["lapor"] == from_yaml.instansi["lapor"]
    a = build_template(from_yaml, "lapor", 2026, tmp_path / "a.xlsx")
    b = build_template(from_book, "lapor", 2026, tmp_path / "b.xlsx")
    assert sha(a) == sha(b)
    assert "Reg Pengaduan" in openpyxl.load_workbook(b, read_only=True).sheetnames
    # and the register's sheets survive an export of that catalog
    again = tmp_path / "lagi.xlsx"
    result = CliRunner().invoke(main, ["katalog", "ekspor", "lapor", "--katalog", str(book), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert load_catalog_from([again]).registers["pengaduan"] == from_yaml.registers["pengaduan"]


def test_an_output_that_is_the_input_catalog_is_refused(seed_book):
    before = sha(seed_book)
    result = CliRunner().invoke(main, ["katalog", "ekspor", "candipuro", "--katalog", str(seed_book),
                                       "-o", str(seed_book.parent / "." / seed_book.name)])
    assert result.exit_code == 2 and "katalog masukan" in result.output
    assert sha(seed_book) == before


def test_an_unknown_or_ambiguous_kabupaten_is_a_clear_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["katalog", "baru", "--kabupaten", "Malang", "-o", str(tmp_path / "k.xlsx")])
    assert result.exit_code == 2 and "Kabupaten Malang atau Kota Malang" in result.output
    result = runner.invoke(main, ["katalog", "baru", "--kabupaten", "Lumajangg", "-o", str(tmp_path / "k.xlsx")])
    assert result.exit_code == 2 and "tidak ada di kode wilayah Kemendagri" in result.output
    assert not (tmp_path / "k.xlsx").exists()


def test_lumajang_from_nothing_to_templates_and_a_recap_in_three_commands(tmp_path):
    """The README's path: katalog baru, fill in Excel, templat --katalog; then the kecamatan
    send and rekap --katalog recaps them against the catalog's kecamatan and targets."""
    from iku_excel.catalog.regions import within
    from iku_excel.demo.sample import build_sample

    runner = CliRunner()
    book = tmp_path / "katalog_lumajang.xlsx"
    result = runner.invoke(main, ["katalog", "baru", "--kabupaten", "Lumajang", "--dari", "candipuro", "--tahun", "2027",
                                  "-o", str(book)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    kecamatan = [r for r in wb["Kecamatan"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(kecamatan) == 21  # Kabupaten Lumajang, Kemendagri
    assert ("candipuro", "Kecamatan Candipuro", "Kabupaten Lumajang", "Jawa Timur", "35.08.03") == kecamatan[2][:5]
    # fill in Excel: every kecamatan's targets for 2027, and Tempeh's Camat
    targets = {"ikm": 82, "fasilitasi_ditindaklanjuti": 85, "dokumen_desa_tepat_waktu": 90}
    ws = wb["Target"]
    assert ws["E3"].value == 2027
    for row in ws.iter_rows(min_row=4):
        if row[2].value:
            row[4].value = targets[row[2].value]
    tempeh = 4 + next(i for i, r in enumerate(kecamatan) if r[0] == "tempeh")
    for key, value in (("penandatangan.jabatan", "CAMAT TEMPEH"), ("penandatangan.nama", "Contoh Nama, S.STP"),
                       ("penandatangan.nip", "19800101 200001 1 001")):
        wb["Kecamatan"][_cell(KECAMATAN, key, tempeh)] = value
    wb.save(book)

    out = tmp_path / "templat"
    result = runner.invoke(main, ["templat", "--katalog", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in out.iterdir())
    assert len(made) == 42 and "templat_tempeh_2027.xlsm" in made and "templat_candipuro_2027.xlsx" in made
    wb = openpyxl.load_workbook(out / "templat_candipuro_2027.xlsx")
    sheet, ref = next(wb.defined_names["Daftar_Desa"].destinations)
    desa = [c[0].value for c in wb[sheet][ref.replace("$", "")]]
    assert desa == [r.nama for r in within("35.08.03") if r.jenis == "desa"] and len(desa) == 10
    ws = wb["IKU"]
    row = next(r for r in ws.iter_rows() if r[2].value == "prosentase hasil fasilitasi dan koordinasi yang ditindaklanjuti")
    assert row[6].value == 85
    profil = openpyxl.load_workbook(out / "templat_tempeh_2027.xlsx")["Profil"]
    assert [profil["B9"].value, profil["B10"].value] == ["Contoh Nama, S.STP", "19800101 200001 1 001"]

    # three kecamatan send (the demo's sample data in each one's template), one of them twice
    sent = tmp_path / "kiriman"
    catalog = load_catalog_from([book])
    for key in ("candipuro", "tempeh", "klakah"):
        build_sample(catalog, key, 2027, sent / f"{key}.xlsx")
    recap = tmp_path / "rekap"
    result = runner.invoke(main, ["rekap", str(sent), "--katalog", str(book), "-o", str(recap), "--diam"])
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(recap / "rekap.csv", sep=None, engine="python", dtype={"instansi": str})
    assert set(table["instansi"]) == {"candipuro", "tempeh", "klakah"}
    assert set(table.loc[table["indikator_id"] == "fasilitasi_ditindaklanjuti", "target"].astype(float)) == {85}
    belum = next(line for line in result.output.splitlines() if line.startswith("Belum mengirim"))
    assert belum.count(",") == 17 and "Kecamatan Tempursari" in belum and "Candipuro" not in belum
    assert "Ngantang" not in belum and "Larangan" not in belum  # the seeds are not this kabupaten's


def test_kecamatan_are_matched_by_id_or_name_whatever_the_spelling(seed_book, tmp_path):
    """A reference typed as "Kecamatan  RANDUAGUNG" with a zero-width space, or in decomposed
    Unicode, is Randuagung; a name that matches nothing is named at its cell."""
    wb = openpyxl.load_workbook(seed_book, read_only=True)
    row = next(i for i, r in enumerate(wb["Target"].iter_rows(min_row=4, values_only=True), 4) if r[0] == "randuagung")
    wb.close()
    same = _edit(seed_book, tmp_path / "ejaan.xlsx", [("Target", f"A{row}", "Kecamatan  RANDUAGUNG\u200b")])
    assert load_catalog_from([same]).instansi["randuagung"] == load_catalog().instansi["randuagung"]
    wrong = _edit(seed_book, tmp_path / "salah.xlsx", [("Target", f"A{row}", "Randu Agung")])
    reading = read_catalog_book(wrong, load_catalog().registers)
    assert [str(p) for p in reading.errors] == [
        f"Target!A{row}: kecamatan 'Randu Agung' tidak ada di lembar Kecamatan; yang ada: candipuro, larangan, "
        "ngantang, randuagung, senduro"]


def test_an_expected_kecamatan_resembling_an_unexpected_sender_is_a_probable_typo():
    from iku_excel.rekap.expected import resembling_senders

    expected = [("pasrujambe", "Kecamatan Pasrujambe"), ("tempeh", "Kecamatan Tempeh")]
    sent = [("tempeh", "Kecamatan Tempeh"), ("pasrujambi", "Kecamatan Pasrujambi"), ("klakah", "Kecamatan Klakah")]
    assert resembling_senders(expected, sent) == [("Kecamatan Pasrujambe", "Kecamatan Pasrujambi")]
    assert resembling_senders(expected, sent[:1]) == []


def test_a_register_kept_per_desa_starts_with_every_desa_of_the_kecamatan(tmp_path):
    """Reg Dokumen Desa and Reg Desa: one row per desa, prefilled in Kemendagri's order, so that
    "jumlah seluruh desa di kecamatan" is every desa even before an office types a date."""
    from iku_excel.catalog.regions import villages

    catalog = load_catalog()
    path = build_template(catalog, "candipuro", 2026, tmp_path / "candipuro.xlsx")
    wb = openpyxl.load_workbook(path)
    names = [v.nama for v in villages(catalog.get("candipuro"))]
    assert len(names) == 10
    for sheet in ("Reg Dokumen Desa",):
        column = [r[1] for r in wb[sheet].iter_rows(min_row=6, max_row=5 + len(names) + 1, values_only=True)]
        assert column == [*names, None]
    # no date typed: every desa counts, none on time
    wb = openpyxl.load_workbook(path, data_only=True)
    row = next(r for r in wb["IKU"].iter_rows(values_only=True) if r[2] and str(r[2]).startswith("Rata-rata persentase desa"))
    assert row[COL_TAHUNAN] == 0
