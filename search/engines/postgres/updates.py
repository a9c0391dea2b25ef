"""What an update replaces: documents resolved against the served ones as the Whoosh update does (ids kept by file)."""
from __future__ import annotations

from typing import Iterator

from psycopg import sql

from ... import documents as documents_mod
from ...index import build as whoosh_build
from ...index.store import Summary


class Resolved:
    """The documents of an update, resolved against a snapshot of the served ones taken before any is replaced."""

    def __init__(self, conn, t: dict, summary: Summary) -> None:
        self.summary = summary
        self.by_file: dict[str, list[str]] = {}
        self.existing: set[str] = set()
        for doc_id, source_file in conn.execute(sql.SQL("SELECT id, fields->>'source_file' FROM {} ORDER BY seq")
                                                .format(t["documents"])):
            self.existing.add(doc_id)
            if source_file:
                self.by_file.setdefault(source_file, []).append(doc_id)
        # The rows an update may delete: those there before it began, never the ones it writes.
        self.before = {name: conn.execute(sql.SQL("SELECT coalesce(max(seq), 0) FROM {}").format(t[name]))
                       .fetchone()[0] for name in ("documents", "paragraphs", "quotes")}
        self.replaced: list[str] = []  # the ids whose rows go: those loaded again, and all their files gave before
        self.loaded: list[str] = []
        self.drop: dict[str, list[str]] = {}  # document id -> the ids to delete when its rows arrive

    def load(self, paths, roots, progress) -> Iterator:
        """Yield the documents of the paths, noting which replace served ones and which are new."""
        loaded = documents_mod.load(paths, self.summary.skipped, roots, self.known)
        for doc in whoosh_build._unique(loaded, progress, self.summary):
            earlier = self.from_file(doc.source_file)
            if doc.id not in earlier and doc.id not in self.existing:
                self.summary.added.append(doc.id)
            self.drop[doc.id] = [*earlier, doc.id]
            self.replaced.extend(self.drop[doc.id])
            self.loaded.append(doc.id)
            yield doc

    def known(self, path: str) -> str | None:
        """Return the id of the one document served from this file, if it was."""
        ids = self.from_file(path)
        return ids[0] if len(ids) == 1 else None

    def from_file(self, path: str) -> list[str]:
        """Return the ids of the documents served from a file (a feed gives many)."""
        return self.by_file.get(path, []) if path else []

    def delete(self, conn, t: dict, doc_id: str) -> None:
        """Delete the served rows a document replaces: its own, and those of what its file gave before."""
        ids = self.drop.pop(doc_id, [doc_id])
        for name, column in (("quotes", "doc"), ("paragraphs", "doc"), ("documents", "id")):
            conn.execute(sql.SQL("DELETE FROM {} WHERE {} = ANY(%s) AND seq <= %s").format(
                t[name], sql.Identifier(column)), (ids, self.before[name]))

    def removed(self) -> list[str]:
        """Return the ids served before that no file of the update gives any more."""
        return sorted(set(self.replaced) - set(self.loaded))
