"""The command line a newcomer meets first."""

from click.testing import CliRunner

from iku_excel.cli import main


def test_demo_computes_every_indicator_of_randuagung():
    result = CliRunner().invoke(main, ["demo", "--instansi", "randuagung"])
    assert result.exit_code == 0, result.output
    assert "Kecamatan Randuagung" in result.output
    lines = [l for l in result.output.splitlines() if "Persentase hasil fasilitasi" in l]
    # the catalog's own 2025 target, without the sample-target star
    assert lines and " 84 " in lines[0] and "84*" not in lines[0]


def test_demo_all_seed_kecamatan_has_no_uncomputed_indicator():
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    for name in ("Candipuro", "Randuagung", "Senduro", "Larangan", "Ngantang"):
        assert f"Kecamatan {name}" in result.output
    # every indicator got a number from the sample data: no "belum diisi"/"belum ada" reasons
    assert "belum diisi" not in result.output and "belum ada" not in result.output
    assert "IKM " in result.output and "mutu " in result.output


def test_katalog_lists_and_details():
    runner = CliRunner()
    listing = runner.invoke(main, ["katalog"])
    assert listing.exit_code == 0 and "ngantang" in listing.output
    detail = runner.invoke(main, ["katalog", "larangan"])
    assert "Jumlah Desa Mandiri" in detail.output and "0,8155" in detail.output


def test_unknown_instansi_is_a_usage_error_in_indonesian():
    result = CliRunner().invoke(main, ["katalog", "atlantis"])
    assert result.exit_code == 2
    assert "Galat: instansi 'atlantis' tidak ada di katalog" in result.output


def test_templat_writes_the_chosen_workbooks(tmp_path):
    result = CliRunner().invoke(main, ["templat", "--instansi", "larangan", "--tahun", "2026", "-o", str(tmp_path), "--contoh"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contoh_larangan_2026.xlsm", "contoh_larangan_2026.xlsx",
                                                          "templat_larangan_2026.xlsm", "templat_larangan_2026.xlsx"]


def test_templat_unknown_instansi_writes_nothing(tmp_path):
    result = CliRunner().invoke(main, ["templat", "--instansi", "larangan", "--instansi", "atlantis", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "atlantis" in result.output
    assert not any(tmp_path.iterdir())


def test_help_and_usage_errors_are_indonesian():
    runner = CliRunner()
    english = ("Usage:", "Options:", "Show this message", "Missing argument", "Error:", "[OPTIONS]", "default:")
    outputs = [runner.invoke(main, ["--help"]).output]
    for command in ("katalog", "templat", "demo", "validasi", "hitung", "excel", "benchmark"):
        outputs.append(runner.invoke(main, [command, "--help"]).output)
    outputs.append(runner.invoke(main, ["validasi"]).output)
    outputs.append(runner.invoke(main, ["templat", "--tahun", "abc"]).output)
    for text in outputs:
        assert "Penggunaan:" in text
        for word in english:
            assert word not in text, (word, text)


def test_a_bad_number_is_refused_in_indonesian():
    result = CliRunner().invoke(main, ["benchmark", "-n", "abc"])
    assert result.exit_code == 2
    assert "bukan bilangan bulat yang sah" in result.output and "integer" not in result.output
    assert "TEXT" not in CliRunner().invoke(main, ["templat", "--help"]).output


def test_a_jawaban_key_that_is_no_unsur_is_named(tmp_path):
    import pytest

    from iku_excel.skm.survey import SurveyError, answer_texts

    mapping = tmp_path / "jawaban.yaml"
    mapping.write_text("semua: {Sangat Sesuai: 4}\n12: {Baik: 3}\n", encoding="utf-8")
    with pytest.raises(SurveyError, match=r"kunci '12' tidak dikenal; tulis nomor unsur 1–9 atau 'semua'"):
        answer_texts(mapping)
    mapping.write_text("semua: {Sangat Sesuai: 4, Sesuai: 3}\n2: {Cepat: 4}\n", encoding="utf-8")
    table = answer_texts(mapping)
    assert table[0]["sangat sesuai"] == 4 and table[1]["cepat"] == 4


def test_an_empty_or_binary_daftar_is_a_usage_error(tmp_path, workbooks):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(workbooks[("candipuro", "contoh")].read_bytes())
    empty = tmp_path / "kosong.txt"
    empty.write_text("kecamatan\n\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rekap", str(folder), "--daftar", str(empty), "-o", str(tmp_path / "r"), "--diam"])
    assert result.exit_code == 2 and "tidak berisi nama kecamatan" in result.output
    binary = tmp_path / "biner.txt"
    binary.write_bytes("Candipuro\n".encode("utf-16-le"))
    result = CliRunner().invoke(main, ["rekap", str(folder), "--daftar", str(binary), "-o", str(tmp_path / "r"), "--diam"])
    assert result.exit_code == 2 and "karakter NUL" in result.output and "baris 1" in result.output
    # a comma inside one name of a plain list: said at its line, not read as "Tempeh"
    comma = tmp_path / "koma.txt"
    comma.write_text("Candipuro\nSenduro\nTempeh, Lumajang\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rekap", str(folder), "--daftar", str(comma), "-o", str(tmp_path / "r"), "--diam"])
    assert result.exit_code == 2 and "koma.txt baris 3: 'Tempeh, Lumajang' terbaca sebagai 2 kolom" in result.output
    assert not (tmp_path / "r").exists()
    # quoted, as a CSV writes it, the name is whole
    from iku_excel.rekap.expected import read_expected

    quoted = tmp_path / "kutip.csv"
    quoted.write_text('kecamatan,kode\nCandipuro,35.08.01\n"Tempeh, Lumajang",35.08.02\n', encoding="utf-8")
    assert read_expected(quoted) == ["Candipuro", "Tempeh, Lumajang"]


def test_a_reader_that_stops_reading_is_not_an_internal_error():
    """`iku-excel katalog | head -0`: the pipe closes before the first line."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "iku_excel.cli", "katalog", "ngantang"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 2, err
    assert "keluaran terputus" in err and "kesalahan internal" not in err and "Traceback" not in err
