"""What the intake keeps: the kecamatan (from the catalog), who operates for which, the
deadlines, every submitted version, and an audit log. Migrations are Django's."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

STATUSES = ("ok", "warning", "error", "unreadable", "failed")
ACCEPTABLE = ("ok", "warning")  # a version without errors may be the official one


class Kecamatan(models.Model):
    instansi = models.CharField("ID katalog", max_length=64, unique=True)
    nama = models.CharField(max_length=200)

    class Meta:
        ordering = ["nama"]
        verbose_name_plural = "kecamatan"

    def __str__(self) -> str:
        return self.nama


class Operator(models.Model):
    """A user who uploads for one kecamatan. The kabupaten's admins are Django staff instead."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operator")
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="operators")

    def __str__(self) -> str:
        return f"{self.user.username} ({self.kecamatan})"


class Deadline(models.Model):
    tahun = models.PositiveIntegerField()
    triwulan = models.PositiveSmallIntegerField(choices=[(k, f"TW {k}") for k in (1, 2, 3, 4)])
    batas = models.DateField("batas kirim")

    class Meta:
        unique_together = [("tahun", "triwulan")]
        ordering = ["tahun", "triwulan"]
        verbose_name = "batas waktu"
        verbose_name_plural = "batas waktu"

    def __str__(self) -> str:
        return f"{self.tahun} TW {self.triwulan}: {self.batas:%d-%m-%Y}"


class Submission(models.Model):
    """One uploaded version, never changed by a user: its bytes are stored once, named by their
    SHA-256, and its findings as the checker gave them."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the address, not the row number
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="submissions")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField()
    tahun = models.PositiveIntegerField(null=True)
    triwulan = models.PositiveSmallIntegerField(null=True)
    status = models.CharField(max_length=16, choices=[(s, s) for s in STATUSES])
    findings = models.JSONField(default=list)
    checked_with = models.CharField(max_length=120)  # iku-excel version and catalog, for revalidation
    official = models.BooleanField(default=False)  # marked by an admin, with a reason
    official_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "kiriman"
        verbose_name_plural = "kiriman"

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.tahun} TW {self.triwulan} ({self.uploaded_at:%d-%m-%Y %H.%M})"

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.get("severity") == severity)


class AuditLog(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    detail = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "catatan audit"
        verbose_name_plural = "catatan audit"
