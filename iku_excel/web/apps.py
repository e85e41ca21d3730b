from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "iku_excel.web"
    label = "web"
    verbose_name = "Kiriman IKU"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iku_excel.web import signals  # noqa: F401  (connects the audit log to logins)
