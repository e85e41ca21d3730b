"""`iku-excel layan`: the kabupaten's intake for submissions, a Django application.

Kecamatan operators upload their workbooks in the browser and see the findings at once (the
same checker as `validasi`, in a separate process with the same limits); every version is kept,
named by its hash; the kabupaten sees who has sent what, on time or late, and downloads the
rekap built from the official submissions exactly as `iku-excel rekap` builds it.

Django brings what such a service must not hand-roll: authentication with hashed passwords,
sessions, CSRF protection, an admin, and schema migrations. django-axes limits login attempts.
"""
