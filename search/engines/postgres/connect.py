"""Run one statement of a request on a pooled connection, within what is left of its time budget."""
from __future__ import annotations

import time

from psycopg import errors, sql

from ...query.budget import Budget
from ...query.session import NoIndex


class Unavailable(NoIndex):
    """The database cannot be reached: the server answers 503 with this message, as before a first reindex."""


class Cut(Exception):
    """The time budget ran out during a statement: what it was to find is partial."""


def run(engine, budget: Budget | None, query, params=(), *, stream: bool = False) -> list:
    """Run one statement within what is left of the budget (all of it when `budget` is None); raise Cut when it
    runs out."""
    with engine.connection() as conn, conn.transaction():
        if budget is not None:
            left = budget.deadline - time.perf_counter()
            if left <= 0:
                budget.spent = True
                raise Cut()
            conn.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(max(1, int(left * 1000)))))
        try:
            return conn.execute(query, params).fetchall()
        except errors.QueryCanceled:
            if budget is not None:
                budget.spent = True
            raise Cut() from None
