from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from placements.views import cohorts, departure, interviews, offers, resumes, returns

urlpatterns: list[URLPattern | URLResolver] = [
    # --- selection: interviews, offers, a participant's own ---------------------------
    path("job-orders/<int:pk>/interviews/", interviews.order_interviews, name="order_interviews"),
    path("job-orders/<int:pk>/interviews/new/", interviews.schedule_interview, name="schedule_interview"),
    path("job-orders/<int:pk>/interviews/criteria/", interviews.interview_criteria, name="interview_criteria"),
    path("interviews/", interviews.interview_list, name="interview_list"),
    path("interviews/calendar.ics", interviews.interview_calendar, name="interview_calendar"),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/scores/", interviews.score_interview, name="score_interview"),
    path("interviews/<int:pk>/result/", interviews.interview_result, name="interview_result"),
    path("interviews/<int:pk>/select/", interviews.select_candidate, name="select_candidate"),
    path("interviews/<int:pk>/cancel/", interviews.cancel_interview, name="cancel_interview"),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/offer.pdf", offers.offer_pdf, name="offer_pdf"),
    path("offers/<int:pk>/answer/", offers.answer_offer, name="answer_offer"),
    path("offers/<int:pk>/record/", offers.record_offer_answer, name="record_offer_answer"),
    path("offers/<int:pk>/withdraw/", offers.withdraw_offer, name="withdraw_offer"),
    path("offers/<int:pk>/signed-page/", offers.offer_signed_page, name="offer_signed_page"),
    path("participants/<int:pk>/", offers.participant_selection, name="participant_selection"),
    # Résumés (履歴書): one candidate's, and a job order's whole shortlist in one PDF.
    path("resumes/<int:pk>/", resumes.participant_resume, name="participant_resume"),
    path("job-orders/<int:pk>/resumes/", resumes.shortlist_resumes, name="shortlist_resumes"),
    # --- departure: the pre-departure gate and departure cohorts ----------------------
    path("departures/", departure.departure_list, name="departure_list"),
    path("<int:pk>/gate/", departure.placement_gate, name="placement_gate"),
    path("<int:pk>/gate/<slug:item>/", departure.gate_record, name="gate_record"),
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", cohorts.cohort_board, name="cohort_board"),
    path("cohorts/<int:pk>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/add/", cohorts.cohort_add, name="cohort_add"),
    path("cohorts/<int:pk>/members/<int:placement_pk>/remove/", cohorts.cohort_remove, name="cohort_remove"),
    path("cohorts/<int:pk>/depart/", cohorts.cohort_depart, name="cohort_depart"),
    re_path(
        r"^cohorts/(?P<pk>[0-9]+)/manifest\.(?P<file_format>xlsx|pdf)$", cohorts.cohort_manifest, name="cohort_manifest"
    ),
    # --- returns: coming home, the certificate of completion, follow-ups ------------------
    path("returns/", returns.coming_home, name="coming_home"),
    path("<int:pk>/return/", returns.record_return, name="record_return"),
    path("<int:pk>/certificate.pdf", returns.completion_certificate, name="completion_certificate"),
    path("<int:pk>/follow-ups/", returns.return_follow_ups, name="return_follow_ups"),
    path("follow-ups/<int:pk>/", returns.follow_up_form, name="follow_up_form"),
    path("returnees/", returns.returnee_list, name="returnee_list"),
]
