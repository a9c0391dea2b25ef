"""Resolve an update's documents against the served index, for every engine: which are new, which replace served
ones (a file indexed before keeps its ids, whatever path names it), and which no file gives any more."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from .. import documents as documents_mod
from ..model import Document
from .store import Summary


class Resolved:
    """The documents of an update, resolved against what the index served before it began.

    `from_file(path)` returns the ids of the documents served from a file (a feed gives many), `served(id)` says
    whether a document id is served; both read the index as it was before the update."""

    def __init__(self, summary: Summary, from_file: Callable[[str], list[str]],
                 served: Callable[[str], bool]) -> None:
        self.summary, self._from_file, self._served = summary, from_file, served
        self.replaced: list[str] = []  # the ids whose records go: those loaded again, and all their files gave before
        self.loaded: list[str] = []

    def load(self, paths, roots, progress) -> Iterator[Document]:
        """Yield the documents of the paths, noting which replace served ones and which are new."""
        loaded = documents_mod.load(paths, self.summary.skipped, roots, self.known)
        for doc in unique(loaded, progress, self.summary):
            earlier = self.from_file(doc.source_file)
            if doc.id not in earlier and not self._served(doc.id):
                self.summary.added.append(doc.id)
            self.replacing(doc.id, [*earlier, doc.id])
            self.loaded.append(doc.id)
            yield doc

    def replacing(self, doc_id: str, ids: list[str]) -> None:
        """Note that a document's records replace those of these ids."""
        self.replaced.extend(ids)

    def known(self, path: str) -> str | None:
        """Return the id of the one document served from this file, if it was."""
        ids = self.from_file(path)
        return ids[0] if len(ids) == 1 else None

    def from_file(self, path: str) -> list[str]:
        """Return the ids of the documents served from a file."""
        return self._from_file(path) if path else []

    def removed(self) -> list[str]:
        """Return the ids served before that no file of the update gives any more."""
        return sorted(set(self.replaced) - set(self.loaded))


def unique(docs: Iterable[Document], progress, summary: Summary) -> Iterator[Document]:
    """Yield the documents of a run, telling `progress` of each; a second document with an id already read is
    skipped with the reason."""
    seen: set[str] = set()
    for doc in docs:
        if progress:
            progress(doc)
        if doc.id in seen:
            summary.skipped.append(documents_mod.Skipped(
                doc.path, f"duplicate document id {doc.id!r}: another file of this run has it; rename one",
                doc.source_file or doc.path))
            continue
        seen.add(doc.id)
        yield doc
