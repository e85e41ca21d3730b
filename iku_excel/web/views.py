"""The pages of `iku-excel layan`. Every view is behind a login and authorised per kecamatan:
an operator reaches only its own office's pages and files; anything else is "not found", so
that another office's address tells nothing. The kabupaten's admins (staff) see every office."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iku_excel.web import board, checking, store
from iku_excel.web.models import AuditLog, Deadline, Kecamatan, Submission

REKAP_FILES = {"rekap.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "rekap.html": "text/html; charset=utf-8", "rekap.csv": "text/csv; charset=utf-8"}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def audit(request, action: str, detail: str = "") -> None:
    AuditLog.objects.create(user=request.user if request.user.is_authenticated else None, action=action,
                            detail=detail[:4000], ip=request.META.get("REMOTE_ADDR"))


def _allowed(request, instansi: str) -> Kecamatan:
    """The kecamatan, if this user may see it; otherwise not found (never "forbidden")."""
    kecamatan = get_object_or_404(Kecamatan, instansi=instansi)
    if request.user.is_staff:
        return kecamatan
    operator = getattr(request.user, "operator", None)
    if operator is None or operator.kecamatan_id != kecamatan.id:
        audit(request, "akses_ditolak", f"kecamatan {instansi}")
        raise Http404("tidak ditemukan")
    return kecamatan


def _submission(request, key) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("kecamatan"), key=key)
    _allowed(request, submission.kecamatan.instansi)
    return submission


@login_required
def home(request):
    if request.user.is_staff:
        return redirect("papan")
    operator = getattr(request.user, "operator", None)
    if operator is None:
        return render(request, "web/pesan.html", {"judul": "Akun belum terhubung",
                      "pesan": "Akun ini belum terhubung ke kecamatan mana pun; minta admin Kabupaten menghubungkannya."})
    return redirect("kecamatan", instansi=operator.kecamatan.instansi)


@login_required
@require_http_methods(["GET", "POST"])
def kecamatan(request, instansi: str):
    kec = _allowed(request, instansi)
    if request.method == "POST":
        return _upload(request, kec)
    versions = list(kec.submissions.select_related("uploaded_by"))
    from iku_excel.reports import STATUS_LABEL

    for v in versions:
        v.n_error, v.n_warning = v.count("error"), v.count("warning")
        v.label = STATUS_LABEL.get(v.status, v.status)
    periods = sorted({(v.tahun, v.triwulan) for v in versions if v.tahun}, reverse=True)
    chosen = {board.official([v for v in versions if (v.tahun, v.triwulan) == p]) for p in periods}
    return render(request, "web/kecamatan.html", {"kecamatan": kec, "versions": versions, "official": chosen,
                                                  "max_mb": _limits().max_file_bytes // (1024 * 1024)})


def _limits():
    from iku_excel.config import current

    return current().limits


def _upload(request, kec: Kecamatan):
    upload = request.FILES.get("berkas")
    if upload is None:
        messages.error(request, "Pilih berkas buku kerja (.xlsm atau .xlsx) yang akan dikirim.")
        return redirect("kecamatan", instansi=kec.instansi)
    name = Path(upload.name).name[:200]
    limit = _limits().max_file_bytes
    if upload.size > limit:
        audit(request, "unggah_ditolak", f"{kec.instansi}: {name}, {upload.size} byte")
        messages.error(request, f"Berkas {name} berukuran {upload.size / 1048576:.1f} MB, melebihi batas "
                                f"{limit / 1048576:.0f} MB: kirim buku kerja templat, bukan berkas lain.")
        return redirect("kecamatan", instansi=kec.instansi)
    sha, size, path = store.put(Path(settings.DATA), upload.chunks())
    checked = checking.check(path, kec.instansi)
    with transaction.atomic():
        submission = Submission.objects.create(
            kecamatan=kec, uploaded_by=request.user, original_name=name, sha256=sha, size=size,
            tahun=checked.tahun, triwulan=checked.triwulan, status=checked.status, findings=checked.findings,
            checked_with=checking.checker_version())
        audit(request, "unggah", f"{kec.instansi}: {name} ({sha[:12]}), {checked.status}")
    return redirect("kiriman", key=submission.key)


@login_required
@require_GET
def kiriman(request, key):
    submission = _submission(request, key)
    siblings = Submission.objects.filter(kecamatan=submission.kecamatan, tahun=submission.tahun,
                                         triwulan=submission.triwulan)
    chosen = board.official(list(siblings)) if submission.tahun else None
    from iku_excel.checks.findings import CONSEQUENCES, cause_first
    from iku_excel.reports import STATUS_LABEL

    outdated = any(f["code"] == "VERSI_TEMPLAT_LAMA" for f in submission.findings)
    findings = cause_first(submission.findings)
    causes = [f for f in findings if f["severity"] == "error" and f["code"] not in CONSEQUENCES]
    follows = causes and any(f["code"] in CONSEQUENCES for f in findings)
    return render(request, "web/kiriman.html", {
        "s": submission, "findings": findings, "follows": follows,
        "is_official": chosen is not None and chosen.id == submission.id,
        "status_label": STATUS_LABEL.get(submission.status, submission.status), "outdated": outdated})


@login_required
@require_GET
def berkas(request, key):
    submission = _submission(request, key)
    path = store.path_of(Path(settings.DATA), submission.sha256)
    audit(request, "unduh", f"{submission.kecamatan.instansi}: {submission.original_name}")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=submission.original_name)


@login_required
@require_GET
def templat(request, instansi: str, tahun: int):
    """The current template of a kecamatan and year (.xlsm), made on first request and kept."""
    from iku_excel.config import current
    from iku_excel.templates import build_template, template_filename

    kec = _allowed(request, instansi)
    if not 2000 <= tahun <= 2100:  # a year the holiday calendar and the documents know
        raise Http404("tidak ditemukan")
    name = template_filename(kec.instansi, tahun, macros=True)
    path = Path(settings.DATA) / "templat" / checking.checker_version().replace(" ", "_").replace(";", "") / name
    if not path.exists():
        build_template(current().catalog, kec.instansi, tahun, path)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name)


# ---- the kabupaten's board ---------------------------------------------------------------------------

def _year(request) -> int:
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        latest = Submission.objects.exclude(tahun=None).order_by("-tahun").values_list("tahun", flat=True).first()
        return latest or timezone.localdate().year


@staff_member_required(login_url="masuk")
@require_GET
def papan(request):
    tahun = _year(request)
    deadlines = {d.triwulan: d.batas for d in Deadline.objects.filter(tahun=tahun)}
    rows = board.matrix(Kecamatan.objects.all(), Submission.objects.filter(tahun=tahun), deadlines, tahun)
    counts = {state: sum(1 for _k, cells in rows for c in cells if c.state == state) for state in board.LABELS}
    from iku_excel.reports import STATUS_LABEL

    recent = list(Submission.objects.select_related("kecamatan")[:15])
    for s in recent:
        s.label = STATUS_LABEL.get(s.status, s.status)
    return render(request, "web/papan.html", {"tahun": tahun, "rows": rows, "deadlines": deadlines, "counts": counts,
                                              "labels": board.LABELS, "recent": recent})


@staff_member_required(login_url="masuk")
@require_POST
def resmi(request, key):
    submission = get_object_or_404(Submission, key=key)
    reason = request.POST.get("alasan", "").strip()
    if not reason:
        messages.error(request, "Tulis alasan menetapkan kiriman ini sebagai yang resmi.")
        return redirect("kiriman", key=key)
    with transaction.atomic():
        Submission.objects.filter(kecamatan=submission.kecamatan, tahun=submission.tahun,
                                  triwulan=submission.triwulan).update(official=False)
        submission.official, submission.official_reason = True, reason
        submission.save(update_fields=["official", "official_reason"])
        audit(request, "tetapkan_resmi", f"{submission.kecamatan.instansi} {submission.tahun} TW {submission.triwulan}: "
                                         f"{submission.original_name} ({submission.sha256[:12]}); alasan: {reason}")
    messages.success(request, "Kiriman ini ditetapkan sebagai kiriman resmi.")
    return redirect("kiriman", key=key)


@staff_member_required(login_url="masuk")
@require_GET
def rekap(request, tahun: int, name: str):
    """The rekap of the official submissions of a year, built by `iku-excel rekap`'s own function."""
    if name not in REKAP_FILES:
        raise Http404("tidak ditemukan")
    folder = build_rekap(tahun)
    audit(request, "unduh_rekap", f"{tahun} {name}")
    return FileResponse(open(folder / name, "rb"), as_attachment=name != "rekap.html", filename=f"{tahun}_{name}",
                        content_type=REKAP_FILES[name])


def official_submissions(tahun: int) -> list[Submission]:
    groups = board.by_period(Submission.objects.filter(tahun=tahun).select_related("kecamatan"), tahun)
    chosen = [picked for versions in groups.values() if (picked := board.official(versions)) is not None]
    return sorted(chosen, key=lambda s: (s.kecamatan.instansi, s.triwulan or 0))


def build_rekap(tahun: int) -> Path:
    """The rekap folder of a year's official submissions; kept while they stay the same."""
    from iku_excel.config import current
    from iku_excel.rekap.expected import default_expected
    from iku_excel.rekap.job import rekap_files

    data = Path(settings.DATA)
    chosen = official_submissions(tahun)
    names = [(f"{s.kecamatan.instansi}_{tahun}_TW{s.triwulan}{Path(s.original_name).suffix.lower()}"
              if Path(s.original_name).suffix.lower() in WORKBOOK_SUFFIXES else f"{s.kecamatan.instansi}_{tahun}_TW{s.triwulan}.xlsx",
              s.sha256) for s in chosen]
    key = hashlib.sha256(repr((names, checking.checker_version())).encode()).hexdigest()[:16]
    folder = data / "rekap" / f"{tahun}_{key}"
    if (folder / "rekap.csv").exists():
        return folder
    inputs = data / "rekap" / f".masukan_{key}"
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    for name, sha in names:
        shutil.copyfile(store.path_of(data, sha), inputs / name)
    try:
        catalog = current().catalog
        rekap_files(sorted(inputs.iterdir()), folder, expected=default_expected(catalog))
    finally:
        shutil.rmtree(inputs, ignore_errors=True)
    return folder


@staff_member_required(login_url="masuk")
@require_POST
def periksa_ulang(request):
    """Check every stored submission again (after the catalog or iku-excel changed) and say what changed."""
    data = Path(settings.DATA)
    changes = []
    version = checking.checker_version()
    for s in Submission.objects.select_related("kecamatan"):
        checked = checking.check(store.path_of(data, s.sha256), s.kecamatan.instansi)
        before = {f["code"] for f in s.findings}
        after = {f["code"] for f in checked.findings}
        if checked.status != s.status or before != after:
            changes.append({"s": s, "was": s.status, "now": checked.status, "added": sorted(after - before),
                            "removed": sorted(before - after)})
        Submission.objects.filter(id=s.id).update(status=checked.status, findings=checked.findings,
                                                  tahun=checked.tahun, triwulan=checked.triwulan, checked_with=version)
    audit(request, "periksa_ulang", f"{len(changes)} kiriman berubah; {version}")
    return render(request, "web/periksa_ulang.html", {"changes": changes, "version": version,
                                                      "total": Submission.objects.count()})


def today() -> dt.date:
    return timezone.localdate()
