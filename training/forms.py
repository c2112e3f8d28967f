"""Forms for the training pages. They validate and clean; the actions save."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganizationQuerySet, User
from lib.fields import RecordsChoiceField
from participants.forms import programmes_in_force
from participants.models import Participant, ParticipantQuerySet
from training.actions import ClassDetails, CourseDetails
from training.models import (
    HALF_HOUR,
    SESSION_MAX_HOURS,
    Assessment,
    AssessmentKind,
    ClassSession,
    Course,
    CourseKind,
    CourseQuerySet,
    Enrolment,
    Presence,
    TrainingClass,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class CourseForm(forms.ModelForm[Course]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Course
        fields = [
            "provider",
            "kind",
            "code",
            "name",
            "vocational_programme",
            "hours",
            "certificate",
            "min_attendance_percent",
            "pass_score",
            "is_active",
        ]
        help_texts = {
            "code": _("Short, unique within the provider: letters, digits and hyphens, e.g. las-3g."),
            "hours": _("Planned hours; credited to each participant who completes the course."),
            "pass_score": _("Final score (0–100) needed to pass."),
        }

    def __init__(self, *args: Any, providers: OrganizationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        programmes = programmes_in_force()
        if self.instance.vocational_programme_id is not None:
            # A course made under an older list keeps its trade.
            programmes = programmes | programmes.model.objects.filter(pk=self.instance.vocational_programme_id)
        self.fields["vocational_programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["vocational_programme"].help_text = _("Skill courses only: the trade from the list in force.")
        self.fields["pass_score"].validators += SCORE_VALIDATORS
        if self.instance.pk:
            # Classes, enrolments and certificates hang off the provider: it is fixed once created.
            self.fields["provider"].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        provider, code = cleaned.get("provider"), cleaned.get("code")
        if provider is not None and code:
            taken = Course.objects.filter(provider=provider, code=code).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("code", _("This provider already has a course with this code."))
        return cleaned

    def validate_unique(self) -> None:
        """The course code is checked in clean() with a clearer message."""

    def details(self) -> CourseDetails:
        data = self.cleaned_data
        return CourseDetails(
            kind=CourseKind(data["kind"]),
            code=data["code"],
            name=data["name"].strip(),
            vocational_programme=data["vocational_programme"],
            hours=data["hours"],
            certificate=data["certificate"].strip(),
            min_attendance_percent=data["min_attendance_percent"],
            pass_score=data["pass_score"],
            is_active=data["is_active"],
        )


class InstructorChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class ClassForm(forms.ModelForm[TrainingClass]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    instructor = InstructorChoiceField(
        label=_("instructor"), queryset=User.objects.none(), required=False, empty_label=_("not yet chosen")
    )

    class Meta:
        model = TrainingClass
        fields = ["code", "starts_on", "ends_on", "instructor", "capacity"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}
        help_texts = {"code": _("Suggested from the course and the month; unique across all centres.")}
        error_messages = {"code": {"unique": _("Another class already uses this code.")}}

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        self.instance.course = course
        self.fields["instructor"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__organization=course.provider, is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["capacity"].validators.append(MinValueValidator(1))

    def details(self) -> ClassDetails:
        data = self.cleaned_data
        return ClassDetails(
            code=data["code"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            instructor=data["instructor"],
            capacity=data["capacity"],
        )


class SessionForm(forms.ModelForm[ClassSession]):
    class Meta:
        model = ClassSession
        fields = ["held_on", "hours", "topic"]
        widgets = {"held_on": DATE_WIDGET, "hours": forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"})}

    def __init__(self, *args: Any, training_class: TrainingClass, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.training_class = training_class
        self.fields["hours"].validators += [
            MinValueValidator(HALF_HOUR),
            MaxValueValidator(Decimal(SESSION_MAX_HOURS)),
        ]
        self.fields["hours"].help_text = _(
            "Suggested from the course: its %(hours)s hours spread over the class's weekdays."
        ) % {"hours": number_format(training_class.course.hours)}
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault(
                "held_on", today if training_class.includes_day(today) else training_class.starts_on
            )
            self.initial.setdefault("hours", training_class.planned_session_hours())

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        training_class = self.instance.training_class
        if not training_class.includes_day(held_on):
            raise forms.ValidationError(
                _("The class runs from %(start)s to %(end)s."),
                code="outside_class",
                params={"start": training_class.starts_on, "end": training_class.ends_on},
            )
        return held_on


class EnrolForm(forms.Form):
    """Participants picked from the search results; the queryset is what the user may change."""

    participants = RecordsChoiceField(
        label=_("Participants"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one participant.")},
    )

    def __init__(self, *args: Any, candidates: ParticipantQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = candidates  # type: ignore[attr-defined]

    def participant_ids(self) -> list[int]:
        return [participant.pk for participant in self.cleaned_data["participants"]]


@dataclasses.dataclass(frozen=True)
class AttendanceRow:
    enrolment: Enrolment
    field: forms.BoundField


class AttendanceForm(forms.Form):
    """One row of radio buttons per participant on the class list."""

    PREFIX = "presence-"

    def __init__(self, *args: Any, enrolments: Sequence[Enrolment], saved: Mapping[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[f"{self.PREFIX}{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.participant.full_name,
                choices=Presence.choices,
                # Most people come: the instructor only touches the exceptions.
                initial=saved.get(enrolment.pk, Presence.PRESENT),
                widget=forms.RadioSelect,
            )

    def rows(self) -> Iterator[AttendanceRow]:
        for enrolment in self.enrolments:
            yield AttendanceRow(enrolment, self[f"{self.PREFIX}{enrolment.pk}"])

    def marks(self) -> dict[int, Presence]:
        return {
            int(name.removeprefix(self.PREFIX)): Presence(value)
            for name, value in self.cleaned_data.items()
            if name.startswith(self.PREFIX)
        }


PASSED_CHOICES = [("", _("from the pass score")), ("yes", _("passed")), ("no", _("not passed"))]


class AssessmentForm(forms.ModelForm[Assessment]):
    outcome = forms.ChoiceField(label=_("Passed"), choices=PASSED_CHOICES, required=False)

    class Meta:
        model = Assessment
        fields = ["kind", "taken_on", "score", "note"]
        widgets = {"taken_on": DATE_WIDGET, "score": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].validators += SCORE_VALIDATORS
        if not self.is_bound:
            self.initial.setdefault("taken_on", timezone.localdate())
            self.initial.setdefault("kind", AssessmentKind.FINAL)

    def passed(self) -> bool | None:
        outcome = self.cleaned_data["outcome"]
        return None if not outcome else outcome == "yes"


class CompletionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE_WIDGET)
    final_score = forms.DecimalField(
        label=_("Final score"),
        max_digits=5,
        decimal_places=2,
        required=False,
        validators=SCORE_VALIDATORS,
        help_text=_("Leave empty to use the latest final assessment."),
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=60, required=False, help_text=_("e.g. the BNSP certificate number")
    )

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update({"version": enrolment.version, "completed_on": timezone.localdate()})


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = enrolment.version


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all kinds")), *CourseKind.choices]  # type: ignore[attr-defined]

    def filter(self, courses: CourseQuerySet) -> CourseQuerySet:
        if not self.is_valid():
            return courses
        courses = courses.search(self.cleaned_data["q"])
        return courses.filter(kind=self.cleaned_data["kind"]) if self.cleaned_data["kind"] else courses
