"""The command line: `iku-excel KOMANDO ...`. Every text a user reads is Bahasa Indonesia."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
from pathlib import Path

import click

from iku_excel import __version__, cli_id
from iku_excel.calc.numbers import format_number
from iku_excel.catalog import CatalogError
from iku_excel.excel import is_number
from iku_excel.text import shown

cli_id.install()  # click's own texts ("Usage:", "Options", its errors) in Bahasa Indonesia

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Galat(click.ClickException):
    """A usage or input problem: printed as "Galat: ...", exit status 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Galat: {shown(self.format_message(), limit=None, ours=True)}", err=True)


EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_TOOL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class AlatGagal(click.ClickException):
    """The tool itself failed (a full disk, an unwritable folder, an internal error): exit 3,
    never blamed on a submission."""

    exit_code = EXIT_TOOL

    def show(self, file=None) -> None:
        click.echo(f"Gagal: {shown(self.format_message(), limit=None, ours=True)}", err=True)


class IkuGroup(click.Group):
    """An unexpected exception anywhere is the tool's failure: one line and exit 3, no traceback."""

    def invoke(self, ctx):
        from iku_excel.config import use

        previous = use(None)  # the command makes its own configuration current (_catalog), for itself only
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:
            # `iku-excel rekap ... | head`: the reader left; what was written to files stands
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            click.echo("Galat: keluaran terputus: program penerima (mis. head) berhenti membaca; berkas yang "
                       "ditulis tetap utuh", err=True)
            sys.exit(EXIT_USAGE)
        except Exception as exc:
            raise AlatGagal(f"kesalahan internal iku-excel ({type(exc).__name__}: {exc}); laporkan ke pengelola "
                            "iku-excel") from None
        finally:
            use(previous)


def _catalog(katalog: tuple[str, ...]):
    """The catalog of the command's --katalog folders and the environment, made current: the
    checks and the worker processes take it from iku_excel.config. A wrong file is reported
    here, once, before any worker starts."""
    from iku_excel.config import Config, use

    config = Config.from_environment(katalog)
    try:
        catalog = config.catalog
    except CatalogError as exc:
        raise Galat(str(exc)) from None
    use(config)
    return catalog


katalog_option = click.option(
    "--katalog", "katalog", multiple=True, type=click.Path(),
    help="Folder berkas katalog tambahan (*.yaml), atau buku kerja katalog (.xlsx dari `katalog baru`). Boleh diulang.",
)


@click.group(cls=IkuGroup, context_settings=CONTEXT, options_metavar="[OPSI]", subcommand_metavar="PERINTAH [ARGUMEN]...")
@click.version_option(__version__, "-V", "--versi", message="iku-excel %(version)s")
def main() -> None:
    """iku-excel: indikator kinerja Kecamatan (IKU, IKI, IKM) di Excel.

    Templat buku kerja, fungsi Excel (=IKU_PERSEN, =IKU_CAPAIAN, =IKM_NILAI, ...),
    dan pemeriksaan kiriman tanpa Excel.
    """


class DefaultCommand(click.Group):
    """A group whose first subcommand runs when no other is named: `katalog [INSTANSI]` shows the
    catalog as before there were subcommands, `layan --data F` serves."""

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [next(iter(self.commands)), *args]
        return super().parse_args(ctx, args)


@main.group("katalog", cls=DefaultCommand, context_settings=CONTEXT, options_metavar="[OPSI]",
            subcommand_metavar="[INSTANSI | baru | ekspor] ...")
def katalog_group() -> None:
    """Katalog indikator: tampilkan (iku-excel katalog [INSTANSI]), atau tulis sebagai buku kerja
    Excel yang diisi kabupaten (baru, ekspor) lalu dibaca dengan --katalog BERKAS.xlsx."""


@katalog_group.command("tampil", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("instansi", required=False)
@katalog_option
def katalog_cmd(instansi: str | None, katalog: tuple[str, ...]) -> None:
    """Tampilkan katalog indikator: daftar instansi, atau rincian satu INSTANSI."""
    catalog = _catalog(katalog)
    if not instansi:
        click.echo("Instansi di katalog:")
        for key in sorted(catalog.instansi):
            inst = catalog.instansi[key]
            n = len(catalog.indicators(key))
            click.echo(f"  {key:<12} {inst.nama}, {inst.kabupaten} ({inst.jenis_dokumen} {inst.tahun}, {n} indikator)")
        click.echo("\nRincian: iku-excel katalog NAMA, misalnya: iku-excel katalog randuagung")
        return
    try:
        inst = catalog.get(instansi)
    except CatalogError as exc:
        raise Galat(str(exc)) from None
    _print_catalog(catalog, inst)


def _write_book(result, keluaran: str, inputs: tuple[str, ...] = ()) -> None:
    from iku_excel.files import same_file

    for given in inputs:
        if Path(given).is_file() and same_file(given, keluaran):
            raise Galat(f"{keluaran}: berkas keluaran adalah katalog masukan; pilih nama lain agar katalognya tidak tertimpa")
    try:
        path = result()
    except OSError as exc:
        raise AlatGagal(f"{keluaran}: tidak dapat ditulis ({exc.strerror or exc})") from None
    click.echo(f"Buku kerja katalog ditulis: {path}")
    click.echo(f"Isi di Excel, lalu: iku-excel templat --katalog {path} -o templat")


@katalog_group.command("baru", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.option("--kabupaten", required=True, help="Kabupaten atau kota, mis. Lumajang atau 'Kota Batu'.")
@click.option("--kecamatan", "kecamatan", multiple=True, help="Hanya kecamatan ini (boleh diulang; bawaan: semua).")
@click.option("--dari", help="Mulai setiap kecamatan dari indikator instansi katalog ini (mis. candipuro).")
@click.option("--tahun", type=int, default=lambda: __import__("datetime").date.today().year, show_default="tahun ini",
              help="Tahun pertama periode; target disiapkan untuk lima tahun.")
@click.option("--keluaran", "-o", type=click.Path(dir_okay=False), required=True, help="Berkas .xlsx yang ditulis.")
@katalog_option
def katalog_baru_cmd(kabupaten: str, kecamatan: tuple[str, ...], dari: str | None, tahun: int, keluaran: str,
                     katalog: tuple[str, ...]) -> None:
    """Tulis buku kerja katalog baru untuk satu kabupaten: kecamatannya dengan kode Kemendagri,
    desanya, dan (dengan --dari) indikator sebuah katalog yang ada, siap diisi di Excel."""
    from iku_excel.catalog.book_xlsx import write_catalog_book
    from iku_excel.catalog.new import NewCatalogError, new_catalog_rows

    catalog = _catalog(katalog)
    try:
        title, rows = new_catalog_rows(catalog, kabupaten, kecamatan, dari, tahun)
    except (NewCatalogError, CatalogError) as exc:
        raise Galat(str(exc)) from None
    _write_book(lambda: write_catalog_book(rows, keluaran, title, catalog.registers), keluaran, katalog)


@katalog_group.command("ekspor", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("instansi", nargs=-1, metavar="[INSTANSI]...")
@click.option("--keluaran", "-o", type=click.Path(dir_okay=False), required=True, help="Berkas .xlsx yang ditulis.")
@katalog_option
def katalog_ekspor_cmd(instansi: tuple[str, ...], keluaran: str, katalog: tuple[str, ...]) -> None:
    """Tulis katalog yang ada (bawaan: semua instansi) sebagai buku kerja katalog, untuk diubah
    di Excel: target tahun depan, penandatangan, indikator baru."""
    from iku_excel.catalog.book import export_rows
    from iku_excel.catalog.book_xlsx import write_catalog_book

    catalog = _catalog(katalog)
    try:
        chosen = [catalog.get(key) for key in instansi] if instansi else [catalog.instansi[k] for k in sorted(catalog.instansi)]
    except CatalogError as exc:
        raise Galat(str(exc)) from None
    own = [d for key, d in catalog.registers.items() if not catalog.register_sources[key].startswith("iku_excel/")]
    first = min(i.tahun for i in chosen)
    rows = export_rows(chosen, own, years=tuple(range(first, first + 5)))
    title = "Katalog indikator kinerja: " + ", ".join(i.nama for i in chosen)
    _write_book(lambda: write_catalog_book(rows, keluaran, title, catalog.registers), keluaran, katalog)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent + "  ")


def _print_catalog(catalog, inst) -> None:
    click.secho(f"{inst.jenis_dokumen} {inst.nama.upper()} — {inst.kabupaten}, {inst.provinsi}", bold=True)
    click.echo(f"Sumber: {inst.sumber}")
    if inst.tujuan:
        click.echo("Tujuan: " + "; ".join(inst.tujuan))
    current = None
    for n, item in enumerate(catalog.indicators(inst.id), 1):
        if item.jabatan is not current and item.jabatan is not None:
            current = item.jabatan
            click.secho(f"\nJabatan: {current.nama}", bold=True)
        spec = item.spec
        click.echo(f"\n{n:>3}. {spec.nama}  [{item.full_id}]")
        click.echo(_wrap(f"Sasaran: {spec.sasaran}", "     "))
        click.echo(_wrap(f"Formula: {spec.formula}", "     "))
        inputs = "; ".join(f"{k} = {v}" for k, v in spec.input_labels().items())
        click.echo(_wrap(f"Jenis: {spec.jenis} ({inputs})", "     "))
        targets = ", ".join(f"{y}: {v}" for y, v in sorted(spec.target.items())) or "belum ditetapkan"
        click.echo(f"     Satuan: {spec.satuan} | Polaritas: {spec.polaritas} | Rekap triwulan: {spec.rekap} | Target: {targets}")
        click.echo(_wrap(f"Sumber data: {spec.sumber_data} | Penanggung jawab: {spec.penanggung_jawab}", "     "))


TEMPLATE_YEAR = 2025  # the year of the committed templates in workbook_templates/


@main.command("templat", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.option("--instansi", "instansi", multiple=True,
              help="Instansi yang dibuatkan templat (boleh diulang; bawaan: semua kecamatan katalog daerah, atau "
                   "kelima contoh bawaan bila tidak ada).")
@click.option("--tahun", type=int, help=f"Tahun anggaran (bawaan: tahun katalog daerah; {TEMPLATE_YEAR} untuk kelima "
              "contoh bawaan).")
@click.option("--keluaran", "-o", type=click.Path(file_okay=False), default="workbook_templates", show_default=True,
              help="Folder tujuan.")
@click.option("--contoh", is_flag=True, help="Buat juga salinan berisi data contoh (contoh_*.xlsx dan .xlsm).")
@katalog_option
def templat_cmd(instansi: tuple[str, ...], tahun: int | None, keluaran: str, contoh: bool, katalog: tuple[str, ...]) -> None:
    """Buat buku kerja standar (templat) dari katalog, satu per instansi dan tahun.

    Setiap templat ditulis dua kali: .xlsm berisi fungsi IKU_/IKM_ sendiri (untuk kantor
    tanpa Python: cukup aktifkan makro) dan .xlsx (untuk add-in xlwings).
    """
    from pathlib import Path

    from iku_excel.demo.sample import build_sample
    from iku_excel.templates import build_template, template_filename

    catalog = _catalog(katalog)
    chosen = list(instansi) or catalog.regional or sorted(catalog.instansi)
    for key in chosen:
        try:
            catalog.get(key)
        except CatalogError as exc:
            raise Galat(str(exc)) from None
    out = Path(keluaran)
    for key in chosen:
        # a region's catalog is written for its year (katalog baru --tahun); the seeds' documents are older
        year = tahun or (catalog.instansi[key].tahun if key in catalog.regional else TEMPLATE_YEAR)
        for macros in (True, False):
            path = build_template(catalog, key, year, out / template_filename(key, year, macros=macros))
            click.echo(f"Templat ditulis: {path}")
        if contoh:
            for macros in (True, False):
                path = build_sample(catalog, key, year, out / template_filename(key, year, sample=True, macros=macros))
                click.echo(f"Contoh terisi ditulis: {path}")


@main.command("demo", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.option("--instansi", help="Satu instansi saja (bawaan: kelima Kecamatan contoh).")
@click.option("--tahun", type=int, default=TEMPLATE_YEAR, show_default=True, help="Tahun anggaran contoh.")
@click.option("--keluaran", "-o", type=click.Path(file_okay=False), default="keluaran", show_default=True,
              help="Folder untuk buku kerja contoh.")
@katalog_option
def demo_cmd(instansi: str | None, tahun: int, keluaran: str, katalog: tuple[str, ...]) -> None:
    """Jalankan contoh lengkap dengan data contoh: hitung setiap indikator, lalu buat buku kerja contoh terisi."""
    from pathlib import Path

    from iku_excel.calc.ikm import ikm, minimum_sample
    from iku_excel.demo.sample import figures, sample_builder
    from iku_excel.templates import template_filename

    def shown(value: object) -> str:
        return "-" if value is None or value == "" else value if isinstance(value, str) else format_number(value)

    catalog = _catalog(katalog)
    chosen = [catalog.get(instansi)] if instansi else [catalog.instansi[k] for k in sorted(catalog.instansi)]
    builders, specs = {}, {}
    for inst in chosen:
        builder = builders[inst.id] = sample_builder(catalog, inst.id, tahun)
        template = specs[inst.id] = builder.spec()
        click.secho(f"\n=== {inst.nama}, {inst.kabupaten} — {inst.jenis_dokumen}, data contoh tahun {tahun} ===", bold=True)
        click.echo("(nilai dihitung oleh rumus buku kerja contoh; * target contoh: katalog belum memuat target tahun ini)")
        click.echo(f"{'No':>3}  {'Indikator':<58} {'Target':>9} {'Realisasi':>10} {'Capaian':>9}  Predikat")
        current = None
        for n, fig in enumerate(figures(template), 1):
            spec = fig.item.spec
            if fig.item.jabatan is not None and fig.item.jabatan is not current:
                current = fig.item.jabatan
                click.secho(f"     {current.nama}", bold=True)
            mark = "" if tahun in spec.target else "*"
            unit = "%" if spec.satuan == "%" and is_number(fig.realisasi) else ""
            cap = f"{format_number(fig.capaian)}%" if is_number(fig.capaian) else "-"
            # a cell the workbook cannot compute says why ("#KOSONG: ..."): the demo says the same
            band = next((v for v in (fig.predikat, fig.capaian, fig.realisasi) if isinstance(v, str) and v), "")
            name = spec.nama if len(spec.nama) <= 58 else spec.nama[:55] + "..."
            click.echo(f"{n:>3}  {name:<58} {shown(fig.target) + mark:>9} {shown(fig.realisasi) + unit:>10} {cap:>9}  {band}")
        survey = next((r for r in template.registers if r.summary == "skm"), None)
        if survey is None:
            continue
        data = builder.data
        result = ikm([[row.get(f"U{j}") for j in range(1, 10)] for row in data.rows.get(survey.key, [])])
        minimum = minimum_sample(data.skm_populasi)
        click.echo(
            f"\n     SKM: {result.respondents} responden (minimum {minimum} untuk populasi {data.skm_populasi}), "
            f"IKM {format_number(result.ikm)}, mutu {result.mutu} ({result.kinerja}); "
            f"{len(result.missing)} jawaban kosong/tidak sah tidak dihitung."
        )
        click.echo("     NRR per unsur: " + "; ".join(f"{v:.2f}".replace(".", ",") for v in result.nrr))
    click.secho("\nBuku kerja contoh (templat standar berisi data contoh, nilai rumus sudah terhitung):", bold=True)
    samples = {}
    for inst in chosen:
        folder = Path(keluaran) / "contoh"
        for macros in (True, False):
            path = builders[inst.id].write(folder / template_filename(inst.id, tahun, sample=True, macros=macros),
                                           specs[inst.id])
            click.echo(f"  {path}")
        samples[inst.id] = path
    _demo_validation(samples, Path(keluaran))


def _demo_validation(samples: dict, keluaran: Path) -> None:
    """Check and recap the samples as the regency would (iku-excel rekap), with a few
    deliberately defective copies sent earlier and one truncated file."""
    from iku_excel.demo.submissions import make_submissions
    from iku_excel.rekap.job import rekap_files
    from iku_excel.reports import STATUS_LABEL

    files = make_submissions(samples, keluaran / "kiriman")
    click.secho(f"\nPemeriksaan dan rekap kiriman (iku-excel rekap): {len(files)} berkas di {keluaran / 'kiriman'} "
                "(contoh terisi, salinan bercacat yang dikirim lebih dulu, satu berkas terpotong)", bold=True)
    reports, _rekap, written = rekap_files(files, keluaran / "rekap")
    for r in reports:
        codes = sorted({f.code for f in r.findings if f.severity != "info"})
        click.echo(f"  {STATUS_LABEL[r.status]:<13} {Path(r.file).name:<52} {', '.join(codes[:4])}")
    click.echo("Rekap dan laporan validasi ditulis:")
    for name in ("rekap.xlsx", "rekap.html", "rekap.csv", "laporan.html", "laporan_validasi.xlsx", "laporan.json"):
        click.echo(f"  {written[name]}")
    click.echo(f"Buka {written['rekap.html']} dan {written['laporan.html']} di peramban.")
    _demo_layan(keluaran, reports)


def _demo_layan(keluaran: Path, reports) -> None:
    """The intake server on SQLite, fed the same submissions through HTTP as the offices would
    upload them; its board's figures printed; stopped again."""
    import secrets
    import shutil

    try:
        import django  # noqa: F401

        from iku_excel.web.client import RunningServer, Session
    except ImportError:
        click.echo("\n(layanan web dilewati: pasang dengan pip install 'iku-excel[web]')")
        return
    data = keluaran / "layan"
    shutil.rmtree(data, ignore_errors=True)
    password = secrets.token_urlsafe(12)
    server = RunningServer(data)
    click.secho(f"\nLayanan kiriman (iku-excel layan) di {data}: kiriman yang sama diunggah lewat HTTP", bold=True)
    offices = sorted({r.instansi for r in reports if r.instansi})
    server.account("admin", password)
    for office in offices:
        server.account(f"op_{office}", password, office)
    with server:
        for r in reports:
            if not r.instansi:
                click.echo(f"  dilewati (tidak terbaca, tanpa instansi): {Path(r.file).name}")
                continue
            session = Session(server.base)
            session.login(f"op_{r.instansi}", password)
            url, html = session.upload(r.instansi, Path(r.file))
            click.echo(f"  diunggah {Path(r.file).name:<52} -> {url.removeprefix(server.base)}")
        admin = Session(server.base)
        admin.login("admin", password)
        board = admin.get("/papan/").read().decode()
        import re

        counts = dict(re.findall(r'id="jumlah-(\w+)">(\d+)<', board))
        click.echo("  papan Kabupaten: " + ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in counts.items()))
        click.echo(f"  papan di {server.base}/papan/ selama demo; layanan dihentikan.")
    click.echo(f"Jalankan lagi: iku-excel layan --data {data}  (masuk sebagai admin, kata sandi {password}; "
               f"operator: op_<kecamatan>, kata sandi sama)")


def _batch_exit(reports) -> int:
    if any(r.status == "failed" for r in reports):
        return EXIT_TOOL
    return EXIT_ERRORS if any(r.status in ("error", "unreadable") for r in reports) else EXIT_OK


LIMIT_OPTIONS = (
    click.option("--batas-waktu", type=click.FloatRange(0, 86400, min_open=True), default=60.0, show_default=True,
                 metavar="DETIK", help="Detik paling lama per berkas."),
    click.option("--batas-memori", type=click.IntRange(64, 1024 * 1024), default=1024, show_default=True,
                 metavar="MB", help="MB memori tambahan paling banyak untuk satu berkas."),
)


def limit_options(fn):
    """The limits one file may take, for every command that reads a user's file (validasi,
    rekap, hitung, skm impor, skm laporan): the same defaults, the same words."""
    for option in reversed(LIMIT_OPTIONS):
        fn = option(fn)
    return fn


def batch_options(fn):
    """The options of a batch (validasi, rekap): workers, limits, quiet. Impossible limits
    (a time of 0, a negative count) are usage errors."""
    for option in reversed((
        click.option("--pekerja", type=click.IntRange(0, 256), default=0, metavar="N",
                     help="Jumlah proses pemeriksa (bawaan: satu per inti CPU)."),
        *LIMIT_OPTIONS,
        click.option("--diam", is_flag=True, help="Tanpa bilah kemajuan."),
    )):
        fn = option(fn)
    return fn


def _submissions(paths, out: Path) -> tuple[list[Path], list[str]]:
    """The workbooks to check, and the paths skipped; usage problems are refused here."""
    from iku_excel.process import collect

    files, missing, skipped = collect(paths)
    if missing:
        raise Galat("tidak ditemukan: " + ", ".join(missing))
    if not files:
        raise Galat("tidak ada buku kerja (.xlsx/.xlsm) di " + ", ".join(paths))
    if any(f.absolute().parent == out for f in files):
        raise Galat(f"folder keluaran {out} berisi berkas kiriman; pilih folder lain")
    for line in skipped:
        click.echo(f"Dilewati: {line}", err=True)
    return files, skipped


@contextlib.contextmanager
def _writing(out: Path):
    """A batch's run and its output: Ctrl-C, a folder that is not ours, a disk that fails."""
    from iku_excel.files import FolderNotOurs

    try:
        yield
    except KeyboardInterrupt:
        click.echo("\nDihentikan; keluaran lama tidak berubah.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except FolderNotOurs as exc:
        raise Galat(str(exc)) from None
    except OSError as exc:
        raise AlatGagal(f"keluaran tidak dapat ditulis ke {out}: {exc.strerror or exc}") from None


def _batch_summary(reports) -> None:
    from iku_excel.reports import STATUS_LABEL

    counts = {k: sum(r.status == k for r in reports) for k in STATUS_LABEL}
    click.echo(f"{len(reports)} berkas diperiksa: " + ", ".join(f"{counts[k]} {STATUS_LABEL[k]}" for k in STATUS_LABEL
                                                               if counts[k] or k in ("ok", "error")))
    if counts["failed"]:
        click.echo(f"{counts['failed']} berkas gagal diperiksa karena kesalahan iku-excel (bukan kesalahan pengirim); "
                   "kirim berkas itu ke pengelola iku-excel.", err=True)


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="berkas", desc="Memeriksa", disable=quiet, file=sys.stderr)


@main.command("validasi", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="BERKAS_ATAU_FOLDER...")
@click.option("--laporan", "-o", type=click.Path(file_okay=False), default="laporan", show_default=True,
              help="Folder laporan (laporan.json, laporan_validasi.xlsx, laporan.html); ditulis ulang utuh.")
@batch_options
@katalog_option
@click.option("--tsv", is_flag=True, help="Cetak temuan sebagai baris bertab (berkas, lembar, sel, kode, tingkat, pesan); "
              "dipakai tombol VBA 'Periksa buku kerja'.")
def validasi_cmd(paths, laporan, pekerja, batas_waktu, batas_memori, diam, katalog, tsv) -> None:
    """Periksa buku kerja kiriman (berkas atau folder) tanpa Excel, lalu tulis laporannya.

    Status keluar: 0 bila tidak ada berkas bergalat, 1 bila ada, 2 untuk kesalahan pemakaian,
    3 bila alat ini sendiri gagal (disk penuh, folder tidak dapat ditulis, kesalahan internal),
    130 bila dihentikan (Ctrl-C).
    """
    from iku_excel.process import BatchOptions, flag_duplicates, run_batch
    from iku_excel.reports import STATUS_LABEL, write_reports

    _catalog(katalog)
    out = Path(laporan).absolute()
    files, skipped = _submissions(paths, out)
    with _writing(out):
        bar = _progress(len(files), diam)
        reports = run_batch(files, BatchOptions(pekerja, batas_waktu, batas_memori), progress=lambda r: bar.update())
        bar.close()
        flag_duplicates(reports)
        written = write_reports(reports, out, skipped)
    if tsv:
        for r in reports:
            for f in r.findings:
                fields = (r.file, f.sheet or "", f.cell or "", f.code, f.severity, f.message)
                click.echo("\t".join(" ".join(str(x).split()) for x in fields))
        sys.exit(_batch_exit(reports))
    _batch_summary(reports)
    for r in reports:
        if r.status != "ok":
            click.echo(f"  {STATUS_LABEL[r.status]:<15} {r.file}  ({r.count('error')} galat, {r.count('warning')} peringatan)")
    click.echo("Laporan:")
    for path in written.values():
        click.echo(f"  {path}")
    sys.exit(_batch_exit(reports))


@main.command("rekap", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="BERKAS_ATAU_FOLDER...")
@click.option("--keluaran", "-o", type=click.Path(file_okay=False), default="rekap", show_default=True,
              help="Folder rekap dan laporan validasi; ditulis ulang utuh.")
@click.option("--daftar", type=click.Path(exists=True, dir_okay=False),
              help="Kecamatan yang wajib mengirim: satu per baris, atau kolom pertama CSV (bawaan: semua di katalog).")
@click.option("--termasuk-galat", is_flag=True, help="Ikutkan berkas bergalat dalam rata-rata dan peringkat.")
@batch_options
@katalog_option
def rekap_cmd(paths, keluaran, daftar, termasuk_galat, pekerja, batas_waktu, batas_memori, diam, katalog) -> None:
    """Periksa dan rekap kiriman seluruh kecamatan dalam satu kali baca.

    Menulis rekap.csv, rekap.xlsx (Ringkasan, Matriks, Kelengkapan, Per desa, Data, Grafik),
    rekap.html, dan laporan validasi. Status keluar seperti `validasi`.
    """
    from iku_excel.process import BatchOptions
    from iku_excel.rekap import expected as expected_list
    from iku_excel.rekap.job import rekap_files

    _catalog(katalog)
    out = Path(keluaran).absolute()
    files, skipped = _submissions(paths, out)
    expected = None
    if daftar:
        try:
            names = expected_list.read_expected(daftar)
        except expected_list.ExpectedListError as exc:
            raise Galat(str(exc)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise Galat(f"{daftar}: daftar kecamatan tidak terbaca ({exc})") from None
        expected = expected_list.match_expected(names, _catalog(katalog))
        for written, meant in expected_list.probable_typos(names, _catalog(katalog)):
            click.echo(f"Peringatan: '{written}' di {Path(daftar).name} tidak cocok dengan kecamatan mana pun di katalog; "
                       f"mungkin maksudnya '{meant}'? Bila ya, perbaiki daftarnya: kini ia tampil belum mengirim.", err=True)
    else:
        expected = expected_list.default_expected(_catalog(katalog))
    with _writing(out):
        bar = _progress(len(files), diam)
        reports, rekap, written = rekap_files(files, out, BatchOptions(pekerja, batas_waktu, batas_memori), expected,
                                              termasuk_galat, skipped, progress=lambda r: bar.update(),
                                              stage=lambda text: (bar.set_description_str(text), bar.refresh()))
        bar.close()
    _batch_summary(reports)
    from iku_excel.rekap.table import NOT_SENT

    late = rekap.completeness.index[(rekap.completeness == NOT_SENT).all(axis=1)].tolist()
    if late:
        click.echo(f"Belum mengirim ({rekap.year}): " + ", ".join(late))
    from iku_excel.process import needs_resend

    sent = rekap.files[["instansi", "nama_instansi"]].dropna().drop_duplicates().itertuples(index=False)
    for meant, sender in expected_list.resembling_senders(expected, [tuple(s) for s in sent]):
        click.echo(f"Peringatan: '{meant}' diharapkan tetapi belum mengirim, sedangkan '{sender}' yang tidak diharapkan "
                   "mengirim: mungkin kantor yang sama dengan ejaan lain. Periksa nama di katalog atau --daftar.", err=True)
    resend = sorted({Path(r.file).name for r in needs_resend(reports)})
    if resend:
        click.echo("Perlu kirim ulang: " + ", ".join(resend))
    click.echo("Rekap dan laporan:")
    for name in ("rekap.xlsx", "rekap.html", "rekap.csv", "laporan.html"):
        click.echo(f"  {written[name]}")
    sys.exit(_batch_exit(reports))


@main.group("skm", context_settings=CONTEXT, options_metavar="[OPSI]", subcommand_metavar="PERINTAH [ARGUMEN]...")
def skm_group() -> None:
    """Survei Kepuasan Masyarakat: impor hasil survei ke buku kerja, dan Laporan SKM."""


jawaban_option = click.option("--jawaban", type=click.Path(exists=True, dir_okay=False), metavar="BERKAS",
                              help="Pemetaan teks jawaban kantor sendiri ke nilai 1–4 (YAML).")


@skm_group.command("impor", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("survei", type=click.Path(exists=True, dir_okay=False))
@click.argument("buku_kerja", type=click.Path(exists=True, dir_okay=False))
@click.option("--keluaran", "-o", type=click.Path(dir_okay=False), metavar="BERKAS",
              help="Salinan buku kerja berisi Reg SKM (bawaan: NAMA_skm.xlsx/.xlsm).")
@jawaban_option
@limit_options
@katalog_option
def skm_impor_cmd(survei: str, buku_kerja: str, keluaran: str | None, jawaban: str | None, batas_waktu: float,
                  batas_memori: int, katalog) -> None:
    """Isi Reg SKM salinan BUKU_KERJA dari SURVEI (CSV/XLSX Google Forms, Microsoft Forms, isian kertas).

    Kolom unsur dikenali dari kata pertanyaannya (urutan 8/9 yang tertukar dan kolom tambahan tidak
    masalah); jawaban berupa angka 1–4, huruf a–d atau teks jawaban PermenPANRB 14/2017. Buku kerja
    asal tidak diubah; nilai rumus salinan dihitung ulang sehingga IKM langsung tampil.
    """
    from iku_excel.process import TimeLimit, limited
    from iku_excel.reports import STATUS_LABEL
    from iku_excel.skm.importer import import_survey
    from iku_excel.skm.survey import SurveyError, read_survey

    _catalog(katalog)
    src = Path(buku_kerja)
    out = Path(keluaran) if keluaran else src.with_name(f"{src.stem}_skm{src.suffix}")
    try:
        with limited(batas_memori, batas_waktu):
            survey = read_survey(survei, jawaban)
            result = import_survey(survey, src, out)
    except (MemoryError, TimeLimit) as exc:
        raise Galat(_over_limit(f"{survei} atau {src}", exc, batas_memori, batas_waktu)) from None
    except SurveyError as exc:
        raise Galat(str(exc)) from None
    except OSError as exc:
        raise AlatGagal(f"salinan tidak dapat ditulis ke {out}: {exc.strerror or exc}") from None
    click.echo(f"{result.respondents} responden dari {survei} ditulis ke Reg SKM salinan: {result.written}")
    if result.replaced:
        click.echo(f"({result.replaced} responden yang sudah ada di buku kerja asal diganti oleh isi survei)")
    _survey_columns(survey, result.problems)
    checked = f"Pemeriksaan salinan: {STATUS_LABEL[result.report.status]}."
    if isinstance(result.ikm, float):
        click.echo(f"IKM {format_number(result.ikm)}, mutu {result.mutu}. {checked}")
    else:  # an unsur without one valid answer: the workbook shows no IKM either
        click.echo(f"IKM belum dapat dihitung: ada unsur tanpa satu pun jawaban sah (lihat catatan di atas). {checked}")


@skm_group.command("laporan", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("sumber", type=click.Path(exists=True, dir_okay=False), metavar="SURVEI|BUKU_KERJA")
@click.option("--keluaran", "-o", type=click.Path(file_okay=False), default="laporan_skm", show_default=True,
              metavar="FOLDER", help="Folder laporan_skm.xlsx dan laporan_skm.pdf.")
@click.option("--populasi", type=click.IntRange(1), metavar="N",
              help="Populasi penerima layanan (bawaan: lembar Profil buku kerja).")
@click.option("--nama", metavar="TEKS", help="Nama unit pelayanan, untuk laporan dari berkas survei.")
@jawaban_option
@limit_options
@katalog_option
def skm_laporan_cmd(sumber: str, keluaran: str, populasi: int | None, nama: str | None, jawaban: str | None,
                    batas_waktu: float, batas_memori: int, katalog) -> None:
    """Tulis Laporan SKM dari berkas survei atau dari Reg SKM buku kerja (.xlsx/.xlsm templat)."""
    from iku_excel.files import FolderNotOurs, same_file
    from iku_excel.process import TimeLimit, limited
    from iku_excel.skm import laporan
    from iku_excel.skm.survey import SurveyError, read_survey

    _catalog(katalog)
    for name in ("laporan_skm.xlsx", "laporan_skm.pdf"):  # the report must never replace its own source
        if same_file(sumber, Path(keluaran) / name):
            raise Galat(f"{sumber}: sumber laporan tidak boleh sama dengan berkas hasil {Path(keluaran) / name}; "
                        "pilih folder keluaran lain")
    try:
        with limited(batas_memori, batas_waktu):  # the reading bounded; LibreOffice, which makes the PDF after it, is not
            template = Path(sumber).suffix.lower() in (".xlsx", ".xlsm") and _is_template(sumber)
            survey = None if template else read_survey(sumber, jawaban)
            data = laporan.from_workbook(sumber) if survey is None else None
        if data is not None:
            if populasi:
                data.population = float(populasi)
        else:
            _survey_columns(survey, survey.problems)
            data = laporan.from_survey(survey, nama or "Unit pelayanan", float(populasi) if populasi else None)
        report = laporan.build(data)
        written = laporan.write(report, keluaran)
    except (MemoryError, TimeLimit) as exc:
        raise Galat(_over_limit(sumber, exc, batas_memori, batas_waktu)) from None
    except (SurveyError, FolderNotOurs) as exc:
        raise Galat(str(exc)) from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise AlatGagal(f"laporan tidak dapat ditulis ke {keluaran}: {exc}") from None
    for label, value in laporan.key_figures(report):
        click.echo(f"  {label}: {value}")
    for path in written.values():
        click.echo(f"Ditulis: {path}")
    if "pdf" not in written:
        click.echo("LibreOffice tidak terpasang: PDF tidak dibuat (buka laporan_skm.xlsx lalu cetak ke PDF).")


def _over_limit(what, exc: BaseException, memory_mb: int, seconds: float) -> str:
    """A limit hit by a command reading one file: said as the limit, not as a broken file."""
    if isinstance(exc, MemoryError):
        return (f"{what}: membaca berkas ini memerlukan lebih dari {memory_mb} MB memori (batas memori, "
                "--batas-memori); berkas sebesar ini bukan buku kerja atau ekspor survei yang wajar. Tidak ada yang "
                "ditulis")
    return (f"{what}: membaca berkas ini memakan lebih dari {format(seconds, 'g').replace('.', ',')} detik (batas waktu, "
            "--batas-waktu). Tidak ada yang ditulis")


def _survey_columns(survey, problems) -> None:
    """What each column of the export was read as, the columns left out (so that a question whose
    header was not recognised is seen rather than silently dropped), and the notes by row and column."""
    from iku_excel.skm.survey import grouped
    from iku_excel.text import shown

    click.echo("Kolom yang dibaca: " + "; ".join(f"{k} = '{shown(v)}'" for k, v in survey.columns.items()))
    if survey.unused:
        click.echo("Kolom yang tidak dibaca (bukan unsur maupun data responden): " +
                   "; ".join(f"'{shown(h)}'" for h in survey.unused))
    if problems:
        click.echo(f"{len(problems)} catatan (baris/kolom survei):")
        for line in grouped(problems):
            click.echo(f"  {line}")


def _is_template(path: str) -> bool:
    """A workbook made from an iku-excel template (rather than a Microsoft Forms export). Its
    workbook part is read only when its size is a workbook's: the guarded reader judges the rest."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/workbook.xml")
            return info.file_size < 1024 * 1024 and b"IKU_TEMPLATE_ID" in z.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return False


@main.command("hitung", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False))
@click.option("--keluaran", "-o", type=click.Path(dir_okay=False), help="Berkas hasil (bawaan: NAMA_dihitung.xlsx).")
@limit_options
@katalog_option
def hitung_cmd(berkas: str, keluaran: str | None, batas_waktu: float, batas_memori: int, katalog: tuple[str, ...]) -> None:
    """Tulis salinan BERKAS dengan nilai rumus yang dihitung ulang (berkas asal tidak diubah)."""
    from iku_excel.files import same_file
    from iku_excel.process import CheckerFailed, TimeLimit, limited, write_recalculated

    _catalog(katalog)
    src = Path(berkas)
    dst = Path(keluaran) if keluaran else src.with_name(f"{src.stem}_dihitung{src.suffix}")
    if same_file(src, dst):
        raise Galat(f"{dst}: berkas hasil tidak boleh sama dengan berkas asal {src}; berkas asal tidak pernah diubah")
    try:
        with limited(batas_memori, batas_waktu):
            n, report = write_recalculated(src, dst)
    except (MemoryError, TimeLimit) as exc:
        raise Galat(_over_limit(src, exc, batas_memori, batas_waktu)) from None
    except CheckerFailed as exc:
        raise AlatGagal(f"{src}: {exc}") from None
    except ValueError as exc:
        raise Galat(f"{src}: {exc}") from None
    except OSError as exc:
        raise AlatGagal(f"salinan tidak dapat ditulis ke {dst}: {exc.strerror or exc}") from None
    click.echo(f"{n} sel rumus diperbarui nilainya; salinan ditulis: {dst}")
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        click.echo(f"Perhatian: {len(errors)} galat ditemukan; periksa dengan: iku-excel validasi {src}")


@main.command("excel", context_settings=CONTEXT, options_metavar="[OPSI]")
def excel_cmd() -> None:
    """Siapkan Excel untuk fungsi IKU (Windows: pasang add-in xlwings), atau jelaskan pilihan di sistem ini."""
    from iku_excel.excel_setup import setup

    sys.exit(setup(echo=click.echo))


@main.command("makro", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.option("--keluaran", "-o", type=click.Path(file_okay=False), default="macros", show_default=True,
              help="Folder tujuan.")
def makro_cmd(keluaran: str) -> None:
    """Tulis modul VBA (IKU_Fungsi.bas, IKU_Tombol.bas) untuk diimpor ke buku kerja lain.

    Templat .xlsm sudah memuat IKU_Fungsi; modul ini untuk buku kerja buatan sendiri.
    Pita nilai mengikuti IKU_EXCEL_BANDS bila diatur.
    """
    from iku_excel.vba import export_modules

    for path in export_modules(keluaran):
        click.echo(f"Modul VBA ditulis: {path}")


@main.command("benchmark", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.option("-n", "jumlah", type=int, default=200, show_default=True, metavar="N",
              help="Jumlah kiriman contoh yang dibuat.")
@click.option("--naif", type=int, default=10, show_default=True, metavar="N",
              help="Berkas yang dihitung dengan cara naif (lambat).")
@click.option("--memori", type=int, default=0, metavar="N", help="Ukur memori puncak batch sebanyak ini (mis. 1000).")
@click.option("--pekerja", type=int, default=0, help="Jumlah proses pemeriksa (bawaan: satu per inti).")
@click.option("--layan", type=int, default=0, metavar="N",
              help="Ukur juga layanan web: waktu sampai temuan tampil, dan N unggahan serentak (mis. 50).")
def benchmark_cmd(jumlah: int, naif: int, memori: int, pekerja: int, layan: int) -> None:
    """Ukur kecepatan validasi terhadap lantai (openpyxl) dan cara naif (formulas), dalam satu kali jalan."""
    from iku_excel.demo.benchmark import run

    run(jumlah, naif, memori, pekerja, echo=click.echo)
    if layan:
        from iku_excel.web.bench import run as run_layan

        click.echo("")
        run_layan(layan, echo=click.echo)



# ---- layan: the kabupaten's intake (iku_excel/web) ------------------------------------------------

data_option = click.option("--data", "data", type=click.Path(file_okay=False), required=True,
                           help="Folder data layanan: basis data SQLite, berkas kiriman, kunci rahasia.")
db_option = click.option("--db", help="Alamat PostgreSQL (postgresql://pengguna:sandi@host/nama) pengganti SQLite.")


def _layan_setup(data: str, db: str | None, katalog: tuple[str, ...]) -> None:
    try:
        from iku_excel.web.server import setup
    except ImportError as exc:  # the web extra is not installed
        raise Galat(f"paket layanan web belum terpasang ({exc.name}): pip install 'iku-excel[web]'") from None
    try:
        setup(data, db, katalog)
    except CatalogError as exc:
        raise Galat(str(exc)) from None
    except ValueError as exc:
        raise Galat(str(exc)) from None


@main.group("layan", cls=DefaultCommand, context_settings=CONTEXT, options_metavar="[OPSI]",
            subcommand_metavar="[jalan | akun] ...")
def layan_group() -> None:
    """Layanan web Kabupaten: kecamatan mengunggah buku kerja dan langsung melihat temuannya;
    Kabupaten melihat siapa sudah mengirim, dengan setiap versi tersimpan."""


@layan_group.command("jalan", context_settings=CONTEXT, options_metavar="[OPSI]")
@data_option
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Alamat yang didengarkan (0.0.0.0: seluruh jaringan).")
@click.option("--port", type=int, default=8000, show_default=True, help="Nomor port.")
@katalog_option
def layan_jalan_cmd(data: str, db: str | None, host: str, port: int, katalog: tuple[str, ...]) -> None:
    """Jalankan layanan (bawaan perintah `layan`)."""
    _layan_setup(data, db, katalog)
    from iku_excel.web.server import serve

    click.echo(f"Layanan kiriman IKU berjalan di http://{host}:{port}/ (hentikan dengan Ctrl+C)")
    serve(host, port)


@layan_group.command("akun", context_settings=CONTEXT, options_metavar="[OPSI]")
@click.argument("nama")
@data_option
@db_option
@click.option("--kecamatan", help="ID kecamatan yang dioperasikan akun ini (operator).")
@click.option("--admin", is_flag=True, help="Admin Kabupaten: melihat semua kecamatan, papan dan rekap.")
@katalog_option
def layan_akun_cmd(nama: str, data: str, db: str | None, kecamatan: str | None, admin: bool,
                   katalog: tuple[str, ...]) -> None:
    """Buat atau perbarui akun NAMA. Kata sandi ditanyakan (atau dari IKU_LAYAN_SANDI)."""
    import os

    if admin == bool(kecamatan):
        raise Galat("pilih salah satu: --admin, atau --kecamatan ID")
    _layan_setup(data, db, katalog)
    password = os.environ.get("IKU_LAYAN_SANDI") or click.prompt("Kata sandi", hide_input=True,
                                                                  confirmation_prompt="Ulangi kata sandi")
    from django.core.exceptions import ValidationError

    from iku_excel.web.server import add_user

    try:
        add_user(nama, password, kecamatan, admin)
    except ValidationError as exc:
        raise Galat("kata sandi ditolak: " + " ".join(exc.messages)) from None
    except ValueError as exc:
        raise Galat(str(exc)) from None
    click.echo(f"Akun {nama} siap ({'admin Kabupaten' if admin else 'operator ' + kecamatan}).")


if __name__ == "__main__":
    sys.exit(main())
