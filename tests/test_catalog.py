"""The catalog holds every indicator of the seed documents, and says clearly when a file is wrong."""

import re
from pathlib import Path

import pytest

from iku_excel.calc import basic
from iku_excel.calc.bands import BandFileError, load_band_file
from iku_excel.calc.errors import InvalidInput
from iku_excel.calc.numbers import parse_target
from iku_excel.catalog import CatalogError, load_catalog
from iku_excel.catalog.kinds import KINDS

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"  # when the seeds are beside the repo
PHRASES = Path(__file__).with_name("seed_indicators")
SEED_OF = {
    "000_295953579cda25d9.txt": "candipuro",
    "001_b69484f116c5bd4d.txt": "randuagung",
    "002_d7c39b7e68d15e18.txt": "senduro",
    "003_c7a84a8763b5b229.txt": "larangan",
    "004_5ca69c8368cad832.txt": "ngantang",
}
# Cells of the indicator column that are header fragments or column numbers, not indicators.
NOT_INDICATORS = {"individu", "2"}


def normal(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def seed_indicator_fragments(text: str) -> list[str]:
    """Every cell of every 'Indikator Kinerja' column of the seed's tab-separated tables.
    PDF extraction splits some names over several rows, so a fragment may be part of a name."""
    fragments = []
    column = None
    for line in text.splitlines():
        if "\t" not in line:
            if line.strip():
                column = None  # prose ends a table; blank lines inside tables do not
            continue
        cells = line.split("\t")
        header = [i for i, c in enumerate(cells) if "indikator kinerja" in c.lower()]
        if header:
            column = header[0]
            continue
        if column is None or column >= len(cells):
            continue
        for piece in re.split(r"</?li>|</?ul>", cells[column]):
            piece = normal(piece.strip().lstrip("-"))
            if piece and piece not in NOT_INDICATORS:
                fragments.append(piece)
    return fragments


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def committed_fragments(instansi: str) -> list[str]:
    """The seed's indicator cells as kept under tests/seed_indicators (a fresh clone has no ../shared)."""
    text = (PHRASES / f"{instansi}.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("seed, instansi", sorted(SEED_OF.items()))
def test_the_kept_phrases_are_those_of_the_seed(seed, instansi):
    """Where the seeds are beside the repository, the phrases kept in tests/ are what the parser reads."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout; the kept phrases are used")
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == sorted(SEED_OF)
    assert seed_indicator_fragments((SEEDS / seed).read_text(encoding="utf-8")) == committed_fragments(instansi)


@pytest.mark.parametrize("instansi", sorted(SEED_OF.values()))
def test_every_indicator_named_in_a_seed_is_in_the_catalog(catalog, instansi):
    names = []
    for item in catalog.indicators(instansi):
        names.append(normal(item.spec.nama))
        if item.spec.nama_sumber:
            names.append(normal(item.spec.nama_sumber))
    fragments = committed_fragments(instansi)
    assert fragments, f"no indicator phrase kept for {instansi}"
    missing = [f for f in fragments if not any(f in n for n in names)]
    assert not missing, f"indicators of the seed of {instansi} not in its catalog: {missing}"


def test_the_check_would_notice_a_missing_indicator(catalog):
    # The check above must be able to fail: drop one indicator and it does.
    names = [normal(i.spec.nama) for i in catalog.indicators("larangan") if i.spec.id != "desa_tematik"]
    assert [f for f in committed_fragments("larangan") if not any(f in n for n in names)] == ["jumlah desa tematik"]


def test_the_parser_reads_an_indicator_column_across_rows_and_lists():
    text = ("IKU KECAMATAN\nNo\tSasaran\tIndikator Kinerja\tFormula\n1\tMeningkatnya X\t<ul><li>Jumlah desa "
            "mandiri</li><li>Jumlah desa tematik</li></ul>\ta\n\t\t(individu)\t\n2\t\t2\t\nCatatan penutup\n"
            "x\ty\tz\n")
    # "(individu)" and the column number "2" are header fragments; the prose line ends the table
    assert seed_indicator_fragments(text) == ["jumlah desa mandiri", "jumlah desa tematik"]


def test_indicator_counts_per_instansi(catalog):
    counts = {key: len(catalog.indicators(key)) for key in catalog.instansi}
    assert counts == {"candipuro": 3, "randuagung": 3, "senduro": 3, "larangan": 5, "ngantang": 44}


def test_ngantang_has_every_jabatan_with_tugas(catalog):
    ngantang = catalog.get("ngantang")
    names = [j.nama for j in ngantang.jabatan]
    assert len(names) == 15
    assert sum(n.startswith("Kasi ") for n in names) == 5
    assert sum(n.startswith("Kasubag ") for n in names) == 2
    assert {"Camat", "Sekretaris Kecamatan", "Bendahara"} <= set(names)
    for jab in ngantang.jabatan:
        assert jab.tugas and jab.indikator, jab.nama


def test_randuagung_targets_2025(catalog):
    targets = {i.spec.id: i.spec.target for i in catalog.indicators("randuagung")}
    assert targets["fasilitasi_ditindaklanjuti"] == {2025: 84}
    assert targets["dokumen_desa_tepat_waktu"] == {2025: 89}


def test_every_indicator_is_complete(catalog):
    for item in catalog.indicators():
        spec = item.spec
        assert spec.nama and spec.sasaran and spec.formula and spec.satuan, item.full_id
        assert spec.sumber_data and spec.penanggung_jawab, item.full_id
        assert set(spec.input_labels()) == set(KINDS[spec.jenis].inputs)
        for value in spec.target.values():
            assert parse_target(value) is not None


def test_lower_is_better_where_the_seed_means_it(catalog):
    turun = [i.full_id for i in catalog.indicators() if i.spec.polaritas == "turun"]
    assert turun == ["ngantang.kasubag_umum.pelanggaran_disiplin"]


def test_larangan_desa_mandiri_threshold(catalog):
    spec = next(i.spec for i in catalog.indicators("larangan") if i.spec.id == "desa_mandiri")
    assert spec.ambang == 0.8155
    # Mandiri is IDM > 0,8155 (DOMAIN.md): a desa at exactly 0,8155 is not counted
    assert basic.count_above([0.8155, 0.82, 0.9, 0.7], spec.ambang, 4) == 2


def test_senduro_activity_catalogue(catalog):
    acts = catalog.activities
    assert (len(acts.fasilitasi), len(acts.koordinasi), len(acts.rekomendasi)) == (18, 2, 1)
    assert [a.nomor for a in acts.fasilitasi] == list(range(1, 19))
    assert len(acts.fasilitasi[0].uraian) == 12 and len(acts.fasilitasi[0].output) == 12
    assert len(acts.bukti_pendukung) == 5
    for act in acts.fasilitasi + acts.koordinasi + acts.rekomendasi:
        assert act.uraian and act.output


def test_signatories_from_the_seeds(catalog):
    assert catalog.get("randuagung").penandatangan.nip == "19680901 199202 2 002"
    assert catalog.get("candipuro").penandatangan.nama == "AGNI A. MEGATRAH, S.STP, M.Si"


USER_FILE = """
id: contoh
nama: Kecamatan Contoh
kabupaten: Kabupaten Contoh
provinsi: Jawa Timur
jenis_dokumen: IKU
tahun: 2026
sumber: berkas uji
indikator:
  - id: fasilitasi
    nama: Persentase fasilitasi yang ditindaklanjuti
    sasaran: Meningkatnya fasilitasi
    jenis: persen
    formula: a / b x 100%
    satuan: "%"
    rekap: nilai_akhir
    target: {2026: "80–90"}
    sumber_data: Register kegiatan
    penanggung_jawab: Camat
    dihitung_dari: {nama: kegiatan}
"""


def test_a_user_adds_a_kecamatan_with_one_file(tmp_path):
    (tmp_path / "contoh.yaml").write_text(USER_FILE, encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert "contoh" in catalog.instansi and "ngantang" in catalog.instansi
    assert catalog.indicators("contoh")[0].full_id == "contoh.fasilitasi"


@pytest.mark.parametrize(
    "change, key",
    [
        (("jenis: persen", "jenis: rasio"), "indikator.0.jenis"),
        (("    rekap: nilai_akhir\n", ""), "indikator.0.rekap"),
        (('target: {2026: "80–90"}', 'target: {2026: "banyak"}'), "indikator.0"),
        (("id: fasilitasi", "id: Fasilitasi-1"), "indikator.0.id"),
        (("    satuan", "    warna: merah\n    satuan"), "indikator.0.warna"),
    ],
)
def test_a_wrong_catalog_file_is_named_with_its_key(tmp_path, change, key):
    (tmp_path / "contoh.yaml").write_text(USER_FILE.replace(*change), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog([tmp_path])
    assert "contoh.yaml" in str(err.value) and f"'{key}" in str(err.value)


def test_broken_yaml_names_the_line(tmp_path):
    (tmp_path / "rusak.yaml").write_text("id: [rusak\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"rusak\.yaml baris \d+"):
        load_catalog([tmp_path])


def test_two_user_files_with_one_id(tmp_path):
    (tmp_path / "a.yaml").write_text(USER_FILE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(USER_FILE, encoding="utf-8")
    with pytest.raises(CatalogError, match="sudah ada"):
        load_catalog([tmp_path])


def test_band_file_errors_name_file_and_key(tmp_path):
    bad = tmp_path / "pita.yaml"
    bad.write_text("idm_2024:\n  judul: x\n  sumber: y\n  bands:\n    - {min: 0.5, kode: A, label: A}\n    - {min: 0.7, kode: B, label: B}\n    - {kode: C, label: C}\n")
    with pytest.raises(BandFileError, match=r"pita\.yaml: kunci 'idm_2024'.*urut"):
        load_band_file(bad)


def test_a_region_adds_its_own_band_set(tmp_path, monkeypatch):
    from iku_excel.calc import bands

    own = tmp_path / "pita.yaml"
    own.write_text("indeks_desa_2024:\n  judul: Indeks Desa 2024 (contoh)\n  sumber: uji\n  bands:\n"
                   "    - {above: 80, kode: Mandiri, label: Mandiri}\n    - {kode: Maju, label: Maju}\n")
    monkeypatch.setenv("IKU_EXCEL_BANDS", str(own))
    assert bands.band_set("indeks_desa_2024").classify(80.5).label == "Mandiri"
    assert bands.band_set("ikm_2017").classify(88.31).kode == "A"
    monkeypatch.delenv("IKU_EXCEL_BANDS")
    with pytest.raises(InvalidInput):
        bands.band_set("indeks_desa_2024")


def test_a_configuration_carries_catalog_and_bands_without_the_environment(tmp_path, monkeypatch):
    """The command line's --katalog reaches the checks through iku_excel.config, not os.environ."""
    from iku_excel.calc import bands
    from iku_excel.config import Config, current, use

    monkeypatch.delenv("IKU_EXCEL_KATALOG", raising=False)
    monkeypatch.delenv("IKU_EXCEL_BANDS", raising=False)
    (tmp_path / "contoh.yaml").write_text(USER_FILE, encoding="utf-8")
    own = tmp_path.parent / f"{tmp_path.name}_pita.yaml"  # not in the catalog folder
    own.write_text("indeks_desa_2024:\n  judul: contoh\n  sumber: uji\n  bands:\n    - {kode: Maju, label: Maju}\n")
    assert "contoh" not in current().catalog.instansi
    previous = use(Config(katalog=(str(tmp_path),), bands=(str(own),)))
    try:
        assert "contoh" in current().catalog.instansi
        assert bands.band_set("indeks_desa_2024").classify(1).label == "Maju"
    finally:
        use(previous)
    assert "contoh" not in current().catalog.instansi


@pytest.mark.parametrize(
    "change, message",
    [
        (("    dihitung_dari: {nama: kegiatan}\n", "    dihitung_dari: {nama: skm}\n"), "tidak dapat dihitung dari register 'skm'"),
        (("jenis: persen", "jenis: ikm"), "pilih: skm"),
    ],
)
def test_a_kind_the_templates_cannot_compute_is_refused_at_load(tmp_path, change, message):
    (tmp_path / "contoh.yaml").write_text(USER_FILE.replace(*change), encoding="utf-8")
    with pytest.raises(CatalogError, match=message):
        load_catalog([tmp_path])


def test_a_user_kecamatan_goes_through_template_demo_and_validation(tmp_path, monkeypatch):
    """One YAML file, no code: its template, a filled sample, and the checker all work."""
    from click.testing import CliRunner

    from iku_excel.cli import main

    folder = tmp_path / "katalog"
    folder.mkdir()
    (folder / "contoh.yaml").write_text(USER_FILE, encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "keluaran"
    result = runner.invoke(main, ["templat", "--katalog", str(folder), "--instansi", "contoh", "--tahun", "2026",
                                  "--contoh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("IKU_EXCEL_KATALOG", "")  # recorded, so pytest restores it after the test
    result = runner.invoke(main, ["validasi", "--katalog", str(folder), str(out / "contoh_contoh_2026.xlsx"),
                                  "-o", str(tmp_path / "lap"), "--diam"])
    assert result.exit_code == 0, result.output
    assert "1 berkas diperiksa" in result.output
