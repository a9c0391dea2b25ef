"""The OpenAPI 3 description of the JSON API, served at /api/openapi.json."""
from __future__ import annotations

from .. import query
from ..query.compare import ALTERED, NOT_FOUND, VERBATIM

MAX_PAGE = query.request.MAX_PAGE

_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": "string", "nullable": True}
_MAYBE_INT = {"type": "integer", "nullable": True}
_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1, "nullable": True,
               "description": "How likely the speaker shown is right; null when no speaker is named."}
_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2019-11"}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
# How a search answer echoes a filter of each kind (search.query.request.FILTERS).
_ECHO = {"keys": lambda f: {"type": "array", "items": _TEXT}, "flag": lambda f: {"type": "boolean"},
         "choice": lambda f: {"type": "string", "enum": list(f.choices)}, "date": lambda f: _TEXT}
# Export formats: their media type and what the body is (see search.export.FORMATS).
EXPORT_MEDIA = {"csv": ("text/csv", _TEXT), "jsonl": ("application/x-ndjson", _TEXT),
                "bibtex": ("application/x-bibtex", _TEXT),
                "csl-json": ("application/vnd.citationstyles.csl+json", {"type": "array", "items": {"type": "object"}})}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ERROR_REF, description)


SCHEMAS = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string", "description": "What went wrong, for a person to read."}},
    },
    "Facet": {
        "type": "object", "required": ["key", "name", "count", "selected"],
        "properties": {"key": _TEXT, "name": _TEXT, "count": {"type": "integer", "minimum": 0},
                       "selected": {"type": "boolean"}},
    },
    "Hit": {
        "type": "object", "required": ["id", "type", "doc", "text", "highlighted", "speaker", "speaker_key"],
        "properties": {
            "id": _TEXT, "type": {"type": "string", "enum": ["quote", "paragraph"]}, "doc": _TEXT, "title": _TEXT,
            "source": _TEXT, "date": _TEXT,
            "text": {"type": "string", "description": "The text; of a long one (see length), a window around its "
                     "first match, at most 1,500 characters."},
            "highlighted": {"type": "string", "description": "The text, HTML-escaped, matched words in <mark>."},
            "length": {"type": "integer", "minimum": 0, "description": "Characters of the whole text."},
            "excerpt_start": {"type": "integer", "minimum": 0, "nullable": True,
                              "description": "Where the window `text` starts in the whole text; null when "
                              "`text` is whole."},
            "whole": {"type": "string", "description": "Where the whole text is (the quote in the API, the "
                      "paragraph on its document's page), when `text` is a window of it."},
            "speaker": _TEXT, "speaker_key": _TEXT, "role": _TEXT, "cue": _TEXT, "kind": _TEXT,
            "paragraph": {"type": "integer"}, "group": _TEXT, "group_size": {"type": "integer", "minimum": 1},
            "confidence": _CONFIDENCE,
            "author": _TEXT, "url": _TEXT, "language": _TEXT,
        },
    },
    "SearchResults": {
        "type": "object",
        "required": ["query", "total", "page", "pages", "type", "speakers", "exclude", "facets", "results", "partial",
                     "notices"],
        "properties": {
            "query": _TEXT, "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            # The request as run, each filter under its name (speaker names given are keys here).
            **{f.json_key: _ECHO[f.kind](f) for f in query.FILTERS},
            "suggestion": {**_MAYBE_TEXT, "description": "A respelling to try, or ''."},
            "partial": {"type": "boolean", "description": "The time budget ran out: total (a lower bound), facets "
                                                         "and ranking cover only the matches found by then."},
            "notices": {"type": "array", "items": _TEXT,
                        "description": "What was capped to bound the cost, e.g. a wildcard's expansion."},
            "facets": {"type": "object", "required": ["speaker"],
                       "properties": {dim: {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}}
                                      for dim in ("speaker", "source", "month")}},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "people": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"},
                       "description": "The speakers the query names (a full name, or a surname), most quoted first; "
                                      "their quotes rank first. Their pages are /speaker/{key}."},
            "exports": {"type": "object", "description": "Where to download every hit of this search, by format.",
                        "properties": {fmt: {"type": "string", "format": "uri"} for fmt in EXPORT_MEDIA}},
        },
    },
    "Quote": {
        "type": "object", "required": ["id", "doc", "text", "permalink", "citation"],
        "properties": {
            "id": _TEXT, "doc": _TEXT, "title": _MAYBE_TEXT, "source": _MAYBE_TEXT, "date": _MAYBE_TEXT,
            "url": _MAYBE_TEXT, "text": _TEXT, "kind": _MAYBE_TEXT, "speaker": _MAYBE_TEXT,
            "speaker_key": _MAYBE_TEXT, "role": _MAYBE_TEXT, "cue": _MAYBE_TEXT, "mention": _MAYBE_TEXT,
            "paragraph": _MAYBE_INT, "start": _MAYBE_INT, "end": _MAYBE_INT, "speaker_start": _MAYBE_INT,
            "speaker_end": _MAYBE_INT, "page": _MAYBE_INT, "time": {"type": "number", "nullable": True},
            "media_url": _MAYBE_TEXT, "permalink": {"type": "string", "format": "uri"}, "citation": _TEXT,
            "citations": {"type": "object", "description": "The citation in each format: text, markdown, bibtex, "
                          "csl-json (a JSON array, as text).", "additionalProperties": _TEXT},
            "confidence": _CONFIDENCE,
        },
    },
    "Change": {
        "type": "object", "required": ["op", "old", "new"],
        "properties": {"op": {"type": "string", "enum": ["equal", "delete", "insert", "replace"]}, "old": _TEXT,
                       "new": _TEXT},
    },
    "Verdict": {
        "type": "object", "required": ["pasted", "verdict", "matches"],
        "properties": {
            "pasted": _TEXT, "verdict": {"type": "string", "enum": [VERBATIM, ALTERED, NOT_FOUND]},
            "partial": {"type": "boolean", "description": "The search for close quotes ran out of time."},
            "matches": {"type": "array", "items": {"allOf": [
                {"$ref": "#/components/schemas/Quote"},
                {"type": "object", "required": ["score", "verdict", "summary", "diff"],
                 "properties": {"score": {"type": "number"}, "verdict": {"type": "string", "enum": [VERBATIM, ALTERED]},
                                "summary": _TEXT,
                                "diff": {"type": "array", "items": {"$ref": "#/components/schemas/Change"}}}},
            ]}},
        },
    },
}


def parameter(f: query.Filter) -> dict:
    """Return the OpenAPI query parameter of one search filter."""
    if f.kind == "keys":
        return {"name": f.param, "in": "query", "schema": {"type": "array", "items": _TEXT}, "style": "form",
                "explode": True, "description": f.help}
    if f.kind == "flag":
        return {"name": f.param, "in": "query", "schema": {"type": "string", "enum": ["", "1"]},
                "description": f"1: {f.help}"}
    if f.kind == "choice":
        return {"name": f.param, "in": "query", "schema": {"type": "string", "enum": list(f.choices),
                                                           "default": f.default}, "description": f.help}
    return {"name": f.param, "in": "query", "schema": _DATE, "description": f.help}


def document(max_query_length: int, base_url: str = "/") -> dict:
    """Return the OpenAPI 3.0 document of the JSON API."""
    q_search = {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": max_query_length},
                "description": "Words, \"phrases\", AND/OR/NOT, trailing * wildcards; empty lists everything."}
    no_index = _error("There is no index yet: run `search reindex`.")
    filters = [q_search, *map(parameter, query.FILTERS)]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Who said it: quote search API", "version": "1",
                 "description": "Search quotes and paragraphs, fetch a quote with its citation, check a wording."},
        "servers": [{"url": base_url}],
        "paths": {
            "/api/search": {"get": {
                "operationId": "search", "summary": "Search quotes or paragraphs, with speaker facets.",
                "parameters": [
                    *filters,
                    {"name": "page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
                ],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/SearchResults"}, "One page of results."),
                    "400": _error("The query cannot run: too long, bad syntax, a range on words, a leading "
                                  "wildcard, too many words, a page past the result window, an impossible date, "
                                  "a speaker name that fits several speakers or none."),
                    "503": no_index,
                },
            }},
            "/export": {"get": {
                "operationId": "export",
                "summary": "Every hit of a search as one streamed file, in index order; X-Total-Count says how many.",
                "parameters": [*filters,
                               {"name": "format", "in": "query",
                                "schema": {"type": "string", "enum": list(EXPORT_MEDIA), "default": "csv"}}],
                "responses": {
                    "200": {"description": "The file: a row, line or entry per hit, no cap.",
                            "content": {media: {"schema": schema} for media, schema in EXPORT_MEDIA.values()}},
                    "400": _error("The query cannot run, or the format is unknown."),
                    "503": no_index,
                },
            }},
            "/api/quote/{quote_id}": {"get": {
                "operationId": "quote", "summary": "One quote with its permalink and citation.",
                "parameters": [{"name": "quote_id", "in": "path", "required": True,
                                "schema": {"type": "string", "minLength": 1}}],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/Quote"}, "The quote."),
                    "404": _error("No quote has this id."),
                    "503": no_index,
                },
            }},
            "/api/check": {"get": {
                "operationId": "check", "summary": "Did anyone say this? The closest real quotes and a verdict.",
                "parameters": [{"name": "q", "in": "query", "required": True,
                                "schema": {"type": "string", "maxLength": max_query_length},
                                "description": "The wording to check."}],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/Verdict"}, "The verdict and closest quotes."),
                    "400": _error("No wording given, or it is too long."),
                    "503": no_index,
                },
            }},
            "/api/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document.",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
            }},
        },
        "components": {"schemas": SCHEMAS},
    }
