"""The regency's recap as tables (pandas): every submission's indicators in one tidy table,
and the views a reviewer asks for — per kecamatan, kecamatan × indikator, completeness
per triwulan, per desa, and the trend across years.

Which file counts: for each kecamatan and year, the newest submission of the latest
triwulan it reported (duplicates are flagged KIRIMAN_GANDA beforehand); a file with
errors is shown but left out of means and rankings unless `include_errors`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from iku_excel.calc.bands import band_set
from iku_excel.calc.capaian import PREDIKAT_BANDS
from iku_excel.calc.numbers import format_number
from iku_excel.process import FileReport, is_duplicate
from iku_excel.rekap.expected import match_expected, read_expected  # noqa: F401 (part of this module's API)
from iku_excel.reports import STATUS_LABEL


def predikat_labels() -> tuple[str, ...]:
    """The predikat, best first, of the band set in force (a region's own labels too)."""
    return band_set(PREDIKAT_BANDS).labels

TW = ("TW I", "TW II", "TW III", "TW IV")
COLUMNS = ("berkas", "instansi", "nama_instansi", "kabupaten", "tahun", "jenis_dokumen", "jabatan", "indikator_id",
           "indikator", "jenis", "satuan", "polaritas", "target", "realisasi_tw1", "realisasi_tw2", "realisasi_tw3",
           "realisasi_tw4", "realisasi", "capaian", "predikat", "mutu", "kinerja", "status_berkas", "dipakai")
NUMERIC = ("target", "realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4", "realisasi", "capaian")
# completeness of one kecamatan and triwulan; a report of TW k covers TW 1..k (its realisasi are
# cumulative), so an office that sent only its annual report has sent TW I-III with it
SENT, NOT_SENT, RESEND, DUPLICATE, COVERED = "terkirim", "belum", "kirim ulang", "ganda", "tercakup"
# the first screen
NOT_SENDING, MUST_RESEND, BEHIND = "belum mengirim", "perlu kirim ulang", "di bawah target"
CHART_LIMIT = 30  # more kecamatan than this: a chart shows the highest and lowest CHART_SHOWN, and the median
CHART_SHOWN = 10
BEHIND_SHOWN = 20  # the first screen names the furthest behind target; the rest are counted (Ringkasan has all)


@dataclass
class Rekap:
    data: pd.DataFrame  # the tidy table: one row per (berkas, jabatan, indikator)
    files: pd.DataFrame  # one row per submission
    summary: pd.DataFrame  # one row per kecamatan (expected or seen), for `year`
    matrix: pd.DataFrame  # kecamatan × indikator: capaian, for `year`
    matrix_predikat: pd.DataFrame  # the same cells' predikat, for colouring
    completeness: pd.DataFrame  # kecamatan × TW I..IV, for `year`
    desa: pd.DataFrame
    trend: pd.DataFrame  # kecamatan, indikator × tahun: capaian (empty with one year)
    year: int | None
    include_errors: bool
    attention: pd.DataFrame  # the first screen: who has not sent, who must resend, who is behind target

    @property
    def shared_indicators(self) -> list[str]:
        """Matrix columns that at least two kecamatan report: what can be compared in a chart."""
        return [c for c in self.matrix.columns if self.matrix[c].notna().sum() >= 2]


def number(value: object) -> float:
    """A recalculated value as a number for the table; texts ("#KOSONG: ...", "") are missing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


def build(reports: list[FileReport], expected: list[tuple[str, str]] | None = None,
          include_errors: bool = False) -> Rekap:
    files = _files(reports, include_errors)
    data = _data(reports, files)
    year = int(files.loc[files["dipakai"], "tahun"].max()) if files["dipakai"].any() else (
        int(files["tahun"].dropna().max()) if files["tahun"].notna().any() else None)
    used = data[data["dipakai"] & (data["tahun"] == year)] if year else data.iloc[0:0]
    names = _names(files, expected)
    summary = _summary(files, used, names, year)
    cells = used.assign(kolom=_labels(used))
    matrix = cells.pivot_table(index="nama_instansi", columns="kolom", values="capaian", aggfunc="first", sort=False)
    predikat = cells.pivot_table(index="nama_instansi", columns="kolom", values="predikat", aggfunc="first", sort=False)
    completeness = _completeness(files, names, year)
    return Rekap(data=data, files=files, summary=summary, matrix=matrix, matrix_predikat=predikat,
                 completeness=completeness, desa=_desa(reports, files), trend=_trend(data), year=year,
                 include_errors=include_errors, attention=_attention(summary, used, reports, year))


def _files(reports: list[FileReport], include_errors: bool) -> pd.DataFrame:
    rows = []
    for r in reports:
        rec = r.recap
        usable = r.status in ("ok", "warning") or (include_errors and r.status == "error")
        rows.append({"berkas": r.file, "instansi": r.instansi, "nama_instansi": rec.nama_instansi if rec else r.instansi,
                     "tahun": r.tahun, "triwulan": r.triwulan, "tanggal": r.tanggal or "", "mtime": r.mtime,
                     "status_berkas": r.status, "ganda": is_duplicate(r), "galat": r.count("error"),
                     "peringatan": r.count("warning"), "kandidat": usable and rec is not None and not is_duplicate(r)})
    files = pd.DataFrame(rows, columns=["berkas", "instansi", "nama_instansi", "tahun", "triwulan", "tanggal", "mtime",
                                        "status_berkas", "ganda", "galat", "peringatan", "kandidat"])
    files["dipakai"] = False
    candidates = files[files["kandidat"]].copy()
    if not candidates.empty:
        candidates["tw"] = candidates["triwulan"].fillna(0)
        best = candidates.sort_values(["tw", "tanggal", "mtime", "berkas"]).groupby(["instansi", "tahun"]).tail(1)
        files.loc[best.index, "dipakai"] = True
    return files.drop(columns=["kandidat"])


def _data(reports: list[FileReport], files: pd.DataFrame) -> pd.DataFrame:
    rows = []
    labels = predikat_labels()
    used = files["dipakai"].tolist()  # plain values: a .loc per row would cost more than the row
    for i, r in enumerate(reports):
        rec = r.recap
        if rec is None:
            continue
        for row in rec.rows:
            rows.append({
                "berkas": r.file, "instansi": r.instansi, "nama_instansi": rec.nama_instansi, "kabupaten": rec.kabupaten,
                "tahun": r.tahun, "jenis_dokumen": rec.jenis_dokumen, "jabatan": row.jabatan,
                "indikator_id": row.indikator_id, "indikator": row.indikator, "jenis": row.jenis, "satuan": row.satuan,
                "polaritas": row.polaritas, "target": number(row.target) if not isinstance(row.target, str) else
                _target_number(row.target), "realisasi_tw1": number(row.tw[0]), "realisasi_tw2": number(row.tw[1]),
                "realisasi_tw3": number(row.tw[2]), "realisasi_tw4": number(row.tw[3]),
                "realisasi": number(row.realisasi), "capaian": number(row.capaian),
                "predikat": row.predikat if row.predikat in labels else "", "mutu": _text(row.mutu),
                "kinerja": _text(row.kinerja), "status_berkas": r.status, "dipakai": bool(used[i]),
            })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _target_number(text: str) -> float:
    """A range target ("80–90") has no single number: the table keeps it missing."""
    from iku_excel.calc.errors import InvalidInput
    from iku_excel.calc.numbers import parse_target

    try:
        target = parse_target(text)
    except InvalidInput:
        return math.nan
    return target.low if target and target.low == target.high else math.nan


def _text(value: object) -> str:
    return value if isinstance(value, str) and not value.startswith("#") else ""


def _names(files: pd.DataFrame, expected: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    """Every kecamatan to show: the expected ones, then any other that sent something."""
    names = list(expected or [])
    seen = {i for i, _n in names}
    for inst, nama in files[["instansi", "nama_instansi"]].dropna().drop_duplicates().itertuples(index=False):
        if inst not in seen:
            names.append((inst, nama))
            seen.add(inst)
    return names


def _summary(files: pd.DataFrame, used: pd.DataFrame, names: list[tuple[str, str]], year: int | None) -> pd.DataFrame:
    rows = []
    for inst, nama in names:
        mine = files[(files["instansi"] == inst) & (files["tahun"] == year)]
        chosen = mine[mine["dipakai"]]
        rows_of = used[used["instansi"] == inst]
        if not chosen.empty:
            f = chosen.iloc[0]
            status = STATUS_LABEL[f["status_berkas"]]
        elif not mine.empty:
            f = mine.sort_values(["triwulan", "tanggal", "mtime"]).iloc[-1]
            status = "kirim ulang" if f["status_berkas"] in ("error", "unreadable") else STATUS_LABEL[f["status_berkas"]]
        else:
            f, status = None, NOT_SENDING
        ikm = rows_of[rows_of["jenis"] == "ikm"]  # by kind: Larangan and Ngantang call theirs "skm"
        row = {"kecamatan": nama, "instansi": inst, "berkas": Path(f["berkas"]).name if f is not None else "",
               "triwulan": f["triwulan"] if f is not None else None, "status": status,
               "dokumen": rows_of["jenis_dokumen"].iloc[0] if len(rows_of) else "",
               "jumlah_indikator": len(rows_of), **{p: int((rows_of["predikat"] == p).sum()) for p in predikat_labels()},
               "rata_rata_capaian": rows_of["capaian"].mean() if len(rows_of) else math.nan,
               "ikm": ikm["realisasi"].iloc[0] if len(ikm) else math.nan, "mutu": ikm["mutu"].iloc[0] if len(ikm) else ""}
        rows.append(row)
    summary = pd.DataFrame(rows)
    if not summary.empty:
        # like with like: an IKI workbook (dozens of indicators per jabatan) is ranked among IKI
        # workbooks, an IKU workbook (a handful) among IKU workbooks
        summary["peringkat"] = summary.groupby("dokumen")["rata_rata_capaian"].rank(ascending=False, method="min")
    return summary


def _completeness(files: pd.DataFrame, names: list[tuple[str, str]], year: int | None) -> pd.DataFrame:
    table = {}
    for inst, nama in names:
        mine = files[(files["instansi"] == inst) & (files["tahun"] == year)]
        good = mine[mine["status_berkas"].isin(("ok", "warning"))]
        latest_good = int(good["triwulan"].max()) if good["triwulan"].notna().any() else 0
        cells = []
        for k in range(1, 5):
            period = mine[mine["triwulan"] == k]
            if period.empty:
                cells.append(COVERED if k <= latest_good else NOT_SENT)
                continue
            newest = period[~period["ganda"]]
            newest = newest if not newest.empty else period
            status = newest.sort_values(["tanggal", "mtime"]).iloc[-1]["status_berkas"]
            if status in ("error", "unreadable", "failed"):
                cells.append(COVERED if k < latest_good else RESEND)
            elif len(period) > 1:  # several files: the one counted is the newest, and it is good
                cells.append(f"{DUPLICATE}, {STATUS_LABEL[status]}")
            else:
                cells.append(SENT)
        table[nama] = cells
    return pd.DataFrame.from_dict(table, orient="index", columns=list(TW))


def _attention(summary: pd.DataFrame, used: pd.DataFrame, reports: list[FileReport], year: int | None) -> pd.DataFrame:
    """What the regency acts on first, one row per kecamatan and reason: who has not sent, who must
    resend (with the first cause, at its cell), and who is behind target (how many indicators, the
    furthest behind first)."""
    from iku_excel.process import needs_resend

    rows = []
    for name in summary.loc[summary["status"] == NOT_SENDING, "kecamatan"] if len(summary) else ():
        rows.append({"perhatian": NOT_SENDING, "kecamatan": name, "rincian": f"belum ada berkas tahun {year or '-'}",
                     "urut": 0.0})
    names = dict(zip(summary["instansi"], summary["kecamatan"])) if len(summary) else {}
    for r in needs_resend(reports):
        if r.tahun not in (year, None):
            continue
        cause = next((f for f in r.findings if f.severity == "error"), None)
        where = f"{cause.sheet}!{cause.cell}: " if cause and cause.sheet and cause.cell else ""
        rows.append({"perhatian": MUST_RESEND, "kecamatan": names.get(r.instansi, r.instansi or Path(r.file).name),
                     "rincian": f"{Path(r.file).name}: {where}{cause.message if cause else STATUS_LABEL[r.status]}",
                     "urut": 0.0})
    behind = used[used["capaian"] < 100]
    for inst, group in behind.groupby("instansi", sort=False):
        worst = group.sort_values("capaian").iloc[0]
        total = int((used["instansi"] == inst).sum())
        rows.append({"perhatian": BEHIND, "kecamatan": group["nama_instansi"].iloc[0],
                     "rincian": f"{len(group)} dari {total} indikator di bawah target; terjauh: {worst['indikator']} "
                                f"(capaian {format_number(float(worst['capaian']), fixed=True)}%)",
                     "urut": -len(group) / max(total, 1) * 1000 + float(worst["capaian"]) / 1000})
    frame = pd.DataFrame(rows, columns=["perhatian", "kecamatan", "rincian", "urut"])
    order = {NOT_SENDING: 0, MUST_RESEND: 1, BEHIND: 2}
    frame = frame.assign(_o=frame["perhatian"].map(order)).sort_values(["_o", "urut", "kecamatan"], kind="stable")
    return frame.drop(columns=["_o", "urut"]).reset_index(drop=True)


def attention_shown(rekap: Rekap) -> tuple[pd.DataFrame, int]:
    """The first screen's rows: every kecamatan that has not sent or must resend, and the
    BEHIND_SHOWN furthest behind target; and how many more are behind (a few pages to print, at
    300 kecamatan too)."""
    frame = rekap.attention
    behind = frame.index[frame["perhatian"] == BEHIND]
    hidden = max(0, len(behind) - BEHIND_SHOWN)
    return frame.drop(index=behind[BEHIND_SHOWN:]), hidden


def behind_note(hidden: int) -> str:
    return (f"… dan {hidden} kecamatan lain di bawah target: lihat Ringkasan (saring menurut rata-rata capaian) dan "
            "Matriks")


def chart_items(values: pd.Series) -> tuple[list[tuple[str, float]], float | None, int]:
    """What a chart of one figure per kecamatan shows: (label, value) sorted from the highest, all of
    them up to CHART_LIMIT kecamatan, else the CHART_SHOWN highest and lowest; the kabupaten's median;
    and how many kecamatan have the figure. One rule for rekap.xlsx and rekap.html."""
    values = values.dropna().sort_values(ascending=False, kind="stable")
    if values.empty:
        return [], None, 0
    items = [(str(k), float(v)) for k, v in values.items()]
    if len(items) > CHART_LIMIT:
        items = items[:CHART_SHOWN] + items[-CHART_SHOWN:]
    return items, float(values.median()), len(values)


def chart_title(title: str, shown: int, total: int) -> str:
    return title if shown == total else f"{title}: {CHART_SHOWN} tertinggi dan {CHART_SHOWN} terendah dari {total}"


def _desa(reports: list[FileReport], files: pd.DataFrame) -> pd.DataFrame:
    rows = []
    used = files["dipakai"].tolist()
    for i, r in enumerate(reports):
        if r.recap is None or not used[i]:
            continue
        for d in r.recap.desa:
            row = {"kecamatan": r.recap.nama_instansi, "tahun": r.tahun, "desa": d.desa}
            for kind in ("RKPDes", "APBDes", "LPPDes"):
                day, on_time = d.dokumen.get(kind, (None, ""))
                row[kind] = day
                row[f"{kind} tepat waktu"] = on_time if on_time in ("Ya", "Tidak") else ""
            row["IDM"] = number(d.idm)
            row["status IDM"] = _text(d.status)
            rows.append(row)
    return pd.DataFrame(rows, columns=["kecamatan", "tahun", "desa", "RKPDes", "RKPDes tepat waktu", "APBDes",
                                       "APBDes tepat waktu", "LPPDes", "LPPDes tepat waktu", "IDM", "status IDM"])


def _labels(rows: pd.DataFrame) -> pd.Series:
    """One label per indicator across kecamatan: the same indicator id (and jabatan) is the same
    indicator even where two seed documents word it differently; the first wording is shown."""
    key = rows["jabatan"] + "\x00" + rows["indikator_id"]
    first = rows.groupby(key, sort=False)["indikator"].first()
    prefix = rows["jabatan"].where(rows["jabatan"] == "", rows["jabatan"] + ": ")
    return prefix + key.map(first)


def _trend(data: pd.DataFrame) -> pd.DataFrame:
    used = data[data["dipakai"]]
    if used["tahun"].nunique() < 2:
        return pd.DataFrame()
    return used.assign(kolom=_labels(used)).pivot_table(index=["nama_instansi", "kolom"], columns="tahun", values="capaian",
                                                aggfunc="first")


def rekap_dataframe(paths, expected: list[str] | None = None, include_errors: bool = False,
                    workers: int = 0) -> pd.DataFrame:
    """The tidy recap table of the workbooks under `paths`, as a pandas DataFrame: what
    rekap.csv holds (one row per berkas, jabatan and indikator, with `dipakai`)."""
    from iku_excel.config import current
    from iku_excel.process import BatchOptions, collect, flag_duplicates, run_batch

    files, _missing, _skipped = collect(paths)
    from iku_excel.rekap import record

    reports = run_batch(files, BatchOptions(workers=workers, collector=record.collect))
    flag_duplicates(reports)
    names = match_expected(expected, current().catalog) if expected else None
    return build(reports, names, include_errors).data
