"""The JSON API matches its OpenAPI document: every /api route described, no 5xx, every answer in schema."""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from search.index import build as indexer
from search.web import openapi

from .conftest import SEEDS


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    from search.web.app import create_app

    index_dir = tmp_path_factory.mktemp("openapi-index")
    indexer.reindex([SEEDS], index_dir, jobs=1)
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "BASE_URL": "https://quotes.example"})


@pytest.fixture()
def api_schema(api_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", api_app)


def test_document_is_served_and_is_openapi_3(api_app):
    response = api_app.test_client().get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = response.get_json()
    assert doc["openapi"].startswith("3.") and doc["paths"]
    assert doc == openapi.document(api_app.config["MAX_QUERY_LENGTH"])


def test_every_api_route_is_described(api_app):
    documented = set(openapi.document(500)["paths"])
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in api_app.url_map.iter_rules()
              if rule.rule.startswith("/api/") or rule.rule == "/export"}
    assert routes == documented


def test_documented_examples_match_real_answers(api_app, api_schema):
    """Check real answers (not only generated ones) against the schema, incl. a hit and a quote."""
    client = api_app.test_client()
    search = client.get("/api/search?q=intelligence")
    quote_id = search.get_json()["results"][0]["id"]
    answers = {
        ("/api/search", "GET"): [search, client.get("/api/search?q=iran&type=all&sort=date"), client.get("/api/search?q=(")],
        ("/api/quote/{quote_id}", "GET"): [client.get(f"/api/quote/{quote_id}"), client.get("/api/quote/nope")],
        ("/api/check", "GET"): [client.get("/api/check?q=all of the Iraqi Army's intelligence"),
                                client.get("/api/check?q=")],
    }
    for (path, method), responses in answers.items():
        operation = api_schema[path][method]
        for response in responses:
            operation.validate_response(response)


def test_no_index_answers_are_described(tmp_path):
    from search.web.app import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    response = app.test_client().get("/api/search?q=x")
    assert response.status_code == 503
    schema["/api/search"]["GET"].validate_response(response)


_PATHS = openapi.document(500)["paths"]
# Invalid input can only be made where there are query parameters with constraints to break.
OPERATIONS = [(path, "GET", mode) for path, spec in _PATHS.items()
              for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
              if mode == GenerationMode.POSITIVE or any(p["in"] == "query" for p in spec["get"].get("parameters", []))]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.parametrize("path, method, mode", OPERATIONS, ids=[f"{p}-{m.value}" for p, _, m in OPERATIONS])
def test_api_conforms_to_its_schema(api_schema, path, method, mode):
    # Hypothesis drives schemathesis's strategies directly: in-process over WSGI, bounded, no network.
    @given(case=api_schema[path][method].as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()
