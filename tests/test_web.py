"""`iku-excel layan`, the kabupaten's intake, as its users use it: both roles through HTTP on a
real SQLite and a real PostgreSQL (tests/web_scenario.py, in a process of its own per database)."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from iku_excel.demo import defects

from .conftest import require

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def samples(workbooks, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiriman")
    shutil.copy(workbooks[("candipuro", "contoh")], folder / "candipuro.xlsx")
    defects.DEFECTS["JAWABAN_SKM_TIDAK_SAH"][1](workbooks[("candipuro", "contoh")], folder / "candipuro_skm_salah.xlsx")
    defects.DEFECTS["VERSI_TEMPLAT_LAMA"][1](workbooks[("senduro", "contoh")], folder / "senduro_lama.xlsx")
    return folder


def postgres_url() -> str | None:
    """A fresh database on the machine's PostgreSQL (scripts/start-postgres starts it when needed)."""
    url = os.environ.get("IKU_TEST_POSTGRES")
    if not url:
        script = ROOT / "scripts" / "start-postgres"
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True)
        if done.returncode != 0:
            return None
        url = done.stdout.strip().splitlines()[-1]
    import psycopg

    name = f"iku_uji_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def scenario(tmp_path, samples, db=None) -> dict:
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "web_scenario.py"), str(tmp_path / "data"), str(samples),
                           *([db] if db else [])], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seen(request, samples, tmp_path_factory):
    db = None
    if request.param == "postgresql":
        db = postgres_url()
        if db is None:
            require("PostgreSQL (scripts/start-postgres, as root)")
    return scenario(tmp_path_factory.mktemp(request.param), samples, db)


def test_an_operator_uploads_sees_the_findings_at_their_cells_then_the_fixed_file_accepted(seen):
    assert seen["login"] == [302, "/"] and seen["home"] == "/kecamatan/candipuro/"
    assert seen["bad_status"] == "error"
    page = seen["bad_page"]
    assert "JAWABAN_SKM_TIDAK_SAH" in page and "<td>Reg SKM</td><td>D6</td>" in page  # at its cell
    assert "belum dapat diterima" in page and "jawaban SKM hanya 1–4" in page  # cause and fix, in words
    assert "Kiriman diterima" in seen["good_page"] and "kiriman resmi" in seen["good_page"]
    assert seen["versions"] == 2  # the resend added a version; the first is kept
    assert seen["stored_readonly"] and seen["stored_same"]  # the original bytes, never changed


def test_an_operator_reaches_nothing_of_another_kecamatan(seen):
    assert seen["foreign"] == {"page": 404, "submission": 404, "file": 404, "template": 404, "board": 302,
                               "rekap": 302, "mark": 302}
    assert seen["own_file"] == 200
    assert "akses_ditolak" in seen["audit"]


def test_an_outdated_template_is_told_with_the_link_to_the_current_one(seen):
    assert "VERSI_TEMPLAT_LAMA" in seen["old_page"] and "/templat/senduro/2025/" in seen["old_page"]
    assert seen["template_link"] == 200 and seen["template_odd_year"] == 404


def test_the_board_shows_who_sent_on_time_or_late_and_the_rekap_is_the_official_files(seen):
    board = seen["board"]
    # Candipuro's TW IV arrived after the deadline of 31-01-2026 (the sample is uploaded today)
    assert "terkirim terlambat" in board and "Kecamatan Candipuro" in board
    assert board.count("belum mengirim") >= 3 * 4  # Larangan, Ngantang, Randuagung: nothing yet
    csv = seen["rekap_csv"]
    assert "candipuro" in csv and "senduro" not in csv  # Senduro's only file is of an old template
    assert seen["rekap_xlsx"] == 200
    assert seen["marked"] is True and "Tidak ada hasil yang berubah" in seen["recheck"]
    assert {"masuk", "unggah", "tetapkan_resmi", "periksa_ulang", "unduh_rekap", "gagal_masuk"} <= set(seen["audit"])


def test_logins_are_rate_limited(seen):
    status, said = seen["locked"]
    assert status == 429 and said
