"""The web front end: search, permalinks, documents and speakers."""
from __future__ import annotations

import time

from flask import Flask, abort, g, jsonify, render_template, request

from search import cite, compare, config, openapi, pages, query


def create_app(test_config: dict | None = None) -> Flask:
    """Create the Flask app; `test_config` overrides the settings."""
    app = Flask(__name__)
    app.config.from_mapping(config.defaults())
    if test_config:
        app.config.from_mapping(test_config)
    engine = query.Engine(app.config["INDEX_DIR"])

    def session() -> query.Session:
        if "session" not in g:
            g.session = engine.session()
        return g.session

    @app.teardown_appcontext
    def close_session(_exc) -> None:
        found = g.pop("session", None)
        if found is not None:
            found.close()

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def search_args() -> dict:
        args = request.args
        text = args.get("q", "")
        if len(text) > app.config["MAX_QUERY_LENGTH"]:
            raise query.QueryError(f"the query is longer than {app.config['MAX_QUERY_LENGTH']} characters")
        try:
            page = int(args.get("page", "1"))
        except ValueError:
            raise query.QueryError("the page number must be a whole number") from None
        if page < 1 or page > 10_000:
            raise query.QueryError("the page number is out of range")
        return dict(text=text, speakers=args.getlist("speaker"), exclude=args.getlist("exclude"),
                    type=args.get("type", "quote"), page=page, page_size=app.config["PAGE_SIZE"],
                    sort=args.get("sort", "relevance"), sources=args.getlist("source"),
                    date_from=args.get("from", "").strip(), date_to=args.get("to", "").strip())

    @app.route("/")
    def index():
        started = time.perf_counter()
        try:
            params = search_args()
            if not params["text"].strip() and not (params["speakers"] or params["sources"] or params["date_from"]
                                                    or params["date_to"]):
                return render_template("index.html", overview=session().overview(), q="")
            results = session().search(**params)
        except query.QueryError as exc:
            return render_template("index.html", error=str(exc), q=request.args.get("q", "")), 400
        return render_template("index.html", results=results, q=results.query, elapsed=time.perf_counter() - started,
                               occurrences=pages.folded_occurrences(session(), results),
                               contexts=pages.result_contexts(session(), results))

    @app.route("/api/search")
    def api_search():
        try:
            results = session().search(**search_args())
        except query.QueryError as exc:
            return jsonify(error=str(exc)), 400
        return jsonify(pages.results_json(results))

    def check_text() -> str:
        text = request.args.get("q", "").strip()
        if len(text) > app.config["MAX_QUERY_LENGTH"]:
            raise query.QueryError(f"the quote is longer than {app.config['MAX_QUERY_LENGTH']} characters")
        return text

    @app.route("/check")
    def check_page():
        try:
            text = check_text()
        except query.QueryError as exc:
            return render_template("check.html", error=str(exc), q=""), 400
        verdict = compare.check(text, session().candidates(text)) if text else None
        return render_template("check.html", verdict=verdict, q="", pasted=text)

    @app.route("/api/check")
    def api_check():
        try:
            text = check_text()
        except query.QueryError as exc:
            return jsonify(error=str(exc)), 400
        if not text:
            return jsonify(error="give the quote to check in q"), 400
        return jsonify(pages.verdict_json(compare.check(text, session().candidates(text)), app.config["BASE_URL"]))

    @app.route("/search.atom")
    def feed():
        try:
            params = search_args()
            results = session().search(**dict(params, page=1, page_size=50, sort="date"))
        except query.QueryError as exc:
            return jsonify(error=str(exc)), 400
        body = render_template("feed.atom.xml", results=results, base=app.config["BASE_URL"].rstrip("/"),
                               self_url=request.url)
        return app.response_class(body, mimetype="application/atom+xml")

    @app.route("/opensearch.xml")
    def opensearch():
        body = render_template("opensearch.xml", base=app.config["BASE_URL"].rstrip("/"))
        return app.response_class(body, mimetype="application/opensearchdescription+xml")

    @app.route("/quote/<quote_id>")
    def quote_page(quote_id):
        found = session().quote(quote_id)
        if not found:
            abort(404)
        if request.args.get("format") == "json":
            return jsonify(pages.quote_json(found, app.config["BASE_URL"]))
        context = pages.quote_context(session(), found)
        citations = {fmt: cite.cite(found, fmt, app.config["BASE_URL"]) for fmt in cite.FORMATS}
        return render_template("quote.html", quote=found, context=context, citations=citations,
                               others=pages.also_reported(session(), found),
                               permalink=cite.permalink(app.config["BASE_URL"], found["id"]),
                               linked_data=pages.quote_linked_data(found, app.config["BASE_URL"]))

    @app.route("/api/openapi.json")
    def api_openapi():
        return jsonify(openapi.document(app.config["MAX_QUERY_LENGTH"]))

    @app.route("/api/quote/<quote_id>")
    def api_quote(quote_id):
        found = session().quote(quote_id)
        if not found:
            return jsonify(error=f"no quote with id {quote_id}"), 404
        return jsonify(pages.quote_json(found, app.config["BASE_URL"]))

    @app.route("/doc/<path:doc_id>")
    def doc_page(doc_id):
        found = session().document(doc_id)
        if not found:
            abort(404)
        return render_template("doc.html", doc=found, paragraphs=pages.document_view(session(), found))

    @app.route("/speaker/<key>")
    def speaker_page(key):
        quotes = session().speaker_quotes(key)
        if not quotes:
            abort(404)
        return render_template("speaker.html", key=key, profile=pages.speaker_profile(quotes))

    @app.errorhandler(404)
    def not_found(_exc):
        if request.path.startswith("/api/"):
            return jsonify(error="not found"), 404
        return render_template("error.html", title="Not found",
                               message="There is no such page, quote, document or speaker."), 404

    @app.errorhandler(query.NoIndex)
    def no_index(exc):
        if request.path.startswith("/api/"):
            return jsonify(error=str(exc)), 503
        return render_template("error.html", title="No index yet", message=str(exc)), 503

    return app


app = create_app()
