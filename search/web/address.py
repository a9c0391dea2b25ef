"""The site's public address in every absolute link: the BASE_URL setting, else the address of the request."""
from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Trust the X-Forwarded-* headers of as many proxies in front as the PROXIES setting says, and no more."""
    # Behind a proxy the request comes from it, on its inner address; its X-Forwarded-For, -Proto, -Host,
    # -Port and -Prefix headers say what the browser asked for. Trusted from anyone else, they would let
    # a client choose the links that pages, feeds and citations carry.
    hops = int(app.config.get("PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


def base_url() -> str:
    """Return the address the site is served at, without a final slash."""
    return (current_app.config.get("BASE_URL") or request.url_root).rstrip("/")
