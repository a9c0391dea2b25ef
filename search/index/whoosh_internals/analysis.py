"""Analyse field values into postings as Whoosh's analyzers would, without their generator chains (Whoosh 2.7.4)."""
from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import (CharsetFilter, CompositeAnalyzer, IDTokenizer, LowercaseFilter, RegexTokenizer, StemFilter,
                             StopFilter)
from whoosh.fields import FieldType
from whoosh.formats import Existence, Positions

# Whoosh's default token pattern, with its group made non-capturing so that findall returns whole matches.
_DEFAULT_PATTERNS = {r"\w+(\.?\w+)*": r"\w+(?:\.?\w+)*"}


def fast_postings(schema) -> dict:
    """Return, for each field whose analysis is one Whoosh does in a known way, a function from a string
    value to the (term bytes, frequency, weight, value bytes) items `FieldType.index` would give."""
    out = {}
    for name, field in schema.items():
        fmt, analyzer = field.format, getattr(field, "analyzer", None)
        if type(field).index is not FieldType.index:
            continue  # NUMERIC, DATETIME, BOOLEAN encode their values themselves
        if type(fmt) is Existence and type(analyzer) is IDTokenizer:
            out[name] = _id_postings(fmt.field_boost)
        elif type(fmt) is Positions and analyzer is not None and _plain_stemming(analyzer):
            out[name] = _text_postings(fmt, *analyzer.items)
        elif type(fmt) is Positions and analyzer is not None and _plain_folding(analyzer):
            tokenizer, _lower, charset, stop = analyzer.items
            out[name] = _text_postings(fmt, tokenizer, _lower, stop, charmap=charset.charmap)
    return out


def _plain_stemming(analyzer) -> bool:
    """Say whether an analyzer is StemmingAnalyzer's chain: regex tokenizer, lower case, stop words, stems."""
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
        return False
    tokenizer, lower, stop, stem = analyzer.items
    return (type(tokenizer) is RegexTokenizer and not tokenizer.gaps and type(lower) is LowercaseFilter
            and type(stop) is StopFilter and stop.renumber and type(stem) is StemFilter and not stem.lang)


def _plain_folding(analyzer) -> bool:
    """Say whether an analyzer is the names' chain: regex tokenizer, lower case, accents folded, stop words."""
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
        return False
    tokenizer, lower, charset, stop = analyzer.items
    return (type(tokenizer) is RegexTokenizer and not tokenizer.gaps and type(lower) is LowercaseFilter
            and type(charset) is CharsetFilter and type(stop) is StopFilter and stop.renumber)


def _id_postings(boost: float):
    # Existence.word_values over IDTokenizer (2.7.4): the whole value is the one term, frequency 1.
    def postings(value: str):
        return ((value.encode("utf-8"), 1, boost, b""),)
    return postings


@lru_cache(maxsize=None)
def _cached(stemfn):
    """Return a stemming function with a cache shared by every writer of this process."""
    return lru_cache(maxsize=65536)(stemfn)  # the stemmer is pure: caching changes no stem


def _text_postings(fmt: Positions, tokenizer: RegexTokenizer, _lower, stop: StopFilter,
                   stemmer: StemFilter | None = None, charmap=None):
    # Positions.word_values over RegexTokenizer | LowercaseFilter | StopFilter | StemFilter (2.7.4), or over
    # RegexTokenizer | LowercaseFilter | CharsetFilter | StopFilter (no stems, accents folded by the charmap):
    # a word's position is its match number, except that after the first kept word StopFilter numbers
    # the kept words one by one; each term's weight is its count (every token's boost is 1.0).
    pattern = tokenizer.expression
    pattern = re.compile(_DEFAULT_PATTERNS[pattern.pattern], pattern.flags) \
        if pattern.pattern in _DEFAULT_PATTERNS else None
    finditer = tokenizer.expression.finditer
    stops, minsize, maxsize = stop.stops, stop.min, stop.max
    ignore = stemmer.ignore if stemmer is not None else ()
    stem = _cached(stemmer.stemfn) if stemmer is not None else None
    boost, encode = fmt.field_boost, fmt.encode

    def postings(value: str):
        words = pattern.findall(value) if pattern is not None else [m.group(0) for m in finditer(value)]
        positions: dict[str, list[int]] = {}
        pos = None
        for i, word in enumerate(words):
            word = word.lower()
            if charmap is not None:
                word = word.translate(charmap)
            if len(word) >= minsize and (maxsize is None or len(word) <= maxsize) and word not in stops:
                pos = i if pos is None else pos + 1
                if stem is not None and word not in ignore:
                    word = stem(word)
                found = positions.get(word)
                if found is None:
                    positions[word] = [pos]
                else:
                    found.append(pos)
        return [(word.encode("utf-8"), len(found), float(len(found)) * boost, encode(found))
                for word, found in positions.items()]
    return postings
