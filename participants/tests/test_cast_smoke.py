from tests.cast import Cast


def test_it_builds_the_cast(cast: Cast) -> None:
    assert cast.siti.status == "placed"
    assert cast.budi.history.count() == 1
