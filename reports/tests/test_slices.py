import pytest

from reports.slices import ALL, Scope, ScopeKind, Slice


class TestScope:
    @pytest.mark.parametrize(
        "scope",
        [
            ALL,
            Scope(ScopeKind.PREFECTURE, 4),
            Scope(ScopeKind.SENDING_ORGANIZATION, 17),
            Scope(ScopeKind.ASSOCIATION, 2),
        ],
    )
    def test_it_reads_back_its_own_token(self, scope: Scope) -> None:
        assert Scope.parse(scope.token) == scope

    @pytest.mark.parametrize(
        "token", ["", "ALL", "all-1", "lpk", "lpk-0", "lpk-01", "lpk-x", "company-3", "lpk-1;drop", "lpk-12345678901"]
    )
    def test_it_refuses_anything_else(self, token: str) -> None:
        assert Scope.parse(token) is None


class TestSlice:
    def test_it_takes_every_year_and_programme_by_default(self) -> None:
        assert Slice(ALL) == Slice(ALL, 0, "")

    @pytest.mark.parametrize("year", [1, 1992, 10000])
    def test_it_refuses_a_year_outside_the_programme(self, year: int) -> None:
        with pytest.raises(ValueError, match="year"):
            Slice(ALL, year)

    def test_it_refuses_an_unknown_programme(self) -> None:
        with pytest.raises(ValueError, match="programme"):
            Slice(ALL, 2026, "intern")
