from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from placements.views import resumes

urlpatterns: list[URLPattern | URLResolver] = [
    # Résumés (履歴書): one candidate's, and a job order's whole shortlist in one PDF.
    path("resumes/<int:pk>/", resumes.participant_resume, name="participant_resume"),
    path("job-orders/<int:pk>/resumes/", resumes.shortlist_resumes, name="shortlist_resumes"),
]
