"""The upload form: which kind of import, and the file. It refuses at once
what needs no reading (too large, empty, not a spreadsheet by its first
bytes); everything else is found when the job validates the rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lib import spreadsheet
from spreadsheets.messages import describe_file_problem
from spreadsheets.models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, headings in the first row."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"}
        ),
    )

    def __init__(self, *args: Any, kinds: list[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        try:
            if (upload.size or 0) > settings.IMPORT_MAX_BYTES:
                raise spreadsheet.SpreadsheetError(
                    spreadsheet.Problem.TOO_BIG, limit_mb=settings.IMPORT_MAX_BYTES // 1_000_000
                )
            upload.seek(0)
            spreadsheet.detect_format(upload.read(4096))
            upload.seek(0)
        except spreadsheet.SpreadsheetError as error:
            raise forms.ValidationError(
                describe_file_problem(error.problem, error.params), code=error.problem.value
            ) from None
        return upload
