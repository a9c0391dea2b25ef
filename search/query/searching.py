"""Run one search request in a session: plan it, send it to a worker if long, rank, fold, count its facets."""
from __future__ import annotations

import math
from dataclasses import replace

from whoosh.collectors import SortingCollector
from whoosh.query import MultiTerm

from . import facets, hits, people, spelling
from .collect import CountingTop
from .parsing import QueryError, bound
from .request import SearchRequest
from .results import Facet, Results

HERE = object()  # what Session._away returns when a request is to be answered in this process

# A search that may match more than this share of the records, or pages deeper than this, is long: a worker
# process answers it (see worker.Workers), or it waits behind shorter ones here (see budget.Gate).
LONG_SHARE = 0.1
LONG_MATCHES = 20_000  # ... and more than this many records: on a small index nothing is long
LONG_DEPTH = 100
LONG_PAGE = 20  # ... and pages of more hits than this (a feed's 50): each hit is highlighted, 2-4 ms at 1M quotes


def search(session, request: SearchRequest, page_size: int = 10, fold: bool = True) -> Results:
    """Return one page of a request's highlighted hits with facet counts, and the request as run: its
    `speaker:` words moved to its speakers, and speakers given by name turned into keys."""
    request = request.lifted()
    if request.page < 1:
        request = replace(request, page=1)
    plan = session.parser.plan(request)
    away = dict(request=request, page_size=page_size, fold=fold)
    page = request.page
    # Known to be long from the words alone: reading the vocabulary for a wildcard is long work already, and
    # so are ranking past the first pages and highlighting a long page. Such a request goes to a worker before
    # opening anything here.
    if (page * page_size > LONG_DEPTH or page_size > LONG_PAGE
            or plan.has_words and any(isinstance(q, MultiTerm) for q in plan.words.leaves())):
        if (answer := session._away("search", away)) is not HERE:
            return answer
        session.budget.long()
    if request.speakers or request.exclude:
        request = session.resolved(request)
        plan = session.parser.plan(request)
    plan, named = people.who(session, plan, request)
    plan = bound(plan, session.searcher.reader(), session.limits, session.budget.left,
                 session.words.near if session.words else None)
    if plan.notices or session._many(plan.query(), plan.words, [plan.query(without=dim) for dim in plan.picked]):
        if (answer := session._away("search", away)) is not HERE:
            return answer
        session.budget.long()
    need = page * page_size
    window = session.limits.max_result_window
    if need > window:
        raise QueryError(f"pages reach the first {window:,} results and page {page} is past them: "
                         "add words or filters to narrow the search")
    run, shown = ranked(session, plan, need, fold)
    pages = max(1, math.ceil(min(run.matched, window) / page_size))
    if page > pages and run.matched and not run.cut:
        raise QueryError(f"page {page} is past the last page ({pages})")
    terms = plan.words if plan.has_words else None
    on_page = shown[(page - 1) * page_size:need]
    for h in on_page:
        session.records.remember(h.fields())  # read already: a page's citations of its hits read nothing again
    found = tuple(through_richest(hits.make_hit(h, terms), session.occurrences) for h in on_page)
    results = counted(session, request, plan, run, pages, found)
    return replace(results, people=tuple(Facet(n.key, n.name, n.count) for n in named[:people.SHOWN]))


def through_richest(hit, copies_of):
    """Show a quote found in several sources through its copy with the richest metadata; `copies_of(group)` gives
    the records of a group (any engine's)."""
    if hit.group_size < 2:
        return hit
    return hits.shown_through(hit, hits.richest(copies_of(hit.group)) or {"id": hit.id})


def ranked(session, plan, need: int, fold: bool):
    """Return the run of a plan's query and its best `need` hits, occurrences of one quote folded if asked."""
    limit = need * 2 if fold else need
    while True:
        # One pass scores (or sorts) the matches, keeps the best `limit` and notes every match for the total
        # and the facets: CountingTop never lets the N-th score drop a union's branch (see collect.py).
        # replace: Whoosh rebuilds the matcher tree every `replace` matches to drop finished terms, which
        # every 10 (its default) cost more than the matching itself for a wildcard's 50 words.
        child = (SortingCollector(plan.sortedby, limit=limit) if plan.sortedby
                 else CountingTop(limit, replace=1000))
        run = session.budget.run(session.searcher, plan.query(), child)
        results = run.results()
        shown = hits.fold(results, need) if fold else results[:need]
        # Occurrences of one quote fold into one hit, so a page may need more of the ranking.
        if len(shown) >= need or results.scored_length() >= run.matched or run.cut:
            return run, shown
        limit *= 4


def counted(session, request: SearchRequest, plan, run, pages: int, found) -> Results:
    """Return the results of a run: its page of hits, the facet counts of all its matches, a respelling."""
    counts, counted_short = facets.count(run, [dim for dim in facets.FACET_FIELDS if dim not in plan.picked],
                                         session.budget.left, session.stats)
    picked, picked_cut = facets.count_picked(session.searcher, plan, session.budget, session.stats)
    counts.update(picked)
    total = run.matched
    partial = run.cut or counted_short or picked_cut
    suggestion = spelling.suggest(session.words, request.text) if not total and plan.has_words and not partial else ""
    return Results(request, total, pages, found,
                   facets.speaker_facets(counts["speaker"], request.speakers, session.speaker_names),
                   sources=facets.plain_facets(counts["source"], request.sources),
                   months=facets.month_facets(counts["month"]),
                   excluded=facets.speaker_facets({}, request.exclude, session.speaker_names),
                   suggestion=suggestion, partial=partial, notices=plan.notices)
