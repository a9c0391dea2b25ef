"""The index session of the current request: opened on first use, closed when the request ends."""
from __future__ import annotations

from flask import Flask, current_app, g

from ..engines import Session, open_engine

_ENGINE = "search.engine"


def init_app(app: Flask) -> None:
    """Open the app's index (a folder, or a database when DATABASE_URL is set) and close each request's session
    when the request ends."""
    app.extensions[_ENGINE] = open_engine(app.config)
    app.teardown_appcontext(close_session)


def session() -> Session:
    """Return the current request's session, opening a searcher on the served index if need be."""
    if "session" not in g:
        g.session = current_app.extensions[_ENGINE].session()
    return g.session


def own_session() -> Session:
    """Open a session that the caller closes: for an answer still being written after its request has ended."""
    # No turn at the index: the request's own session holds it, and a streamed answer is not cut.
    return current_app.extensions[_ENGINE].session(turn=False)


def close_session(_exc=None) -> None:
    """Close the current request's session, if it opened one."""
    found = g.pop("session", None)
    if found is not None:
        found.close()
