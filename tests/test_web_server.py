"""The running server, as offices meet it: a real browser (Debian's Chromium driven by
Playwright) walks both roles; concurrent uploads all complete; a server killed during an upload
loses nothing and keeps no half file."""

import shutil
import socket
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from iku_excel.demo import defects
from iku_excel.web.client import RunningServer, Session, findings_codes

from .conftest import require

PASSWORD = "sandi-uji-yang-panjang-7"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(workbooks, tmp_path_factory):
    running = RunningServer(tmp_path_factory.mktemp("layan"))
    for name, office in (("op_candipuro", "candipuro"), ("op_senduro", "senduro")):
        running.account(name, PASSWORD, office)
    running.account("admin_kab", PASSWORD)
    files = tmp_path_factory.mktemp("berkas")
    shutil.copy(workbooks[("candipuro", "contoh")], files / "candipuro_tw4.xlsx")
    defects.DEFECTS["JAWABAN_SKM_TIDAK_SAH"][1](workbooks[("candipuro", "contoh")], files / "candipuro_tw4_salah.xlsx")
    running.start()
    running.files = files
    yield running
    running.stop()


def test_a_browser_walks_both_roles(server, tmp_path):
    if not Path(CHROMIUM).exists():
        require("Chromium (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        # the operator: a defective file, its findings at their cells, then the fixed file accepted
        page.goto(server.base + "/")
        page.fill("#id_username", "op_candipuro")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/kecamatan/candipuro/")
        page.set_input_files("#berkas", str(server.files / "candipuro_tw4_salah.xlsx"))
        page.click("text=Kirim dan periksa")
        page.wait_for_url("**/kiriman/**")
        row = page.locator("#temuan tr.temuan", has_text="JAWABAN_SKM_TIDAK_SAH").first
        assert row.locator("td").nth(1).inner_text() == "Reg SKM" and row.locator("td").nth(2).inner_text() == "D6"
        assert "belum dapat diterima" in page.content()
        page.screenshot(path=str(tmp_path / "temuan.png"), full_page=True)
        page.goto(server.base + "/kecamatan/candipuro/")
        page.set_input_files("#berkas", str(server.files / "candipuro_tw4.xlsx"))
        page.click("text=Kirim dan periksa")
        page.wait_for_url("**/kiriman/**")
        assert page.locator("#hasil").inner_text() in ("tanpa temuan", "peringatan") or "Kiriman diterima" in page.content()
        assert "Kiriman diterima" in page.content()
        # another office's page does not exist for this operator
        response = page.goto(server.base + "/kecamatan/senduro/")
        assert response.status == 404
        page.click("text=Keluar") if page.locator("text=Keluar").count() else None
        page.context.clear_cookies()
        # the kabupaten: the board changed, and the rekap downloads
        page.goto(server.base + "/masuk/")
        page.fill("#id_username", "admin_kab")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/papan/")
        row = page.locator("#kelengkapan tr", has_text="Kecamatan Candipuro")
        assert "terkirim" in row.locator("td").nth(4).inner_text()  # TW IV
        assert "belum mengirim" in page.locator("#kelengkapan tr", has_text="Kecamatan Senduro").inner_text()
        page.screenshot(path=str(tmp_path / "papan.png"), full_page=True)
        with page.expect_download() as download:
            page.click("text=rekap.xlsx")
        saved = tmp_path / "rekap.xlsx"
        download.value.save_as(saved)
        import openpyxl

        assert "Ringkasan" in openpyxl.load_workbook(saved, read_only=True).sheetnames
        browser.close()


def test_concurrent_uploads_all_complete_with_their_findings(server):
    """Ten offices' uploads at once over loopback (the benchmark runs fifty and gives the p95)."""
    def one(i: int):
        session = Session(server.base)
        session.login("op_candipuro", PASSWORD)
        name = "candipuro_tw4_salah.xlsx" if i % 2 else "candipuro_tw4.xlsx"
        return name, session.upload("candipuro", server.files / name)

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(one, range(10)))
    for name, (url, html) in results:
        assert "/kiriman/" in url
        assert ("JAWABAN_SKM_TIDAK_SAH" in findings_codes(html)) == ("salah" in name), name


def test_a_server_killed_during_an_upload_keeps_no_half_file_and_no_record(server, tmp_path):
    """The upload is cut off mid-body by kill -9: after a restart nothing of it exists, neither a
    record nor stored bytes; the server then takes uploads as before."""
    db = server.data / "layan.sqlite3"
    before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM web_submission").fetchone()[0]
    blobs = sorted(p.name for p in (server.data / "berkas").rglob("*.bin"))
    session = Session(server.base)
    session.login("op_candipuro", PASSWORD)
    session.get("/kecamatan/candipuro/").read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.jar)
    body = (server.files / "candipuro_tw4.xlsx").read_bytes()
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall((f"POST /kecamatan/candipuro/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                     f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {len(body) + 200}\r\n\r\n"
                     "--x\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"a.xlsx\"\r\n\r\n").encode())
        raw.sendall(body[: len(body) // 2])
        time.sleep(0.5)
        server.kill()
    server.start()
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM web_submission").fetchone()[0] == before
    assert sorted(p.name for p in (server.data / "berkas").rglob("*.bin")) == blobs
    assert not list((server.data / "berkas").glob(".unggah-*"))
    url, _html = Session(server.base).login("op_candipuro", PASSWORD), None
    assert url.endswith("/kecamatan/candipuro/")
