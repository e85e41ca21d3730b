"""The Django admin for the kabupaten: kecamatan, operators, deadlines, and (read only) the
submissions and the audit log."""

from django.contrib import admin

from iku_excel.web.models import AuditLog, Deadline, Kecamatan, Operator, Submission


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ("nama", "instansi")
    search_fields = ("nama", "instansi")


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ("user", "kecamatan")
    list_filter = ("kecamatan",)


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("tahun", "triwulan", "batas")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("kecamatan", "tahun", "triwulan", "status", "uploaded_at", "original_name", "official")
    list_filter = ("status", "tahun", "triwulan", "kecamatan")
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_delete_permission(self, request, obj=None):  # every version is kept
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "detail", "ip")
    list_filter = ("action",)
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
