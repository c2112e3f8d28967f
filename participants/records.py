"""A participant's language results, health checks and documents, read once
for a page that both checks them (participants.readiness) and shows them
(participants.sections): three queries where each part reading its own
took seven on every record page.

The choices made here in Python (valid on a day, the highest level, the
latest check, the current document of each kind) are the models' own
methods, the same rules their querysets apply in SQL.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from participants.models import Document, HealthCheck, LanguageResult, Participant


@dataclass(frozen=True)
class Records:
    # Newest first, each with its level.
    language_results: tuple[LanguageResult, ...]
    # Latest examined first.
    health_checks: tuple[HealthCheck, ...]
    # Every upload, replaced ones too: by kind, newest first, with who verified it.
    documents: tuple[Document, ...]

    @classmethod
    def of(cls, participant: Participant) -> Records:
        return cls(
            language_results=tuple(LanguageResult.objects.filter(participant=participant).select_related("level")),
            health_checks=tuple(HealthCheck.objects.filter(participant=participant).latest_first()),
            documents=tuple(Document.objects.filter(participant=participant).select_related("verified_by")),
        )

    def highest_language_result(self, on: datetime.date, *, official_only: bool = False) -> LanguageResult | None:
        """The highest passed result still valid ``on``; only official tests when ``official_only``."""
        return LanguageResult.highest_of(
            result
            for result in self.language_results
            if result.is_valid_on(on) and not (official_only and result.in_house)
        )

    def latest_health_check(self, on: datetime.date) -> HealthCheck | None:
        """The latest check examined by ``on`` (one recorded ahead of time does not count yet)."""
        return next((check for check in self.health_checks if check.examined_on <= on), None)

    def current_documents(self) -> dict[str, Document]:
        """The document in force of each kind: for kinds held many times, the latest uploaded."""
        current: dict[str, Document] = {}
        for document in self.documents:
            if document.is_current:
                current.setdefault(document.kind, document)
        return current
