from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from protection.views import cases

app_name = "protection"

urlpatterns: list[URLPattern | URLResolver] = [
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
    path("cases/<int:pk>/resolve/", cases.case_resolve, name="case_resolve"),
]
