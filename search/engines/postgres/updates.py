"""What an update replaces on PostgreSQL: index.resolving's resolution over a snapshot of the served documents,
and the deletion of the rows each replaced document had."""
from __future__ import annotations

from psycopg import sql

from ...index import resolving
from ...index.store import Summary


class Resolved(resolving.Resolved):
    """The documents of an update, resolved against a snapshot of the served ones taken before any is replaced."""

    def __init__(self, conn, t: dict, summary: Summary) -> None:
        by_file: dict[str, list[str]] = {}
        existing: set[str] = set()
        for doc_id, source_file in conn.execute(sql.SQL("SELECT id, fields->>'source_file' FROM {} ORDER BY seq")
                                                .format(t["documents"])):
            existing.add(doc_id)
            if source_file:
                by_file.setdefault(source_file, []).append(doc_id)
        super().__init__(summary, lambda path: by_file.get(path, []), existing.__contains__)
        # The rows an update may delete: those there before it began, never the ones it writes.
        self.before = {name: conn.execute(sql.SQL("SELECT coalesce(max(seq), 0) FROM {}").format(t[name]))
                       .fetchone()[0] for name in ("documents", "paragraphs", "quotes")}
        self.drop: dict[str, list[str]] = {}  # document id -> the ids to delete when its rows arrive

    def replacing(self, doc_id: str, ids: list[str]) -> None:
        """Note the ids a document's rows replace, deleted when its rows are written."""
        super().replacing(doc_id, ids)
        self.drop[doc_id] = ids

    def delete(self, conn, t: dict, doc_id: str) -> None:
        """Delete the served rows a document replaces: its own, and those of what its file gave before."""
        ids = self.drop.pop(doc_id, [doc_id])
        for name, column, before in (("quotes", "doc", "quotes"), ("quotes_search", "doc", "quotes"),
                                     ("paragraphs", "doc", "paragraphs"), ("paragraphs_search", "doc", "paragraphs"),
                                     ("documents", "id", "documents")):
            conn.execute(sql.SQL("DELETE FROM {} WHERE {} = ANY(%s) AND seq <= %s").format(
                t[name], sql.Identifier(column)), (ids, self.before[before]))
