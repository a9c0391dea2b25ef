"""The `search` command line: reindex, extract, documents, query, eval, fit-speakers, cite, serve."""
from __future__ import annotations

import errno
import html
import json
import os
import re
import sys

import click

from . import cite as cite_mod
from . import config, query
from .cite import export
from .index import store
from .query import compare

# The write side (readers, attribution, the build) is imported by the commands that need it, so that
# `search serve` and `search query` load only the read side.


@click.group()
def main() -> None:
    """Find who said what, where, and cite it."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@config.option("INDEX_DIR")
@config.option("DATABASE_URL")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: all cores).")
@click.option("--update", is_flag=True, help="Add or replace the documents of PATHS, keeping the rest of the index.")
@click.option("--allow-shrink", is_flag=True,
              help="Swap in a new index even if it holds under half the documents of the served one.")
@click.option("--if-missing", is_flag=True,
              help="Index only when the index folder holds no index yet; otherwise leave the served index as it is.")
def reindex(paths, index_dir, database_url, jobs, update, allow_shrink, if_missing) -> None:
    """Rebuild the index from PATHS (default: the seeds) and swap it in atomically."""
    if update and not paths:
        raise click.UsageError("--update needs the files or folders to add or replace")
    settings = _settings(index_dir, database_url)
    if if_missing and _kept(settings):
        return
    from .engines.writers import open_writer
    from .index import build as indexer

    paths = paths or (str(config.SETTINGS["SEEDS_DIR"].value()),)
    writer = open_writer(settings)
    run = writer.update if update else writer.reindex
    shown = sys.stderr.isatty()
    with click.progressbar(length=0, label="Indexing", file=sys.stderr, show_pos=True,
                           hidden=not shown) as bar:
        try:
            summary = run(paths, jobs=jobs, progress=lambda doc: bar.update(1), allow_shrink=allow_shrink)
        except store.Refused as exc:
            _report(exc.skipped)
            raise click.ClickException(str(exc)) from None
        except store.IndexBusy as exc:
            raise click.ClickException(str(exc)) from None
        except (OSError, indexer.WorkerFailed, *_unavailable()) as exc:
            # The new generation was removed and the served index left as it was; say so plainly.
            raise click.ClickException(f"reindex failed, the served index is unchanged: {exc}") from None
    _report(summary.skipped)
    _summarise(summary, _index_named(settings), update)


def _summarise(summary, where: str, update: bool) -> None:
    """Print what a reindex did: on update, each document added or removed; then the counts."""
    from .documents import report

    done = f"Indexed {plural(summary.documents, 'document')}"
    if update:
        for doc_id in summary.added:
            click.echo(f"added {doc_id}: new to the index", err=True)
        for doc_id in summary.removed:
            click.echo(f"removed {doc_id}: its file no longer holds it", err=True)
        added, removed = len(summary.added), len(summary.removed)
        done = (f"Updated {plural(summary.documents, 'document')} ({summary.documents - added:,} replaced, "
                f"{added:,} added{f', {removed:,} removed' if removed else ''})")
    click.echo(f"{done}, {plural(summary.paragraphs, 'paragraph')}, {plural(summary.quotes, 'quote')}, "
               f"{plural(summary.speakers, 'speaker')} into {where} in {summary.seconds:.1f} s; "
               f"{report.tally(summary.skipped)}.")


def _shown(folder) -> str:
    """Return a folder as a person would type it here: relative when it is under the working folder."""
    relative = os.path.relpath(folder)
    return str(folder) if relative.startswith("..") else relative


def _settings(index_dir, database_url: str = "") -> dict:
    """Return the settings with the index the command was given: a folder, or a database when its URL is set."""
    from .engines import database_url as checked

    settings = dict(config.defaults(), INDEX_DIR=index_dir, DATABASE_URL=database_url or "")
    try:
        checked(settings)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--database-url") from None
    return settings


def _index_named(settings: dict) -> str:
    """Name the index of the settings for a message: its folder, or its database (without a password)."""
    if not settings["DATABASE_URL"]:
        return _shown(settings["INDEX_DIR"])
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(settings["DATABASE_URL"])
    return f"database {info.get('dbname', '')} on {info.get('host', 'localhost')}"


def _engine(settings: dict):
    """Open the engine of the settings, for the reading commands (which answer long requests themselves)."""
    from .engines import open_engine

    return open_engine(dict(settings, LONG_WORKERS=0))


def _unavailable() -> tuple:
    """Return the errors of a database that cannot be reached (none without psycopg)."""
    try:
        import psycopg
        import psycopg_pool
    except ImportError:
        return ()
    return (psycopg.OperationalError, psycopg_pool.PoolTimeout)


def _kept(settings: dict) -> bool:
    """Say whether an index is served already, and what it holds, leaving it as it is."""
    if settings["DATABASE_URL"]:
        try:
            with _engine(settings).session() as session:
                count = session.overview()["documents"]
        except query.NoIndex:
            return False
    else:
        served = store.current_generation(settings["INDEX_DIR"])
        if served is None:
            return False
        count = store.document_count(served)
    click.echo(f"{_index_named(settings)} already holds an index of {plural(count, 'document')}; left as it is "
               "(search reindex PATH rebuilds it).")
    return True


def plural(count: int, noun: str) -> str:
    """Return "1 file", "2 files": the count and the noun in the number it takes."""
    return f"{count:,} {noun if count == 1 else noun + 's'}"


def _report(skipped) -> None:
    """Print on stderr the files left out and the warnings on files indexed."""
    from .documents import report

    for line in report.lines(skipped):
        click.echo(line, err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True)
def extract(paths, fmt) -> None:
    """Print the quotes of documents without touching the index."""
    from . import documents
    from .extraction.extract import extract_corpus

    skipped: list[documents.Skipped] = []
    for extraction in extract_corpus(documents.load(paths, skipped)):
        for q in extraction.quotes:
            if fmt == "jsonl":
                record = {k: getattr(q, k) for k in ("id", "doc", "paragraph", "start", "end", "text", "kind",
                                                     "speaker", "speaker_key", "speaker_start", "speaker_end",
                                                     "cue", "role", "page", "time", "confidence")}
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                who = q.speaker or "(unknown)"
                cue = f" [{q.cue}]" if q.cue else ""
                where = f" p. {q.page}" if q.page else ""
                where += f" at {_timecode(q.time)}" if q.time is not None else ""
                click.echo(f"{q.doc} ¶{q.paragraph}{where} {q.kind:7} {who}{cue}: “{q.text}”")
    _report(skipped)


@main.command("documents")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True)
def documents_cmd(paths, fmt) -> None:
    """Print what the engine reads from documents (metadata, paragraphs, furniture left out) without indexing."""
    from . import documents
    from .documents import listing

    skipped: list[documents.Skipped] = []
    for doc in documents.load(paths, skipped):
        click.echo(json.dumps(listing.record(doc), ensure_ascii=False) if fmt == "jsonl" else listing.text(doc))
    _report(skipped)


def _where(page: int | None, time: float | None) -> str:
    """Return where in its source a quote stands beyond its paragraph: ", p. 2", ", at 00:01:15", or ""."""
    return (f", p. {page}" if page else "") + (f", at {_timecode(time)}" if time is not None else "")


def _timecode(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def filter_options(command):
    """Add an option to a command for each filter a search request declares (query.FILTERS)."""
    for f in reversed(query.FILTERS):
        if f.kind == "keys":
            option = click.option(f.option, f.name, multiple=True, help=f.help)
        elif f.kind == "flag":
            option = click.option(f.option, f.name, is_flag=True, help=f.help)
        elif f.kind == "choice":
            option = click.option(f.option, f.name, type=click.Choice(f.choices), default=f.default,
                                  show_default=True, help=f.help)
        else:
            option = click.option(f.option, f.name, default=f.default, help=f.help)
        command = option(command)
    return command


@main.command("query")
@click.argument("text", nargs=-1)
@filter_options
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Best hits shown.")
@click.option("--all", "every", is_flag=True, help="Every hit, in index order, with no limit.")
@click.option("--format", "fmt", type=click.Choice(["text", *export.FORMATS]), default="text", show_default=True)
@config.option("INDEX_DIR")
@config.option("DATABASE_URL")
@config.option("BASE_URL")
def query_cmd(text, limit, every, fmt, index_dir, database_url, base_url, **filters) -> None:
    """Search the index; print the best hits, or export them (or, with --all, every hit)."""
    engine = _engine(_settings(index_dir, database_url))
    asked = query.SearchRequest.from_options(" ".join(text), filters)
    try:
        with engine.session() as session:
            results = session.search(asked, page_size=1 if every else limit)
            if fmt != "text" or every:
                _export(session, results, every, fmt, base_url)
                return
    except (query.NoIndex, query.QueryError) as exc:
        raise click.ClickException(str(exc)) from None
    # The total stays the first line: scripts read it there.
    click.echo(f"{'at least ' if results.partial else ''}{plural(results.total, 'result')}")
    for person in results.people:
        click.echo(f"Quotes by {person.name} ({person.count}) → search query --speaker {person.key}")
    for notice in results.notices + (("partial results: the search ran out of time (SEARCH_TIME_BUDGET)",)
                                     if results.partial else ()):
        click.echo(f"note: {notice}", err=True)
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}?")
    for hit in results.hits:
        marked = re.sub(r"<mark>(.*?)</mark>", lambda m: click.style(m.group(1), bold=True, reverse=True),
                        str(hit.highlighted))
        marked = html.unescape(marked)
        who = f"{hit.speaker}: " if hit.speaker else ""
        click.echo(f"\n[{hit.id}] {who}{marked}\n    — {hit.title} ({hit.source or 'source unknown'}), "
                   f"¶{hit.paragraph}{_where(hit.page, hit.time)}")


def _export(session, results, every: bool, fmt: str, base_url: str) -> None:
    """Print the best hits of a search, or every hit, in an export format (or as text lines)."""
    if every:
        # The whole count first: nothing is cut (a count the time budget cut short is a lower bound).
        click.echo(f"{'at least ' if results.partial else ''}{results.total} hits", err=True)
        records = session.every_match(results.request)
    else:
        records = (session.quote(h.id) if h.type == "quote" else session.paragraph(h.doc, h.paragraph)
                   for h in results.hits)
    if fmt == "text":
        for record in records:
            who = f"{record.get('speaker')}: " if record.get("speaker") else ""
            click.echo(f"[{record.get('id')}] {who}{record.get('text', '')}\n    — {record.get('title', '')} "
                       f"({record.get('source') or 'source unknown'}), ¶{record.get('paragraph')}"
                       f"{_where(record.get('page'), record.get('time'))}")
        return
    _warn_without_base_url(base_url)
    for chunk in export.stream(fmt, export.with_context(session, (r for r in records if r)), base_url):
        click.echo(chunk, nl=False)


def _warn_without_base_url(base_url: str) -> None:
    if not base_url:
        click.echo("note: permalinks are paths (/quote/ID) because no public address is set: give --base-url or "
                   "set SEARCH_BASE_URL to the server's address, e.g. https://quotes.example.org", err=True)


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", is_flag=True, help="List each miss with its context.")
@click.option("--referents", type=click.Path(exists=True, dir_okay=False),
              help="Who each pronoun-attributed quote's speaker is (default: GOLD-referents.json beside GOLD).")
@click.option("--calibrate", is_flag=True,
              help="Write the confidence table (search/data/calibration.json) from these gold files.")
@click.option("--resolution", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="With --calibrate: a gold file whose pronoun referents lend only pronoun resolution rates.")
def eval_cmd(gold, errors, referents, calibrate, resolution) -> None:
    """Score the extractor against gold files (see the scoring protocol in docs/quality.md)."""
    from .evaluation import calibration
    from .evaluation import report as evaluate_report
    from .extraction.extract import corpus_extractor
    from .evaluation import scoring as evaluate

    articles: list[dict] = []
    known: dict = {}
    try:
        for path in gold:
            articles.extend(evaluate.load_gold(path))
            known.update(evaluate.load_referents(referents) if referents else evaluate.referents_beside(path))
    except (ValueError, KeyError) as exc:
        raise click.ClickException(str(exc)) from None
    if calibrate:
        lent: list[dict] = []
        for path in resolution:
            lent.extend(evaluate.load_gold(path))
            known.update(evaluate.referents_beside(path))
        sources = [os.path.basename(p) for p in gold] + [f"{os.path.basename(p)} (pronoun resolution rates)"
                                                         for p in resolution]
        table = calibration.write(calibration.rows(articles, known, lent), sources)
        click.echo(f"Wrote {calibration.TABLE} ({len(table['buckets'])} buckets).")
    # Scored as the index serves it: the corpus step merges names and names narrators across documents.
    report = evaluate.evaluate(articles, corpus_extractor(evaluate.document_of(a) for a in articles), known)
    if errors:
        click.echo(evaluate_report.format_errors(report, {a["id"]: a for a in articles}))
    click.echo(evaluate_report.format_report(report))


@main.command("fit-speakers")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the weights (default: search/data/speaker_weights.json, which extraction reads).")
def fit_speakers(gold, out) -> None:
    """Fit the weights that choose a story's speakers among their candidates, from annotated gold files."""
    from pathlib import Path

    from .evaluation import fit
    from .evaluation import scoring as evaluate

    articles: list[dict] = []
    known: dict = {}
    try:
        for path in gold:
            articles.extend(evaluate.load_gold(path))
            known.update(evaluate.referents_beside(path))
    except (ValueError, KeyError) as exc:
        raise click.ClickException(str(exc)) from None
    stages, data = fit.fit_stages(articles, known)
    if not stages:
        raise click.ClickException("no annotated quote with candidates to learn from: give gold files of fiction "
                                   "(genre \"fiction\"), such as ../shared/data/pdnc/train.jsonl")
    target = Path(out) if out else fit.TABLE
    sources = [os.path.join(os.path.basename(os.path.dirname(os.path.abspath(p))), os.path.basename(p)) for p in gold]
    fit.write(stages, sources, len(data), target)
    click.echo(f"Wrote {target}: {len(stages)} stages of weights from {len(data)} quotes; the right candidate ranks "
               f"first for {fit.accuracy(stages[-1], data):.3f} of them (the answer before the last stage: "
               f"{fit.accuracy({'rules': 1.0}, data):.3f}).")


@main.command("cite")
@click.argument("quote_id")
@click.option("--format", "fmt", type=click.Choice(cite_mod.FORMATS), default="text", show_default=True)
@config.option("INDEX_DIR")
@config.option("DATABASE_URL")
@config.option("BASE_URL")
def cite_cmd(quote_id, fmt, index_dir, database_url, base_url) -> None:
    """Print the citation of one quote."""
    try:
        with _engine(_settings(index_dir, database_url)).session() as session:
            found = session.quote(quote_id)
    except query.NoIndex as exc:
        raise click.ClickException(str(exc)) from None
    if not found:
        raise click.ClickException(f"no quote with id {quote_id!r}")
    _warn_without_base_url(base_url)
    click.echo(cite_mod.cite(found, fmt, base_url))


@main.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 50), default=3, show_default=True)
@config.option("INDEX_DIR")
@config.option("DATABASE_URL")
def check(text, limit, index_dir, database_url) -> None:
    """Check a quote as it circulates: the closest real quotes and what changed."""
    pasted = " ".join(text)
    try:
        with _engine(_settings(index_dir, database_url)).session() as session:
            verdict = compare.check(pasted, session.candidates(pasted), top=limit)
    except query.NoIndex as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Verdict: {verdict.verdict}")
    for record, match in verdict.matches:
        who = record.get("speaker") or "(unknown speaker)"
        click.echo(f"\n[{record['id']}] {who}: “{record['text']}”")
        click.echo(f"    — {record.get('title', '')} ({record.get('source') or 'source unknown'}"
                   f"{', ' + record['date'] if record.get('date') else ''})")
        click.echo(f"    {match.verdict} (score {match.score:.2f}): {match.summary}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless told).")
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", 5000)), show_default="5000 or $PORT")
@config.option("THREADS")
@config.option("CONNECTION_LIMIT")
@config.option("CHANNEL_TIMEOUT")
@config.option("TIME_BUDGET")
@config.option("LONG_WORKERS")
@config.option("INDEX_DIR")
@config.option("DATABASE_URL")
@config.option("DATABASE_READ_URL")
@config.option("BASE_URL")
@config.option("PROXIES")
def serve(host, port, threads, connection_limit, channel_timeout, time_budget, long_workers, index_dir, database_url,
          database_read_url, base_url, proxies) -> None:
    """Serve the web app with waitress, a production WSGI server."""
    import waitress

    from search.web.app import create_app

    settings = _settings(index_dir, database_url)
    app = create_app({"INDEX_DIR": index_dir, "BASE_URL": base_url, "PROXIES": proxies, "TIME_BUDGET": time_budget,
                      "LONG_WORKERS": long_workers, "THREADS": threads, "DATABASE_URL": settings["DATABASE_URL"],
                      "DATABASE_READ_URL": database_read_url})
    links = base_url or "the address each request comes in on"
    click.echo(f"Serving {_index_named(settings)} on http://{host}:{port}/ (links: {links})")
    try:
        waitress.serve(app, host=host, port=port, threads=threads, connection_limit=connection_limit,
                       # Stalled connections are looked for every cleanup_interval seconds, closed past
                       # channel_timeout.
                       channel_timeout=channel_timeout, cleanup_interval=max(1, min(30, channel_timeout // 2)),
                       # waitress refuses a body or header block past these before a thread sees the request.
                       max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
                       max_request_header_size=app.config["MAX_URL_LENGTH"] + 16384)
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        raise click.ClickException(f"port {port} on {host} is already in use (a server still running?): stop it, "
                                   "or serve on another port with --port N (PORT=N make run)") from None
