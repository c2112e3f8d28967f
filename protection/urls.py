from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from protection.views import anonymous, cases, checkins, dashboards, hotline, incidents, report, safety

app_name = "protection"

urlpatterns: list[URLPattern | URLResolver] = [
    # Monthly check-ins and incidents (p14-checkins).
    path("check-ins/<int:pk>/", checkins.checkin_answer, name="checkin_answer"),
    path("check-ins/rates/", checkins.checkin_rates, name="checkin_rates"),
    path("placements/<int:pk>/incidents/", incidents.placement_incidents, name="placement_incidents"),
    # Intake (p14-intake): the worker's own login, staff recording a call or a
    # visit, and the anonymous pages (no login: code and PIN).
    path("report/", report.report_new, name="report_new"),
    path("my-reports/", report.my_reports, name="my_reports"),
    path("my-reports/<int:pk>/", report.my_case, name="my_case"),
    path("my-reports/<int:pk>/reply/", report.my_case_reply, name="my_case_reply"),
    path("my-reports/<int:pk>/files/", report.my_case_attachment, name="my_case_attachment"),
    path("my-reports/<int:pk>/consents/", report.my_case_consent, name="my_case_consent"),
    path(
        "my-reports/<int:pk>/consents/<int:consent_pk>/withdraw/",
        report.my_case_withdraw,
        name="my_case_withdraw",
    ),
    path("record/", hotline.hotline_record, name="hotline_record"),
    path("anonymous/", anonymous.anonymous_report, name="anonymous_report"),
    path("anonymous/code/", anonymous.anonymous_code, name="anonymous_code"),
    path("anonymous/follow/", anonymous.anonymous_follow, name="anonymous_follow"),
    path("anonymous/case/", anonymous.anonymous_case, name="anonymous_case"),
    path("anonymous/case/reply/", anonymous.anonymous_reply, name="anonymous_reply"),
    path("anonymous/case/files/", anonymous.anonymous_attachment, name="anonymous_attachment"),
    path("anonymous/case/consents/", anonymous.anonymous_consent, name="anonymous_consent"),
    path(
        "anonymous/case/consents/<int:consent_pk>/withdraw/",
        anonymous.anonymous_withdraw,
        name="anonymous_withdraw",
    ),
    path("anonymous/leave/", anonymous.anonymous_leave, name="anonymous_leave"),
    # Disaster safety checks (p14-safety).
    path("safety/", safety.safety_list, name="safety_list"),
    path("safety/new/", safety.safety_open, name="safety_open"),
    path("safety/<int:pk>/", safety.safety_board, name="safety_board"),
    path("safety/<int:pk>/people/", safety.safety_people, name="safety_people"),
    path("safety/<int:pk>/close/", safety.safety_close, name="safety_close"),
    path("safety/questions/<int:pk>/", safety.safety_question, name="safety_question"),
    path("safety/mine/<int:pk>/", safety.safety_mine, name="safety_mine"),
    path("safety/reply/<str:token>/", safety.safety_reply, name="safety_reply"),
    # Dashboards (p14-dashboards): the page of counts, and each table as XLSX.
    path("dashboards/", dashboards.dashboard_overview, name="protection_dashboard"),
    re_path(
        r"^dashboards/(?P<name>open-by-organization|open-by-category|clock-breaches|checkins-by-company"
        r"|checkins-by-supervising-organization)\.xlsx$",
        dashboards.dashboard_table,
        name="protection_dashboard_table",
    ),
    # Handling (p14-handling): the handlers' case list and case page, one URL per action.
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<int:pk>/status/", cases.case_status, name="case_status"),
    path("cases/<int:pk>/escalate/", cases.case_escalate, name="case_escalate"),
    path("cases/<int:pk>/refer/", cases.case_refer, name="case_refer"),
    path("cases/<int:pk>/consent/", cases.case_consent, name="case_consent"),
    path(
        "cases/<int:pk>/consent/<int:consent_pk>/withdraw/",
        cases.case_consent_withdraw,
        name="case_consent_withdraw",
    ),
    path(
        "cases/<int:pk>/referrals/<int:referral_pk>/reference/",
        cases.case_referral_reference,
        name="case_referral_reference",
    ),
    path("cases/<int:pk>/note/", cases.case_note, name="case_note"),
    path("cases/<int:pk>/files/<int:attachment_pk>/", cases.case_attachment, name="case_attachment"),
    path("cases/<int:pk>/resolve/", cases.case_resolve, name="case_resolve"),
]
