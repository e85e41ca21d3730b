"""Starting `iku-excel layan`: the data folder and database, the migrations, the kecamatan of
the catalog, the static files; then the WSGI server (waitress: pure Python, runs the same on
a kabupaten's Windows PC as on Linux)."""

from __future__ import annotations

import os
from pathlib import Path


def setup(data: str | Path, db: str | None = None, katalog: tuple[str, ...] = ()) -> None:
    """Make Django ready over this data folder and database, migrated, with the catalog's kecamatan."""
    os.environ["IKU_LAYAN_DATA"] = str(Path(data).absolute())
    if db:
        os.environ["IKU_LAYAN_DB"] = db
    else:
        os.environ.pop("IKU_LAYAN_DB", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_excel.web.settings")
    from iku_excel.config import Config, use

    config = Config.from_environment(tuple(katalog))
    config.catalog  # a wrong catalog is reported before the server starts
    use(config)
    # the checks' fork server inherits this environment: the same catalog folders and workbooks
    os.environ["IKU_EXCEL_KATALOG"] = os.pathsep.join(config.katalog)
    from iku_excel.web import checking

    checking.prepare()
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from iku_excel.web import store

    store.remove_stale(Path(settings.DATA))
    sync_kecamatan(config.catalog)
    call_command("collectstatic", verbosity=0, interactive=False)


def sync_kecamatan(catalog) -> int:
    """The kecamatan of the catalog (the region's own, else every instansi), created or renamed."""
    from iku_excel.web.models import Kecamatan

    keys = catalog.regional or sorted(catalog.instansi)
    for key in keys:
        Kecamatan.objects.update_or_create(instansi=key, defaults={"nama": catalog.instansi[key].nama})
    return len(keys)


def add_user(username: str, password: str, kecamatan: str | None = None, admin: bool = False) -> str:
    """A kabupaten admin (staff and superuser) or the operator of one kecamatan; passwords hashed by Django."""
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.db import transaction

    from iku_excel.web.models import AuditLog, Kecamatan, Operator

    office = None
    if not admin:
        office = Kecamatan.objects.filter(instansi=kecamatan).first()
        if office is None:
            known = ", ".join(Kecamatan.objects.values_list("instansi", flat=True))
            raise ValueError(f"kecamatan '{kecamatan}' tidak ada; yang ada: {known}")
    user = User(username=username, is_staff=admin, is_superuser=admin)
    validate_password(password, user)
    with transaction.atomic():
        user = User.objects.filter(username=username).first() or user
        user.is_staff = user.is_superuser = admin
        user.set_password(password)
        user.save()
        if office is not None:
            Operator.objects.update_or_create(user=user, defaults={"kecamatan": office})
        AuditLog.objects.create(action="akun", detail=f"{username}: {'admin' if admin else 'operator ' + kecamatan}")
    return username


def serve(host: str, port: int, threads: int = 8) -> None:
    from waitress import serve as waitress_serve

    from iku_excel.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, max_request_body_size=64 * 1024 * 1024,
                   ident="iku-excel")
