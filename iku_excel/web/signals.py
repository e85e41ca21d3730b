"""Logins and logouts go to the audit log too."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from iku_excel.web.models import AuditLog


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    AuditLog.objects.create(user=user, action="masuk", ip=request.META.get("REMOTE_ADDR") if request else None)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    AuditLog.objects.create(user=user, action="keluar", ip=request.META.get("REMOTE_ADDR") if request else None)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    AuditLog.objects.create(action="gagal_masuk", detail=str(credentials.get("username", ""))[:150],
                            ip=request.META.get("REMOTE_ADDR") if request else None)
