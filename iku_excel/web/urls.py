from django.contrib import admin
from django.contrib.auth import views as auth
from django.urls import path

from iku_excel.web import views

admin.site.site_header = "iku-excel: admin Kabupaten"
admin.site.site_title = "iku-excel"

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth.LoginView.as_view(template_name="web/masuk.html"), name="masuk"),
    path("keluar/", auth.LogoutView.as_view(next_page="masuk"), name="keluar"),
    path("kecamatan/<slug:instansi>/", views.kecamatan, name="kecamatan"),
    path("kiriman/<uuid:key>/", views.kiriman, name="kiriman"),
    path("kiriman/<uuid:key>/berkas", views.berkas, name="berkas"),
    path("kiriman/<uuid:key>/resmi", views.resmi, name="resmi"),
    path("templat/<slug:instansi>/<int:tahun>/", views.templat, name="templat"),
    path("papan/", views.papan, name="papan"),
    path("papan/rekap/<int:tahun>/<str:name>", views.rekap, name="rekap"),
    path("papan/periksa-ulang", views.periksa_ulang, name="periksa_ulang"),
    path("admin/", admin.site.urls),
]
