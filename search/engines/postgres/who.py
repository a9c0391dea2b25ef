"""A search by who on PostgreSQL: plain words match a quote's words or the names around it, as Whoosh's `near`."""
from __future__ import annotations

from psycopg import sql
from whoosh.query import And, NullQuery, Or, Term

from ...index.schema import NEAR, QUOTE, TEXT_FIELD
from ...query.parsing import QueryError
from .terms import ANALYZERS

COLUMNS = {TEXT_FIELD[QUOTE]: "tsv", NEAR: "near"}  # the quotes table's column of each field parse_who reads


class Who:
    """The condition over a quote's words and the names around it that Parser.parse_who gives, every word a
    parameter, and the names it looks for (they add to a match's score half what a word does: NEAR_BOOST)."""

    def __init__(self, query) -> None:
        self.params: list[str] = []
        self.names: list[str] = []
        self.sql = self._walk(query)

    def _walk(self, q) -> sql.Composable:
        if isinstance(q, Term) and q.fieldname in COLUMNS:
            self.params.append(q.text)
            if q.fieldname == NEAR:
                self.names.append(q.text)
            return sql.SQL("{} @@ search_term(%s)").format(sql.Identifier(COLUMNS[q.fieldname]))
        if isinstance(q, (And, Or)) and q.children():
            between = sql.SQL(" AND " if isinstance(q, And) else " OR ")
            return sql.SQL("({})").format(between.join(self._walk(c) for c in q.children()))
        raise QueryError(f"{q} cannot be searched by who")


def who(parser, text: str, counts) -> Who | None:
    """Return the search by who of plain words, or None when no word of it is looked for among the names.

    `counts(pairs)` returns the number of records holding each (field, term) of the pairs, and ("type", QUOTE)
    the number of quotes."""
    pairs = [(TEXT_FIELD[QUOTE], t.text) for t in ANALYZERS[QUOTE](text, mode="query")]
    pairs += [(NEAR, t.text) for t in ANALYZERS[NEAR](text, mode="query")]
    known = counts(pairs)
    query = parser.parse_who(text, lambda field, term: known.get((field, term), 0))
    if query is None or query is NullQuery or NEAR not in {f for f, _ in query.iter_all_terms()}:
        return None  # the words alone: the search as it was
    return Who(query)
