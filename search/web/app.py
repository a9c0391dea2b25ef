"""The Flask application factory: settings, the blueprints, the error handlers and the security headers."""
from __future__ import annotations

from flask import Flask

from .. import config, model
from ..query import NoIndex, QueryError, WorkerLost
from . import address, api, browse, context, errors, feeds, pages
from .shape import byline


def create_app(test_config: dict | None = None) -> Flask:
    """Create the Flask app; `test_config` overrides the settings."""
    app = Flask(__name__, root_path=str(config.ROOT))
    app.config.from_mapping(config.defaults())
    if test_config:
        app.config.from_mapping(test_config)
    context.init_app(app)
    app.jinja_env.globals["uncertain_below"] = model.UNCERTAIN_BELOW
    address.init_app(app)
    app.jinja_env.globals["byline"] = byline
    for blueprint in (pages.bp, api.bp, feeds.bp, browse.bp):
        app.register_blueprint(blueprint)
    app.before_request(errors.refuse_oversized)
    app.register_error_handler(413, errors.too_large)
    app.register_error_handler(414, errors.too_large)
    app.register_error_handler(QueryError, errors.bad_query)
    app.register_error_handler(404, errors.not_found)
    app.register_error_handler(NoIndex, errors.no_index)
    app.register_error_handler(WorkerLost, errors.worker_lost)
    app.after_request(security_headers)
    return app


def security_headers(response):
    """Add the headers every answer carries: a strict content policy, no sniffing, no referrer abroad."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response

