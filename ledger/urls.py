from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from ledger import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ledger_list, name="ledger_list"),
    path("participants/<int:pk>/", views.participant_ledger, name="participant_ledger"),
    path("participants/<int:pk>/statement/", views.statement, name="ledger_statement"),
    path("participants/<int:pk>/dispute/", views.dispute_entry, name="ledger_dispute"),
    path("participants/<int:pk>/statement.pdf", views.statement_pdf, name="ledger_statement_pdf"),
    path("entries/<int:pk>/reverse/", views.reverse_entry, name="ledger_reverse"),
    path("entries/<int:pk>/receipt/", views.entry_receipt, name="ledger_receipt"),
    path("violations/", views.violation_list, name="ledger_violations"),
    path("subsidies/", views.subsidy_list, name="ledger_subsidies"),
    path("reports/", views.report_list, name="ledger_reports"),
    re_path(
        r"^reports/(?P<name>subsidies|average-cost|violations)\.xlsx$", views.report_download, name="ledger_report"
    ),
    path("paid/", views.paid_by_us, name="ledger_paid"),
]
