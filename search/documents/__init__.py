"""Turn files and folders into documents: one reader module per input format behind this one loader.

A reader module has `SUFFIXES` (lower-case name endings it reads) and `read(source) -> Iterable[Document]`;
it reports what it cannot read into `source.skipped` and raises nothing for bad input. An optional
`accepts(path) -> bool` lets a folder walk pass over files with its suffix that are not its format
(an .xml file that is not a feed), naming them with its `NOT_ACCEPTED` reason. Adding a format is a new
module and one line in `READERS`.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model import Document
from . import captions, feeds, guard, html, jsonl, pdf, text, warc
from .common import Skipped, decode, first_line, has_surrogates, kind_of, make_id, metadata, valid_fields

READERS = (text, html, jsonl, pdf, captions, feeds, warc)
SIDECAR_SUFFIX = ".meta.json"
SHARED_FIELDS = ("source", "language", "genre")  # what a feed's or archive's sidecar says of all its documents
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Source:
    """One input file as a reader sees it: where it is, the id it gives, its sidecar and the skip list."""

    path: Path
    id: str  # the document id of a file that is one document: its path under the folder given, sans suffix
    meta: dict = field(default_factory=dict)  # the sidecar NAME.meta.json, which wins over what the file says
    skipped: list[Skipped] = field(default_factory=list)

    def read_bytes(self, limit: int | None = None) -> bytes | None:
        """Return the file's bytes, or None after reporting a file over the size limit or unreadable."""
        limit = MAX_FILE_BYTES if limit is None else limit
        try:
            size = self.path.stat().st_size
            if size > limit:
                self.skip(f"file is {size} bytes, over the {limit} byte limit")
                return None
            return self.path.read_bytes()
        except OSError as exc:
            self.skip(exc.strerror or str(exc))
            return None

    def read_text(self) -> str | None:
        """Return the file decoded as UTF-8 (or UTF-16 with a BOM), or None after reporting why it cannot be."""
        raw = self.read_bytes()
        if raw is None:
            return None
        try:
            return decode(raw)
        except ValueError as exc:
            self.skip(str(exc))
            return None

    def skip(self, reason: str, where: str | None = None) -> None:
        """Report the file (or a part of it) as skipped."""
        self.skipped.append(Skipped(where or str(self.path), reason))

    def document(self, text: str, **found) -> Document:
        """Build the file's document: the sidecar's fields win over what the file itself says."""
        fields = {k: v for k, v in found.items() if v}
        fields.update(metadata(self.meta, str(self.path), self.skipped))
        fields.setdefault("title", first_line(text))
        return Document(id=fields.pop("id", self.id), text=text, path=fields.pop("path", str(self.path)), **fields)

    def item(self, id: str, text: str, where: str, **found) -> Document:
        """Build one of the documents of a file that holds many (a feed, an archive).

        The sidecar speaks for the whole file: its source, language and genre win over each item's.
        """
        fields = {k: v for k, v in found.items() if v}
        shared = metadata(self.meta, str(self.path), [])
        fields.update({k: v for k, v in shared.items() if k in SHARED_FIELDS})
        fields.setdefault("title", first_line(text))
        return Document(id=id, text=text, path=where, **fields)


def load(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None, roots: Iterable[Path] = (),
         known: Callable[[str], str | None] | None = None) -> Iterator[Document]:
    """Yield the documents under the given files and folders, reporting failures into `skipped`.

    A file's id is its path under the folder given (a file given alone: under its own folder), without
    its extension; under one of `roots` (real paths), under that root instead. `known(real path)` may
    name the id a file already has, which it keeps.
    """
    skipped = skipped if skipped is not None else []
    roots = tuple(roots)
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and _is_input(p) is not None)
            for path in files:
                if _is_input(path):
                    yield from _load_file(path, root, skipped, roots, known)
                else:
                    skipped.append(Skipped(str(path), _unsupported(path), str(path)))
        elif root.is_file():
            yield from _load_file(root, root.parent, skipped, roots, known)
        else:
            skipped.append(Skipped(str(root), "no such file or folder"))


def roots_of(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Return the real folders (links followed) the ids of the given files and folders are relative to."""
    return [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths]


def reader_for(path: Path):
    """Return the reader module for a file name, or None."""
    name = path.name.lower()
    return next((r for r in READERS if name.endswith(r.SUFFIXES)), None)


def _is_input(path: Path) -> bool | None:
    """Say whether a file in a folder is read (True), named as not read (False), or passed over (None)."""
    name = path.name.lower()
    if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
        return None  # hidden files, and the metadata of another file
    reader = reader_for(path)
    return reader is not None and getattr(reader, "accepts", lambda _: True)(path)


def _unsupported(path: Path) -> str:
    """Return why a file is not read: its type, and the types that are."""
    reader = reader_for(path)
    if reader is not None:
        return getattr(reader, "NOT_ACCEPTED", "not in the format its name says")
    suffix = path.suffix.lower()
    return f"unsupported file type {suffix or '(no extension)'}"


def _load_file(path: Path, root: Path, skipped: list[Skipped], roots: tuple[Path, ...] = (),
               known: Callable[[str], str | None] | None = None) -> Iterator[Document]:
    reader = reader_for(path)
    if reader is None:
        skipped.append(Skipped(str(path), _unsupported(path), str(path)))
        return
    real = path.resolve()  # the file, whichever path or link names it
    reported = _Reports(skipped)  # this file's own reports, told as warnings if it gives documents all the same
    source = Source(path, (known and known(str(real))) or file_id(path, root, reader, roots),
                    _sidecar(path, reported), reported)
    made = 0
    try:
        # Readers of formats whose libraries follow references or inflate data run under a time and memory budget.
        for document in guard.read(reader, source) if getattr(reader, "ISOLATED", False) else reader.read(source):
            made += 1
            yield replace(document, source_file=str(real))
    except RecursionError:
        # A deeply nested page or feed can exhaust a parser's stack; what was read of it is kept.
        source.skip("too deeply nested to read")
    reported.settle(str(path), warning=made > 0)


class _Reports(list):
    """One file's reports, in the run's list as they come, and marked as that file's once it is read."""

    def __init__(self, run: list[Skipped]) -> None:
        super().__init__()
        self.run = run
        self.at: list[int] = []  # where in the run's list each of this file's reports stands

    def append(self, report: Skipped) -> None:
        super().append(report)
        self.at.append(len(self.run))
        self.run.append(report)

    def settle(self, file: str, warning: bool) -> None:
        """Mark the file's reports as its own: warnings when it gave documents all the same."""
        # Others report between them (a duplicate id found while this file's reading waits), so by place.
        for n in self.at:
            self.run[n] = replace(self.run[n], file=file, warning=warning)


def file_id(path: Path, root: Path, reader, roots: tuple[Path, ...] = ()) -> str:
    """Return the id of a file: its path under the first of `roots` holding it, else under `root`, sans suffix."""
    real = path.resolve()
    under = next((r for r in roots if real.is_relative_to(r)), None)
    # Under the folder given, a linked file keeps its own place: its id is where the folder shows it.
    stem = (real.relative_to(under) if under else path.relative_to(root)).as_posix()
    for suffix in reader.SUFFIXES:
        if stem.lower().endswith(suffix):
            return make_id(stem[:-len(suffix)])
    return make_id(stem)


def _sidecar(path: Path, skipped: list[Skipped]) -> dict:
    name = path.name
    stem = name[:-len(name.split(".", 1)[1]) - 1] if "." in name else name
    for meta_path in (path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(stem + SIDECAR_SUFFIX)):
        if meta_path.is_file():
            break
    else:
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        skipped.append(Skipped(str(meta_path), f"metadata ignored: {exc}"))
        return {}
    if has_surrogates(meta):
        skipped.append(Skipped(str(meta_path), "metadata ignored: a \\u escape names a lone UTF-16 surrogate"))
        return {}
    if not isinstance(meta, dict):
        why = f"metadata ignored: a sidecar holds one JSON object, not {kind_of(meta)}"
        skipped.append(Skipped(str(meta_path), why))
        return {}
    # Checked here, so that a bad field is reported once, with the sidecar's name; the rest of it applies.
    return valid_fields(meta, str(meta_path), skipped)

