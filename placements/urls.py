from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from placements.views import cohorts, departure, duties, interviews, moves, offers, resumes, returns, stay

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
    # --- work in Japan: placements, arrival, stage moves, upskilling, a prefecture's counts ---
    path("in-japan/", stay.placement_list, name="placement_list"),
    path("prefecture/", stay.prefecture_placements, name="prefecture_placements"),
    path("<int:pk>/", stay.placement_detail, name="placement_detail"),
    path("<int:pk>/arrival/", stay.record_arrival, name="record_arrival"),
    path("<int:pk>/stage/", stay.stage_move, name="stage_move"),
    path("<int:pk>/upskilling/new/", stay.record_upskilling, name="record_upskilling"),
    path("<int:pk>/upskilling/<int:record_pk>/", stay.correct_upskilling, name="correct_upskilling"),
    # --- moves: transfers, the change to SSW i, endings, disappearances ---------------
    path("in-japan/moves/", moves.moves_list, name="moves_list"),
    path("<int:pk>/moves/", moves.placement_moves, name="placement_moves"),
    path("<int:pk>/moves/transfer/", moves.move_transfer, name="move_transfer"),
    path("<int:pk>/moves/ssw/", moves.move_ssw, name="move_ssw"),
    path("<int:pk>/moves/end/", moves.move_end, name="move_end"),
    path("<int:pk>/moves/missing/", moves.move_missing, name="move_missing"),
    path("<int:pk>/moves/reports/", moves.move_reports, name="move_reports"),
    path("<int:pk>/moves/found/", moves.move_found, name="move_found"),
    path("<int:pk>/moves/close/", moves.move_close, name="move_close"),
    path("participants/<int:pk>/open/", moves.open_placement, name="open_placement"),
    # --- duties: the supervising duties' records and the deadlines' to-do list ---------
    path("duties/", duties.duty_list, name="duty_list"),
    path("duties/<slug:kind>/new/", duties.duty_record, name="duty_record"),
    path("todo/", duties.todo_list, name="todo_list"),
    # --- returns: coming home, the certificate of completion, follow-ups ------------------
    path("returns/", returns.coming_home, name="coming_home"),
    path("<int:pk>/return/", returns.record_return, name="record_return"),
    path("<int:pk>/certificate.pdf", returns.completion_certificate, name="completion_certificate"),
    path("<int:pk>/follow-ups/", returns.return_follow_ups, name="return_follow_ups"),
    path("follow-ups/<int:pk>/", returns.follow_up_form, name="follow_up_form"),
    path("returnees/", returns.returnee_list, name="returnee_list"),
]
