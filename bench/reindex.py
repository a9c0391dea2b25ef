"""Time `search reindex` against raw Whoosh indexing the same paragraphs, in the same run.

Usage: .venv/bin/python bench/reindex.py [--corpus PATH] [--jobs N] [--repeat N] [--profile]

Baseline: one process indexes every paragraph of the corpus (split as the indexer splits them) into
a raw Whoosh index with one stemmed TEXT field and nothing else. Ours: the `search reindex CORPUS
--index-dir TMP --jobs N` command line in a subprocess (extraction, paragraphs, quotes, speakers,
groups, every field, the generation swap). Both run as child processes, alternately, `--repeat`
times; the figures are medians of wall time, and the ratio is ours over the baseline's (target
<= 1.2). --profile also prints a cProfile of one in-process reindex with --jobs 1. --instructions counts, instead,
the instructions each side executes (valgrind's cachegrind, if installed; ours with --jobs 1, about 10 minutes):
a figure that a busy machine does not move, though it leaves out system calls and the second core.
Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from _common import PYTHON, SEARCH, TRAIN, baseline_index, median, run_measured

TARGET = 1.2


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=TRAIN)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--baseline-child", nargs=2, metavar=("CORPUS", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline_child:
        print(baseline_index(Path(args.baseline_child[0]), Path(args.baseline_child[1])), "paragraphs")
        return
    corpus = args.corpus.resolve()
    if args.instructions:
        instructions(corpus)
        return
    base, ours = [], []
    with tempfile.TemporaryDirectory(prefix="bench-reindex-") as tmp:
        for i in range(args.repeat):
            b = run_measured([PYTHON, __file__, "--baseline-child", str(corpus), f"{tmp}/base{i}"])
            o = run_measured([SEARCH, "reindex", str(corpus), "--index-dir", f"{tmp}/ours{i}",
                              "--jobs", str(args.jobs)])
            if b.returncode or o.returncode:
                sys.exit(f"a run failed:\n{b.stdout}\n{o.stdout}")
            base.append(b)
            ours.append(o)
            print(f"round {i + 1}: baseline {b.wall:.2f} s ({b.cpu:.2f} s CPU), ours {o.wall:.2f} s "
                  f"({o.cpu:.2f} s CPU), ratio {o.wall / b.wall:.2f}", flush=True)
    print(f"baseline: {base[-1].stdout.strip()}; ours: {ours[-1].stdout.strip().splitlines()[-1]}")
    b_wall, o_wall = median([m.wall for m in base]), median([m.wall for m in ours])
    b_cpu, o_cpu = median([m.cpu for m in base]), median([m.cpu for m in ours])
    ratio = o_wall / b_wall
    print(f"median wall: baseline {b_wall:.2f} s, ours {o_wall:.2f} s (--jobs {args.jobs}): "
          f"ratio {ratio:.2f} vs target <= {TARGET} -> {'met' if ratio <= TARGET else 'NOT met'}")
    print(f"median CPU:  baseline {b_cpu:.2f} s, ours {o_cpu:.2f} s: ratio {o_cpu / b_cpu:.2f} (all processes)")
    print(f"peak memory: baseline {median([m.tree_rss_mb for m in base]):.0f} MB, "
          f"ours {median([m.tree_rss_mb for m in ours]):.0f} MB (summed over the process tree)")
    if args.profile:
        profile(corpus)


def instructions(corpus: Path) -> None:
    """Print the instructions raw Whoosh and our reindex (--jobs 1) execute on the corpus, and their ratio."""
    import re
    import shutil
    import subprocess

    if not shutil.which("valgrind"):
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    counted = {}
    with tempfile.TemporaryDirectory(prefix="bench-reindex-") as tmp:
        for side, cmd in (("baseline", [PYTHON, __file__, "--baseline-child", str(corpus), f"{tmp}/base"]),
                          ("ours", [SEARCH, "reindex", str(corpus), "--index-dir", f"{tmp}/ours", "--jobs", "1"])):
            run = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                                  *cmd], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
            if run.returncode or not found:
                sys.exit(f"{side} failed under valgrind:\n{run.stderr[-2000:]}")
            counted[side] = int(found.group(1).replace(",", ""))
            print(f"{side}: {counted[side] / 1e9:.1f} billion instructions", flush=True)
    print(f"ratio {counted['ours'] / counted['baseline']:.2f} (ours, one process, over raw Whoosh)")


def profile(corpus: Path) -> None:
    """Print where one in-process reindex with one job spends its time."""
    import cProfile
    import pstats

    from search.index import build as indexer

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        prof = cProfile.Profile()
        prof.runcall(indexer.reindex, [corpus], tmp, jobs=1)
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
