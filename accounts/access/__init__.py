"""Who may see and change what: the only place that scopes data to a user.

One module per area (memberships, participants, training, imports, job
orders, organizations in Japan, matching); callers import the names from
here, so where a rule lives can change without touching them.

Every view, export, command and task reads participants through these
functions. Anything outside a user's scope answers 404, the same as a record
that does not exist, so its existence is not revealed.

| organization kind        | participants it sees individually                 |
|--------------------------|---------------------------------------------------|
| ministry                 | all                                               |
| training centre (BLK)    | those it trained                                  |
| LPK/SO                   | those enrolled with it                            |
| embassy                  | those in Japan (protection), read only            |
| association              | none; aggregates of its member LPK/SOs            |
| prefecture               | none; aggregates of placements in its prefecture  |
| supervising org, company | none; limited profiles on published shortlists    |
| participant              | their own record, read only                       |

Write access needs the admin or officer role in an organization that sees the
record; viewers and the embassy only read.
"""

from __future__ import annotations

from accounts.access.duties import (
    audits_visible_to,
    interview_placements_for,
    may_see_duties,
    monthly_visits_visible_to,
    obligation_scope_of,
    quarterly_reports_visible_to,
    regular_interviews_visible_to,
    report_companies_for,
    visit_companies_for,
)
from accounts.access.imports import (
    import_jobs_visible_to,
    import_organization,
    interrupted_imports_for,
    may_cancel_import,
    may_change_import,
    may_import,
)
from accounts.access.japan_organizations import (
    japan_organization_for_user,
    japan_organizations_visible_to,
    japan_organizations_writable_by,
    may_add_member_company,
    may_edit_japan_organization,
    may_record_trainees,
    may_see_japan_organizations,
)
from accounts.access.job_orders import (
    job_order_companies_for,
    job_order_filter,
    job_order_for_user,
    job_orders_visible_to,
    job_orders_writable_by,
    may_change_job_order,
    may_create_job_orders,
    may_open_job_order,
    may_see_job_orders,
)
from accounts.access.matching import (
    may_run_matching,
    may_see_matches_of,
    may_see_shortlist_of,
    may_see_shortlists,
    may_set_weights,
    own_candidates_for,
    planning_runs_visible_to,
    serving_organizations_of,
    shortlist_for_user,
    shortlists_visible_to,
)
from accounts.access.memberships import (
    association_members_of,
    is_ministry,
    is_ministry_admin,
    may_edit_reference_data,
    may_view_audit,
    memberships_of,
    organizations_of,
    prefectures_of,
)
from accounts.access.participants import (
    document_for_user,
    duplicates_to_review_by,
    may_change_participant,
    may_record_health,
    may_register_participants,
    may_review_duplicates,
    may_see_participant_list,
    may_upload_documents,
    may_verify_documents,
    may_view_health,
    may_view_sensitive,
    own_participant_record,
    participant_for_user,
    participants_counted_for,
    participants_visible_to,
    participants_writable_by,
    registration_requires_sending_organization,
    registration_sending_organizations,
    registration_training_centres,
)
from accounts.access.placements import (
    JAPAN_SIDE_GATE_ITEMS,
    cohort_for_user,
    cohorts_visible_to,
    current_placement_of,
    gate_for_user,
    gate_items_recordable_by,
    gate_items_recordable_for,
    gates_visible_to,
    may_manage_cohorts,
    may_record_gate_item,
    may_see_cohorts,
    may_see_departures,
    placement_for_user,
    placements_visible_to,
    placements_writable_by,
)
from accounts.access.resumes import (
    may_download_resume,
    resume_shortlist_for,
    resume_subject_for,
    resume_subjects_for,
)
from accounts.access.selection import (
    interview_for_user,
    interviews_visible_to,
    may_answer_offer,
    may_record_offer_answer,
    may_run_interviews,
    may_see_interviews_of,
    may_see_scores,
    may_see_selection,
    may_see_selection_of,
    may_withdraw_offer,
    offer_for_user,
    offers_visible_to,
)
from accounts.access.training import (
    classes_visible_to,
    classes_writable_by,
    course_providers_for,
    courses_visible_to,
    courses_writable_by,
    may_mark_attendance,
    may_see_training,
)

__all__ = [
    "JAPAN_SIDE_GATE_ITEMS",
    "association_members_of",
    "audits_visible_to",
    "classes_visible_to",
    "classes_writable_by",
    "cohort_for_user",
    "cohorts_visible_to",
    "course_providers_for",
    "courses_visible_to",
    "courses_writable_by",
    "current_placement_of",
    "document_for_user",
    "duplicates_to_review_by",
    "gate_for_user",
    "gate_items_recordable_by",
    "gate_items_recordable_for",
    "gates_visible_to",
    "import_jobs_visible_to",
    "import_organization",
    "interrupted_imports_for",
    "interview_for_user",
    "interview_placements_for",
    "interviews_visible_to",
    "is_ministry",
    "is_ministry_admin",
    "japan_organization_for_user",
    "japan_organizations_visible_to",
    "japan_organizations_writable_by",
    "job_order_companies_for",
    "job_order_filter",
    "job_order_for_user",
    "job_orders_visible_to",
    "job_orders_writable_by",
    "may_add_member_company",
    "may_answer_offer",
    "may_cancel_import",
    "may_change_import",
    "may_change_job_order",
    "may_change_participant",
    "may_create_job_orders",
    "may_download_resume",
    "may_edit_japan_organization",
    "may_edit_reference_data",
    "may_import",
    "may_manage_cohorts",
    "may_mark_attendance",
    "may_open_job_order",
    "may_record_gate_item",
    "may_record_health",
    "may_record_offer_answer",
    "may_record_trainees",
    "may_register_participants",
    "may_review_duplicates",
    "may_run_interviews",
    "may_run_matching",
    "may_see_cohorts",
    "may_see_departures",
    "may_see_duties",
    "may_see_interviews_of",
    "may_see_japan_organizations",
    "may_see_job_orders",
    "may_see_matches_of",
    "may_see_participant_list",
    "may_see_scores",
    "may_see_selection",
    "may_see_selection_of",
    "may_see_shortlist_of",
    "may_see_shortlists",
    "may_see_training",
    "may_set_weights",
    "may_upload_documents",
    "may_verify_documents",
    "may_view_audit",
    "may_view_health",
    "may_view_sensitive",
    "may_withdraw_offer",
    "memberships_of",
    "monthly_visits_visible_to",
    "obligation_scope_of",
    "offer_for_user",
    "offers_visible_to",
    "organizations_of",
    "own_candidates_for",
    "own_participant_record",
    "participant_for_user",
    "participants_counted_for",
    "participants_visible_to",
    "participants_writable_by",
    "placement_for_user",
    "placements_visible_to",
    "placements_writable_by",
    "planning_runs_visible_to",
    "prefectures_of",
    "quarterly_reports_visible_to",
    "registration_requires_sending_organization",
    "registration_sending_organizations",
    "registration_training_centres",
    "regular_interviews_visible_to",
    "report_companies_for",
    "resume_shortlist_for",
    "resume_subject_for",
    "resume_subjects_for",
    "serving_organizations_of",
    "shortlist_for_user",
    "shortlists_visible_to",
    "visit_companies_for",
]
