"""Score a match in SQL as Whoosh's BM25F does: each word by its rarity, how often it occurs, how short the text is."""
from __future__ import annotations

import math
from dataclasses import dataclass

from psycopg import sql

from ...index.schema import PARAGRAPH, QUOTE
from .schema import SEARCHED

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
MOST_TERMS = 12  # words scored one by one: a wildcard's further words still match, but rank as the first twelve do
SAMPLE_ROWS = 20_000  # rows an average length is read from: every row of a small index, a sample of a large one
# ts_rank(tsv, word, 0) is 0.1 × Σ 1/j² (j = 1 … tf) ÷ π²/6 for a word a text holds tf times, and 1 / (π²/6 - Σ)
# is tf + ½ to within a rounding: so the word's frequency, which a tsvector does not give otherwise, is read back
# exactly (checked up to the 255 places a tsvector keeps of a word); NULL where the word is absent.
FREQUENCY = ("round(1.0::float8 / (1.644934::float8 - 16.44934::float8 * "
             "nullif(ts_rank({column}, search_term(%s), 0), 0)) - 0.5::float8)")


@dataclass(frozen=True)
class Collection:
    """What BM25F weighs the words of one record type by: the records of the whole index (Whoosh counts documents,
    paragraphs and quotes alike), the type's average words per record over all of them, and how many hold a word."""

    records: int
    average_length: float
    holding: dict[str, int]

    def idf(self, term: str) -> float:
        """Return Whoosh's inverse document frequency of a word."""
        return math.log(self.records / (self.holding.get(term, 0) + 1)) + 1


def score(terms: list[str], collection: Collection, column: str = "tsv",
          boost: float = 1.0) -> tuple[sql.Composable, list[str]]:
    """Return the SQL of a match's BM25F score over the words searched in a tsvector column, and its parameters."""
    # K1 × (1 - B + B × length / average): the record's length, the same for every word.
    # float8 throughout: a numeric literal would make every match's arithmetic numeric, several times slower.
    length = sql.SQL("{}::float8 * length({})").format(sql.Literal(K1 * B / max(collection.average_length, 1e-9)),
                                               sql.Identifier(column))
    shorter = sql.SQL("({}::float8 + {})").format(sql.Literal(K1 * (1 - B)), length)
    frequency = sql.SQL(FREQUENCY).format(column=sql.Identifier(column))
    kept = list(terms[:MOST_TERMS])
    if not kept:
        return sql.SQL("0"), []
    parts = [sql.SQL("coalesce({}::float8 / (1 + {} / {}), 0)").format(
        sql.Literal(boost * collection.idf(t) * (K1 + 1)), shorter, frequency) for t in kept]
    return sql.SQL("({})").format(sql.SQL(" + ").join(parts)), kept


def lengths(run, tables: dict, counts: dict) -> tuple[int, dict[tuple[str, str], float]]:
    """Return the records of the whole index and, for each record type and tsvector column, its words per record
    averaged over all of them, as Whoosh averages a field's length; `run` runs a statement, `counts` is the
    overview's."""
    records = max(1, counts["documents"] + counts["paragraphs"] + counts["quotes"])
    found = {}
    for kind, columns in ((PARAGRAPH, ("tsv",)), (QUOTE, ("tsv", "near"))):
        rows = counts[kind + "s"]
        query, params = average_lengths(tables[SEARCHED[kind + "s"]], columns, rows)
        averages = run(query, params, timed=False)[0]
        found.update({(kind, c): float(a) * rows / records for c, a in zip(columns, averages)})
    return records, found


def average_lengths(table: sql.Composable, columns: tuple[str, ...], rows: int) -> tuple[sql.Composable, tuple]:
    """Return the SQL of a table's average words per record in each tsvector column (read from a fixed sample past
    SAMPLE_ROWS rows: an average, read once per generation, need not visit a million rows)."""
    share = min(100.0, 100.0 * SAMPLE_ROWS / max(rows, 1))
    averages = sql.SQL(", ").join(sql.SQL("coalesce(avg(length({})), 0)").format(sql.Identifier(c)) for c in columns)
    if share >= 100.0:
        return sql.SQL("SELECT {} FROM {}").format(averages, table), ()
    return sql.SQL("SELECT {} FROM {} TABLESAMPLE SYSTEM (%s) REPEATABLE (0)").format(averages, table), (share,)
