"""The password backend: Django's, with the user's participant record read along."""

from __future__ import annotations

from django.contrib.auth import backends

from accounts.models import User


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        """The signed-in user of a request, with their participant record if
        they are one (a join, not a query of its own): every page's menu asks
        for it (accounts.access.own_participant_record)."""
        try:
            user = User.objects.select_related("participant").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
