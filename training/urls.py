from __future__ import annotations

from django.urls import path

from training import views

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:course_pk>/classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/enrol/", views.class_enrol, name="class_enrol"),
    path("classes/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/attendance/", views.class_attendance, name="class_attendance"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/assessments/", views.assessment_create, name="assessment_create"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment_complete"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
]
