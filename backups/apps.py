from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backing up and restoring the database and the uploaded files (no models)."""

    name = "backups"
