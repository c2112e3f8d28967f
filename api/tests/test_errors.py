"""Every 4xx answer is one JSON error object with a machine-readable code,
its message in the request's language (Indonesian by default)."""

from __future__ import annotations

from django.test import Client

from api.tests.conftest import api_client, client_for, secret_for
from tests.cast import Cast


def test_it_answers_an_out_of_scope_record_as_a_missing_one(cast: Cast) -> None:
    api = client_for(cast.lpk_officer)
    outside = api.get(f"/api/v1/participants/{cast.siti.pk}/")
    missing = api.get("/api/v1/participants/999999/")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert outside.json()["error"]["code"] == "not_found"
    assert outside.json()["error"]["fields"] == {}


def test_it_answers_an_unknown_path_with_the_error_object(cast: Cast) -> None:
    response = client_for(cast.lpk_officer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_it_answers_a_write_to_an_unknown_path_with_the_error_object(cast: Cast) -> None:
    # A partner's system sends no CSRF cookie: the answer must still be the JSON 404, not an HTML 403.
    api = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret_for(cast.lpk_officer)}"})
    for path in ("/api/v1/no-such-thing/", "/api/v1/job-orders/-1/", "/api/v1/participants/1.5/status/"):
        for method in (api.post, api.put, api.patch, api.delete):
            response = method(path, data="{}", content_type="application/json")
            assert response.status_code == 404, (path, method)
            assert response.json()["error"]["code"] == "not_found"


def test_it_names_the_filter_in_a_validation_error(cast: Cast) -> None:
    api = client_for(cast.lpk_officer)
    response = api.get("/api/v1/participants/?status=sleeping&registered_since=yesterday&colour=blue")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation"
    assert set(error["fields"]) == {"colour"}  # an unknown filter is reported first, before any value
    response = api.get("/api/v1/participants/?status=sleeping&registered_since=yesterday")
    assert set(response.json()["error"]["fields"]) == {"status", "registered_since"}


def test_it_refuses_a_bad_page_size(cast: Cast) -> None:
    api = client_for(cast.lpk_officer)
    for size in ("0", "abc", "100000", "-1"):
        response = api.get(f"/api/v1/participants/?page_size={size}")
        assert response.status_code == 400, size
        assert set(response.json()["error"]["fields"]) == {"page_size"}


def test_it_refuses_a_cursor_it_did_not_give(cast: Cast) -> None:
    response = client_for(cast.lpk_officer).get("/api/v1/participants/?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_cursor"


def test_it_refuses_a_method_the_endpoint_does_not_take(cast: Cast) -> None:
    response = client_for(cast.ministry_admin).delete(f"/api/v1/participants/{cast.budi.pk}/")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_it_refuses_a_body_that_is_not_json(cast: Cast) -> None:
    api = client_for(cast.lpk_officer)
    response = api.post("/api/v1/participants/", "full_name=Budi", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    response = api.post("/api/v1/participants/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_it_speaks_indonesian_unless_asked_otherwise(cast: Cast) -> None:
    secret = secret_for(cast.lpk_officer)
    url = f"/api/v1/participants/{cast.siti.pk}/"
    default = Client(headers={"Authorization": f"Bearer {secret}"}).get(url).json()["error"]["message"]
    english = api_client(secret, language="en").get(url).json()["error"]["message"]
    japanese = api_client(secret, language="ja").get(url).json()["error"]["message"]
    assert english == "Not found."
    assert len({default, english, japanese}) == 3


def test_it_speaks_the_callers_language_in_its_own_messages(cast: Cast) -> None:
    secret = secret_for(cast.lpk_officer)
    english = api_client(secret, language="en").get("/api/v1/participants/?colour=blue").json()["error"]
    assert english["message"] == "The request has errors; see the fields."
    assert english["fields"] == {"colour": ["There is no such filter here."]}
