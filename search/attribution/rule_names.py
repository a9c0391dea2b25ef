"""The names of the reading rules: one enumeration that attribution, confidence and calibration share."""
from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    """A reading rule an attribution rests on; its value is the name calibration.json counts it under."""

    # Next to the quote, tried in the order of sieve.SIEVE.
    SIGNATURE = "signature"  # “…” ― Sonya Herridge
    OWNER = "owner"  # “…,” was Edmund's only reply
    ACCORDING = "according"  # “…,” according to X / According to X, “…”
    PASSIVE = "passive"  # called “…” by Senator Smith / X is described as “…”
    CUE_AFTER = "cue-after"  # “…,” X said / said X
    LABEL = "label"  # Bush: “…”
    CUE_BEFORE = "cue-before"  # X said: “…” / X told AFP “…”
    COLON = "colon"  # X issued a statement: “…”
    CUE_ENDS_SENTENCE = "cue-ends-sentence"  # …, consultant Phil Musser says. “…”
    FRAGMENT = "fragment"  # X warned that Y “will not sit on our hands”
    # From the text around the quote (inherit.INHERITANCE).
    CONTINUED = "continued"  # the rest of an attributed quote
    NEIGHBOUR = "neighbour"  # a quote-only paragraph next to an attributed one
    INTRODUCED = "introduced"  # the paragraph before ends "… said:"
    SENTENCE_BEFORE = "sentence-before"  # The cell, Herbert said, is … “…”
    ECHO = "echo"  # a heading repeating an attributed quote
    RETROSPECT = "retrospect"  # “…,” was how Ford put it / … “…”. That's the view of X
    # Lines of a conversation (dialogue.fill).
    BEAT = "beat"
    SILENCE = "silence"
    AGREED = "agreed"
    ADDRESSED = "addressed"
    ALTERNATION = "alternation"
    # Chosen among the candidates by fitted weights (choose.py), where the rules' answer lost.
    LEARNED = "learned"


# Rules that find a cue right next to the quote itself; anything else is inherited or guessed.
OWN_CUE_RULES = frozenset({Rule.CUE_BEFORE, Rule.CUE_AFTER, Rule.OWNER, Rule.LABEL, Rule.SIGNATURE, Rule.ACCORDING,
                           Rule.CUE_ENDS_SENTENCE, Rule.COLON, Rule.PASSIVE, Rule.INTRODUCED, Rule.FRAGMENT})
