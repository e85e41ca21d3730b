"""Both roles of `iku-excel layan` through its HTTP interface (Django's test client), against
the database given: run as a script, in a process of its own, so that the same scenario runs on
SQLite and on PostgreSQL. Prints what it observed as JSON; tests/test_web.py judges it.

    python tests/web_scenario.py DATA_FOLDER SAMPLES_FOLDER [postgresql://...]
"""

import json
import stat
import sys
from pathlib import Path

PASSWORD = "sandi-uji-yang-panjang-7"


def main(data: str, samples: str, db: str | None) -> dict:
    from iku_excel.web.server import add_user, setup

    setup(data, db)
    from django.test import Client

    from iku_excel.web.models import AuditLog, Deadline, Submission

    seen: dict = {}
    for name, office in (("op_candipuro", "candipuro"), ("op_senduro", "senduro")):
        add_user(name, PASSWORD, office)
    add_user("admin_kab", PASSWORD, admin=True)
    Deadline.objects.create(tahun=2025, triwulan=4, batas="2026-01-31")

    def login(name: str, password: str = PASSWORD) -> tuple[Client, object]:
        client = Client(REMOTE_ADDR="10.0.0.7")
        return client, client.post("/masuk/", {"username": name, "password": password})

    samples = Path(samples)
    op, r = login("op_candipuro")
    seen["login"] = (r.status_code, r.url)
    seen["home"] = op.get("/").url
    with open(samples / "candipuro_skm_salah.xlsx", "rb") as fh:
        r = op.post("/kecamatan/candipuro/", {"berkas": fh})
    bad = op.get(r.url)
    seen["bad_status"] = Submission.objects.get(key=r.url.split("/")[2]).status
    seen["bad_page"] = bad.content.decode()
    with open(samples / "candipuro.xlsx", "rb") as fh:
        r = op.post("/kecamatan/candipuro/", {"berkas": fh})
    good_key = r.url.split("/")[2]
    seen["good_page"] = op.get(r.url).content.decode()
    seen["versions"] = Submission.objects.filter(kecamatan__instansi="candipuro").count()
    good = Submission.objects.get(key=good_key)
    stored = Path(data) / "berkas" / good.sha256[:2] / f"{good.sha256}.bin"
    seen["stored_readonly"] = stored.exists() and not (stored.stat().st_mode & stat.S_IWUSR)
    seen["stored_same"] = stored.read_bytes() == (samples / "candipuro.xlsx").read_bytes()
    # another office: nothing of it, whatever the address
    other, _ = login("op_senduro")
    with open(samples / "senduro_lama.xlsx", "rb") as fh:
        r = other.post("/kecamatan/senduro/", {"berkas": fh})
    old_key = r.url.split("/")[2]
    seen["old_page"] = other.get(r.url).content.decode()
    seen["template_link"] = other.get("/templat/senduro/2025/").status_code
    seen["template_odd_year"] = other.get("/templat/senduro/99999/").status_code
    seen["foreign"] = {
        "page": op.get("/kecamatan/senduro/").status_code,
        "submission": op.get(f"/kiriman/{old_key}/").status_code,
        "file": op.get(f"/kiriman/{old_key}/berkas").status_code,
        "template": op.get("/templat/senduro/2025/").status_code,
        "board": op.get("/papan/").status_code,
        "rekap": op.get("/papan/rekap/2025/rekap.csv").status_code,
        "mark": op.post(f"/kiriman/{good_key}/resmi", {"alasan": "x"}).status_code,
    }
    seen["own_file"] = op.get(f"/kiriman/{good_key}/berkas").status_code
    # the kabupaten
    admin, _ = login("admin_kab")
    page = admin.get("/papan/?tahun=2025").content.decode()
    seen["board"] = page
    seen["rekap_csv"] = b"".join(admin.get("/papan/rekap/2025/rekap.csv").streaming_content).decode("utf-8-sig")
    seen["rekap_xlsx"] = admin.get("/papan/rekap/2025/rekap.xlsx").status_code
    r = admin.post(f"/kiriman/{old_key}/resmi", {"alasan": "disetujui Kabag Organisasi"})
    seen["marked"] = Submission.objects.get(key=old_key).official
    seen["recheck"] = admin.post("/papan/periksa-ulang").content.decode()
    # logins are rate-limited: five wrong passwords lock the account, even for the right one
    for _ in range(5):
        login("op_senduro", "salah")
    _, r = login("op_senduro")
    seen["locked"] = (r.status_code, "dikunci" in r.content.decode())
    seen["audit"] = sorted(set(AuditLog.objects.values_list("action", flat=True)))
    return seen


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)))
