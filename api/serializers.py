"""What the API answers for each record: never more than the page shows the
same reader. Related records are given by id; NIK, address, phone, health,
residence card numbers and scores are not in the API at all."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts import access
from joborders.models import JobOrder
from ledger.models import LedgerEntry
from matching.profiles import LimitedProfile
from participants.models import Participant
from placements.models import Interview, Placement
from protection.models import Case
from training.models import Enrolment


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    class Meta:
        model = Participant
        fields = [
            "id",
            "full_name",
            "name_katakana",
            "sex",
            "birth_date",
            "province",
            "status",
            "status_changed_at",
            "registered_at",
            "training_centre",
            "sending_organization",
            "vocational_programme",
            "sending_programme",
            "version",
        ]
        extra_kwargs = {"version": {"help_text": "Send it back with a change: a record changed since is refused."}}


class TrainingRecordSerializer(serializers.ModelSerializer[Enrolment]):
    course = serializers.IntegerField(source="training_class.course_id", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "participant",
            "training_class",
            "course",
            "status",
            "enrolled_on",
            "completed_on",
            "final_score",
            "certificate_number",
            "credited_hours",
        ]


class JobOrderSerializer(serializers.ModelSerializer[JobOrder]):
    class Meta:
        model = JobOrder
        fields = [
            "id",
            "status",
            "company",
            "supervising_organization",
            "support_organization",
            "programme",
            "titp_stage",
            "title",
            "job_category",
            "ssw_field",
            "positions",
            "workplace_prefecture",
            "workplace_city",
            "monthly_wage_jpy",
            "hours_per_week",
            "housing_provided",
            "housing_cost_jpy",
            "other_deductions_jpy",
            "start_date",
            "interview_date",
            "interview_mode",
            "min_japanese_level",
            "min_age",
            "max_age",
            "trade",
            "experience_months",
            "version",
        ]
        extra_kwargs = {"version": {"help_text": "Send it back with a change: a record changed since is refused."}}


class CandidateSerializer(serializers.Serializer[LimitedProfile]):
    """A candidate on a published shortlist, as the shortlist page shows them:
    the limited profile (no NIK, address or health data)."""

    participant = serializers.IntegerField(source="entry.participant_id")
    rank = serializers.IntegerField(source="entry.rank")
    score = serializers.IntegerField(source="entry.score")
    full_name = serializers.CharField()
    name_katakana = serializers.CharField()
    sex = serializers.CharField(help_text="As the reader's language names it.")
    age = serializers.IntegerField(help_text="Age on the job order's start date.")
    trade = serializers.SerializerMethodField(help_text="The vocational programme (id).")
    fit = serializers.CharField(help_text="How the trade fits the job.")
    japanese = serializers.CharField(help_text="Best valid Japanese level on the day the list was made.")

    def get_trade(self, profile: LimitedProfile) -> int | None:
        return profile.trade.pk if profile.trade is not None else None


class ShortlistSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    job_order = serializers.IntegerField(source="job_order_id")
    status = serializers.CharField()
    computed_on = serializers.DateField()
    published_at = serializers.DateTimeField(allow_null=True)


class ShortlistDetailSerializer(ShortlistSerializer):
    candidates = CandidateSerializer(many=True, help_text="Kept candidates, best rank first.")


class InterviewSerializer(serializers.ModelSerializer[Interview]):
    class Meta:
        model = Interview
        fields = [
            "id",
            "job_order",
            "participant",
            "starts_at",
            "ends_at",
            "mode",
            "link",
            "place",
            "status",
            "result",
            "result_at",
            "cancelled_at",
            "version",
        ]


class PlacementSerializer(serializers.ModelSerializer[Placement]):
    class Meta:
        model = Placement
        fields = [
            "id",
            "participant",
            "job_order",
            "company",
            "supervising_organization",
            "support_organization",
            "prefecture",
            "work_city",
            "stage",
            "job_category",
            "ssw_field",
            "status",
            "status_changed_at",
            "starts_on",
            "departed_on",
            "arrived_on",
            "planned_end_on",
            "ended_on",
            "ending",
            "version",
        ]


class GrievanceSerializer(serializers.ModelSerializer[Case]):
    """A protection case. Who reported it, and what they wrote, only to a
    reader the case page would show them to (``accounts.access``)."""

    participant = serializers.SerializerMethodField()
    reporter_name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "category",
            "severity",
            "status",
            "level",
            "door",
            "opened_at",
            "acknowledge_by",
            "acknowledged_at",
            "resolved_at",
            "assigned_organization",
            "company",
            "supervising_organization",
            "participant",
            "reporter_name",
            "description",
        ]

    def _knows_reporter(self, case: Case) -> bool:
        # Asked for three fields of each case: answered once per case and reader.
        known: dict[int, bool] = self.context.setdefault("knows_reporter", {})
        if case.pk not in known:
            known[case.pk] = access.may_know_reporter(self.context["request"].user, case)
        return known[case.pk]

    def get_participant(self, case: Case) -> int | None:
        """Null where the reader may not know who reported the case."""
        return case.participant_id if self._knows_reporter(case) else None

    def get_reporter_name(self, case: Case) -> str | None:
        return case.reporter_name if self._knows_reporter(case) else None

    def get_description(self, case: Case) -> str | None:
        """What the reporter wrote: the likeliest thing to name them."""
        return case.description if self._knows_reporter(case) else None


class LedgerEntrySerializer(serializers.ModelSerializer[LedgerEntry]):
    cost_class = serializers.CharField(source="cost_class.code", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "participant",
            "cost_class",
            "amount",
            "currency",
            "payer",
            "payer_organization",
            "payee_organization",
            "payee_name",
            "paid_on",
            "description",
            "rate_idr_per_jpy",
            "rate_on",
            "reverses",
            "breaks_policy",
            "policy_family",
            "booked_at",
        ]
