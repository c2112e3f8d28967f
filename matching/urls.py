from __future__ import annotations

from django.urls import path

from matching import plan_views, views

urlpatterns = [
    path("", views.shortlist_list, name="shortlist_list"),
    path("draft-all/", views.draft_all_shortlists, name="draft_all_shortlists"),
    path("job-orders/<int:pk>/", views.job_order_shortlist, name="job_order_shortlist"),
    path("job-orders/<int:pk>/candidates/", views.job_order_candidates, name="job_order_candidates"),
    path("job-orders/<int:pk>/run/", views.run_shortlist, name="run_shortlist"),
    path("job-orders/<int:pk>/entries/<int:entry_pk>/exclude/", views.exclude_entry, name="exclude_entry"),
    path("job-orders/<int:pk>/publish/", views.publish_shortlist, name="publish_shortlist"),
    path("participants/<int:pk>/", views.participant_matches, name="participant_matches"),
    path("weights/", views.weights, name="matching_weights"),
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/shortlists/", plan_views.plan_shortlists, name="plan_shortlists"),
]
