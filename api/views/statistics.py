"""Statistics: the tables of the reports, from the latest snapshot of the
figures (never computed per request), for the scopes the reader's reports
pages offer. Shares and rates per 100 follow the pages' rule for small
numbers: below SMALL_NUMBER in the whole, no rate, only the two counts."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from api.errors import ErrorSerializer
from api.filters import Filters
from api.views.base import reader
from lib.shares import SMALL_NUMBER
from reports.catalogue import TABLES, Column, ColumnKind, TableSpec
from reports.figures import Row, latest_snapshot, read_table
from reports.slices import EVERY_PROGRAMME, EVERY_YEAR, FIRST_YEAR, PROGRAMMES, Scope, Slice


class SliceFilters(Filters):
    scope = serializers.CharField(
        required=False, max_length=32, help_text='A scope token: "all", "prefecture-4", "lpk-17"; yours by default.'
    )
    year = serializers.IntegerField(required=False, help_text=f"0 (every year, the default) or {FIRST_YEAR}–9999.")
    programme = serializers.ChoiceField(
        choices=[(EVERY_PROGRAMME, "every programme"), *[(value, value) for value in PROGRAMMES]], required=False
    )

    def validate_scope(self, value: str) -> str:
        if Scope.parse(value) is None:
            raise serializers.ValidationError(_("This is not a scope."))
        return value

    def validate_year(self, value: int) -> int:
        if value != EVERY_YEAR and not FIRST_YEAR <= value <= 9999:
            raise serializers.ValidationError(_("A year from %(first)s, or 0 for every year.") % {"first": FIRST_YEAR})
        return value


class ColumnSerializer(serializers.Serializer[Column]):
    name = serializers.CharField()
    heading = serializers.CharField()
    kind = serializers.CharField(help_text="count, days, share or per_100 (derived from part and whole).")
    part = serializers.CharField()
    whole = serializers.CharField()


class TableSerializer(serializers.Serializer[TableSpec]):
    name = serializers.CharField()
    title = serializers.CharField()
    key_kind = serializers.CharField(help_text="What a row's key is: a stage, a month, a prefecture's id, …")
    by_year = serializers.BooleanField()
    columns = ColumnSerializer(many=True)


class CatalogueSerializer(serializers.Serializer[Any]):
    taken_at = serializers.DateTimeField(allow_null=True, help_text="The figures are as of this moment.")
    scopes = serializers.ListField(child=serializers.CharField(), help_text="Your scopes, the default first.")
    tables = TableSerializer(many=True)


class FigureRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    values = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="Numbers by column name; a derived share is null when its whole is too small to show as a rate.",
    )


class FiguresSerializer(serializers.Serializer[Any]):
    table = serializers.CharField()
    scope = serializers.CharField()
    year = serializers.IntegerField()
    programme = serializers.CharField()
    taken_at = serializers.DateTimeField(allow_null=True)
    rows = FigureRowSerializer(many=True)


def _readable_tables(user: User) -> list[TableSpec]:
    return [table for table in TABLES.values() if access.may_see_table(user, table)]


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
class StatisticsCatalogue(APIView):
    @extend_schema(
        tags=["statistics"],
        operation_id="statistics_catalogue",
        responses={200: CatalogueSerializer, 404: OpenApiResponse(ErrorSerializer, description="not_found")},
        description="The tables you may read, your scopes, and how old the figures are.",
    )
    def get(self, request: Request) -> Response:
        user = reader(request)
        if not access.may_see_reports(user):
            raise Http404
        snapshot = latest_snapshot()
        data = {
            "taken_at": snapshot.taken_at if snapshot else None,
            "scopes": [scope.token for scope in access.own_report_scopes(user)],
            "tables": _readable_tables(user),
        }
        return Response(CatalogueSerializer(data).data)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
class StatisticsTable(APIView):
    @extend_schema(
        tags=["statistics"],
        operation_id="statistics_table",
        parameters=[SliceFilters],
        responses={
            200: FiguresSerializer,
            400: OpenApiResponse(ErrorSerializer, description="validation"),
            404: OpenApiResponse(ErrorSerializer, description="not_found: no such table, or a scope not yours"),
        },
        description="One table of the latest figures for one scope, year and programme.",
    )
    def get(self, request: Request, table: str) -> Response:
        user = reader(request)
        spec = TABLES.get(table)
        if spec is None or not access.may_see_reports(user) or not access.may_see_table(user, spec):
            raise Http404
        where = self._slice(user, request)
        snapshot = latest_snapshot()
        rows = read_table(snapshot, spec, where) if snapshot else []
        data = {
            "table": spec.name,
            "scope": where.scope.token,
            "year": where.year,
            "programme": where.programme,
            "taken_at": snapshot.taken_at if snapshot else None,
            "rows": [{"key": row.key, "values": _values(spec, row)} for row in rows],
        }
        return Response(FiguresSerializer(data).data)

    def _slice(self, user: User, request: Request) -> Slice:
        params = {name: request.query_params.get(name, "") for name in request.query_params}
        values = SliceFilters.checked(params)
        scope = Scope.parse(values["scope"]) if "scope" in values else access.own_report_scopes(user)[0]
        if scope is None or not access.may_read_scope(user, scope):
            raise Http404
        return Slice(scope, values.get("year", EVERY_YEAR), values.get("programme", EVERY_PROGRAMME))


def _values(spec: TableSpec, row: Row) -> dict[str, int | float | None]:
    values: dict[str, int | float | None] = {}
    for column in spec.columns:
        if column.kind in (ColumnKind.SHARE, ColumnKind.PER_100):
            values[column.name] = _rate(column, row)
        else:
            values[column.name] = row.number(column.name)
    return values


def _rate(column: Column, row: Row) -> float | None:
    part, whole = row.number(column.part), row.number(column.whole)
    if part is None or whole is None or whole < SMALL_NUMBER:
        return None
    return round(100 * part / whole, 1)
