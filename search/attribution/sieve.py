"""The reading rules as an ordered sieve: each one a function from a quote's context to an attribution or nothing."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from ..text.quotes import Span
from . import rules
from .cues import is_cue
from .rules import Attribution


@dataclass(frozen=True)
class Context:
    """A quote and the paragraph it stands in: `masked` is the paragraph with its quotes blanked out,
    starting at document offset `offset`, and `bounds` are its sentences (offsets into `masked`)."""

    text: str
    masked: str
    offset: int
    bounds: tuple[tuple[int, int], ...]
    span: Span

    @cached_property
    def rel(self) -> int:
        return self.span.open_at - self.offset

    @cached_property
    def sentence_start(self) -> int:
        """Return where the quote's sentence starts, as an offset into `masked`."""
        return next((a for a, b in self.bounds if a <= self.rel < b), 0)

    @cached_property
    def lead(self) -> str:
        """Return the words of the quote's sentence before it, quotes blanked."""
        return self.masked[self.sentence_start:self.rel]

    @cached_property
    def reads_after(self) -> bool:
        """Say whether the quote's line may end on an attribution after it: a comma, a dash, no full stop."""
        text, span = self.text, self.span
        inner = text[span.start:span.end].rstrip()
        return inner.endswith((",", "?", "!", "—", "–", "-")) or not inner.endswith((".", "…")) \
            or span.open_ended is False and text[span.close_at:span.close_at + 1] in (",", "—") \
            or text[span.close_at:span.close_at + 3].lstrip()[:1] in ("—", "―", "–", "-")

    @cached_property
    def after(self) -> tuple[list, bool]:
        """Return the words after the quote in its sentence, and whether its line ended there."""
        return rules.after_tokens(self.text, self.masked, self.offset, self.span, list(self.bounds))

    @cached_property
    def before(self) -> list:
        """Return the words of the quote's sentence before it."""
        return rules.before_tokens(self.masked, self.offset, self.offset + self.sentence_start, self.span)


def signature(ctx: Context) -> Attribution | None:
    """“…” ― Sonya Herridge."""
    return rules.signature(ctx.after[0], ctx.text) if ctx.reads_after else None


def owner(ctx: Context) -> Attribution | None:
    """“…,” was Edmund's only reply."""
    return rules.owner_of_speech(rules.trimmed(ctx.after[0]), ctx.text) if ctx.reads_after else None


def according_after(ctx: Context) -> Attribution | None:
    """“…,” according to X."""
    return rules.according_after(rules.trimmed(ctx.after[0]), ctx.text) if ctx.reads_after else None


def passive_by(ctx: Context) -> Attribution | None:
    """The bill was called “a disaster” by Senator Jane Smith."""
    if not ctx.reads_after:
        return None
    return rules.passive_by(rules.trimmed(ctx.after[0]), ctx.text, ctx.masked, ctx.offset, ctx.span)


def as_after(ctx: Context) -> Attribution | None:
    """The “new Gannett,” as Reed dubbed the combination / “…,” as Trump put it."""
    toks = rules.trimmed(ctx.after[0])
    return rules.as_after(toks, ctx.text) if toks and toks[0].text == "as" else None


def colon_before(ctx: Context) -> Attribution | None:
    """She cheerfully inquired: “…?” Matthew said: a line its sentence introduces with a colon is that sentence's."""
    if not ctx.lead.rstrip().endswith(":"):
        return None
    toks = rules.trimmed(ctx.after[0]) if ctx.reads_after else []
    if any(is_cue(toks, k, after_quote=True) for k in range(min(len(toks), 3))):
        return None  # “…,” said the union: a cue right after the line names its speaker all the same
    return rules.label(ctx.before, ctx.text) or rules.cue_before(ctx.before, ctx.text)


def cue_after(ctx: Context) -> Attribution | None:
    """“…,” X said / said X."""
    toks, ended = ctx.after
    return rules.cue_after(rules.trimmed(toks), ctx.text, ended) if ctx.reads_after else None


def label(ctx: Context) -> Attribution | None:
    """Bush: “…”."""
    return rules.label(ctx.before, ctx.text)


def cue_before(ctx: Context) -> Attribution | None:
    """X said: “…”, X told AFP “…”, According to X, … “…”, X is described as “…” in Y."""
    return rules.cue_before(ctx.before, ctx.text)


def colon(ctx: Context) -> Attribution | None:
    """Clinton has since apologized for what happened: “…”: a colon hands the quote to the subject."""
    if not ctx.lead.rstrip().endswith(":"):
        return None
    return rules.introducer(ctx.text, ctx.masked, ctx.offset, ctx.offset + ctx.sentence_start, ctx.span.open_at)


def cue_ends_sentence(ctx: Context) -> Attribution | None:
    """Or maybe Jeb Bush, consultant Phil Musser says. “…”: a sentence ending on its cue introduces the quote."""
    if ctx.lead.strip() or ctx.sentence_start <= 0:
        return None
    a = next((a for a, b in ctx.bounds if b == ctx.sentence_start), None)
    if a is None:
        return None
    return rules.attribute_final(ctx.text, ctx.masked, ctx.offset, ctx.offset + a, ctx.offset + ctx.sentence_start)


def fragment(ctx: Context) -> Attribution | None:
    """X warned that Y “will not sit on our hands”: the subject of the clause's verb of saying or stance."""
    return rules.attribute_fragment(ctx.text, ctx.masked, ctx.offset, ctx.offset + ctx.sentence_start, ctx.span)


# The order the rules are tried in; the first that finds an attribution decides.
SIEVE: tuple[Callable[[Context], Attribution | None], ...] = (
    signature, owner, according_after, passive_by, as_after, colon_before, cue_after, label, cue_before, colon,
    cue_ends_sentence,
    fragment,
)


def attribute_span(text: str, masked: str, offset: int, bounds, span: Span) -> Attribution | None:
    """Return the attribution the first rule of the sieve finds for one quote, or None."""
    ctx = Context(text, masked, offset, tuple(bounds), span)
    for rule in SIEVE:
        found = rule(ctx)
        if found is not None:
            return found
    return None
