from django.apps import AppConfig
from django.db import connection
from django.utils.translation import gettext_lazy as _

from lib.sqlite_integers import bind_large_integers_as_text


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organizations")

    def ready(self) -> None:
        # Here rather than in settings: every process (runserver, tests, gunicorn, Celery, commands) runs
        # django.setup() before its first query, and the adapter is global to sqlite3, so once is enough.
        if connection.vendor == "sqlite":
            # A number beyond 64 bits in a query string or a form must find nothing, not crash the binding.
            bind_large_integers_as_text()
