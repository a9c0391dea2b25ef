"""Fit the weights that choose a quote's speaker among its candidates, from annotated stories.

A conditional logit: each quote's candidates compete in one softmax, and the weights make the
annotated speaker likely. Fitted by L-BFGS in pure Python with an L2 penalty, in a fixed order from
fixed starting weights, so that the same data always gives the same file.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..attribution import attribute, choose
from ..text import paragraphs, quotes
from . import scoring
from .calibration import match_span

TABLE = Path(__file__).resolve().parent.parent / "data" / choose.FILE  # search/data, beside the word tables
L2 = 10.0  # the penalty on the squared weights, chosen on a fifth of train held out (1, 3 and 10 tried)
ITERATIONS = 200
MEMORY = 10  # L-BFGS: how many past steps shape the next

Group = tuple[tuple[tuple[tuple[str, float], ...], ...], int]  # each candidate's features, and which one is right


STAGES = 2  # the second stage sees the turns around each line as the first one named them


def fit_stages(articles: Sequence[Mapping], referents: Mapping | None = None, count: int = STAGES,
               l2: float = L2) -> tuple[list[dict[str, float]], list[Group]]:
    """Return the fitted stages of weights, each learned from the candidates the stages before it leave, and the
    last stage's training groups."""
    stages: list[dict[str, float]] = []
    data: list[Group] = []
    for _ in range(count):
        data = groups(articles, referents, stages)
        if not data:
            break
        stages.append(fit(data, l2=l2))
    return stages, data


def groups(articles: Iterable[Mapping], referents: Mapping | None = None, stages: list | None = None) -> list[Group]:
    """Return the candidates of every annotated quote whose speaker is among them and among others, as the rules and
    the given `stages` of weights leave them."""
    out: list[Group] = []
    for article in articles:
        text = article["text"]
        paras = paragraphs.split(text)
        spans = quotes.find(text, paras)
        proposed: dict = {}
        attribute(article["id"], text, paras, spans, article.get("genre") or "", proposed=proposed,
                  weights=list(stages or ()))
        for gold in article.get("quotes", ()):
            if gold.get("type") != "direct" or gold.get("inner_start") is None:
                continue
            span = match_span(spans, gold["inner_start"], gold["inner_end"])
            names = [n for n in scoring.gold_names(article, gold, referents or {}) if scoring.name_words(n)]
            candidates = proposed.get(span) if span is not None else None
            if not candidates or not names or len(candidates) < 2:
                continue
            right = [any(scoring.name_words(c.name) & scoring.name_words(n) for n in names) for c in candidates]
            if not any(right):
                continue
            target = right.index(True)
            # Another candidate also right (two forms of one name) is neither the answer nor a wrong one.
            kept = [c for k, c in enumerate(candidates) if k == target or not right[k]]
            if len(kept) >= 2:
                out.append((tuple(tuple(sorted(c.features.items())) for c in kept), kept.index(candidates[target])))
    return out


def fit(data: list[Group], l2: float = L2, iterations: int = ITERATIONS) -> dict[str, float]:
    """Return the weights that maximise the penalised likelihood of the right candidates."""
    names = sorted({f for cands, _ in data for c in cands for f, _ in c})
    index = {f: k for k, f in enumerate(names)}
    compiled = _compile(data, index)
    w = _lbfgs(lambda v: _loss(v, compiled, l2), [0.0] * len(names), iterations)
    return {f: round(w[k], 6) for k, f in enumerate(names)}


def _compile(data: list[Group], index: dict[str, int]) -> list[tuple[list[list[tuple[int, float]]], int, int]]:
    """Return the groups with features as indices, identical groups merged with their count."""
    counted: dict = {}
    for cands, target in data:
        counted[(cands, target)] = counted.get((cands, target), 0) + 1
    return [([[(index[f], v) for f, v in c] for c in cands], target, n) for (cands, target), n in counted.items()]


def _loss(w: list[float], data, l2: float) -> tuple[float, list[float]]:
    """Return the negative penalised log-likelihood and its gradient."""
    loss = 0.5 * l2 * sum(x * x for x in w)
    grad = [l2 * x for x in w]
    for cands, target, n in data:
        scores = [sum(w[k] * v for k, v in c) for c in cands]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        loss += n * (math.log(total) + top - scores[target])
        for c, e in zip(cands, exps):
            p = n * e / total
            for k, v in c:
                grad[k] += p * v
        for k, v in cands[target]:
            grad[k] -= n * v
    return loss, grad


def _lbfgs(func, w: list[float], iterations: int) -> list[float]:
    """Minimise `func` (returning value and gradient) from `w` by L-BFGS with a backtracking line search."""
    value, grad = func(w)
    history: list[tuple[list[float], list[float], float]] = []
    for _ in range(iterations):
        direction = _two_loop(grad, history)
        slope = _dot(grad, direction)
        if slope >= 0:  # not a descent direction: start the memory afresh along the gradient
            history.clear()
            direction = [-g for g in grad]
            slope = _dot(grad, direction)
        step, accepted = 1.0, None
        for _ in range(30):
            trial = [x + step * d for x, d in zip(w, direction)]
            new_value, new_grad = func(trial)
            if new_value <= value + 1e-4 * step * slope:
                accepted = (trial, new_value, new_grad)
                break
            step /= 2
        if accepted is None:
            break
        trial, new_value, new_grad = accepted
        s = [a - b for a, b in zip(trial, w)]
        y = [a - b for a, b in zip(new_grad, grad)]
        sy = _dot(s, y)
        if sy > 1e-10:
            history.append((s, y, 1.0 / sy))
            del history[:-MEMORY]
        converged = value - new_value < 1e-9 * max(1.0, abs(value))
        w, value, grad = trial, new_value, new_grad
        if converged:
            break
    return w


def _two_loop(grad: list[float], history) -> list[float]:
    """Return the L-BFGS search direction: the gradient turned by the remembered curvature."""
    q = list(grad)
    alphas = []
    for s, y, rho in reversed(history):
        a = rho * _dot(s, q)
        alphas.append(a)
        q = [qi - a * yi for qi, yi in zip(q, y)]
    if history:
        s, y, _ = history[-1]
        gamma = _dot(s, y) / _dot(y, y)
        q = [gamma * qi for qi in q]
    for (s, y, rho), a in zip(history, reversed(alphas)):
        b = rho * _dot(y, q)
        q = [qi + (a - b) * si for qi, si in zip(q, s)]
    return [-qi for qi in q]


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b))


def accuracy(weights: dict[str, float], data: list[Group]) -> float:
    """Return the share of groups whose right candidate the weights rank first."""
    right = 0
    for cands, target in data:
        scores = [sum(weights.get(f, 0.0) * v for f, v in c) for c in cands]
        right += max(range(len(scores)), key=lambda k: (scores[k], -k)) == target
    return right / len(data) if data else 0.0


def write(stages: list[dict[str, float]], sources: list[str], quotes_seen: int, path: Path = TABLE) -> dict:
    """Write the weights file (each stage's features and weights in one fixed order) and return it."""
    table = {
        "about": "Weights that choose a quote's speaker among its candidates, stage by stage, fitted by "
                 "`search fit-speakers`.",
        "sources": sources,
        "quotes": quotes_seen,
        "l2": L2,
        "stages": [{"features": sorted(w), "weights": [w[f] for f in sorted(w)]} for w in stages],
    }
    path.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    choose.reload()
    return table
