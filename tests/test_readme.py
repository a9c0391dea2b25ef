"""The README names only commands that exist: every `search` verb and option it shows, every make target."""
from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from search.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
_FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)
_INLINE = re.compile(r"`((?:\.venv/bin/)?search [^`]+|make [^`]+)`")


def commands(text: str) -> list[str]:
    """Return the shell commands a Markdown text shows: prompts in console blocks, sh lines, inline code."""
    found = []
    for lang, body in _FENCE.findall(text):
        for line in body.splitlines():
            if lang == "console" and line.startswith("$ "):
                found.append(line[2:])
            elif lang == "sh" and line.strip() and not line.lstrip().startswith("#"):
                found.append(line)
    found.extend(_INLINE.findall(_FENCE.sub("", text)))
    return found


def invocations(command: str) -> list[list[str]]:
    """Return each `search` or `make` call in a command line as its words, after the program's name."""
    calls = []
    for part in re.split(r"&&|;|\|", command.split(" #")[0]):
        try:
            words = shlex.split(part)
        except ValueError:
            words = part.split()
        while words and "=" in words[0]:  # PORT=8080 make run
            words = words[1:]
        if words and words[0] in ("cd",):
            continue
        if words and words[0].rsplit("/", 1)[-1] in ("search", "make"):
            calls.append([words[0].rsplit("/", 1)[-1], *words[1:]])
    return calls


CALLS = [call for command in commands(README) for call in invocations(command)]


def test_the_readme_shows_search_and_make_commands():
    programs = {call[0] for call in CALLS}
    assert programs == {"search", "make"}
    assert len(CALLS) > 15


@pytest.mark.parametrize("call", [c for c in CALLS if c[0] == "search" and len(c) > 1],
                         ids=lambda c: " ".join(c[:3]))
def test_every_search_command_in_the_readme_exists_with_its_options(call):
    verb = call[1]
    shown = CliRunner().invoke(main, [verb, "--help"])
    assert shown.exit_code == 0, f"the README names `search {verb}`, which does not exist"
    for word in call[2:]:
        option = word.split("=", 1)[0]
        if option.startswith("--"):
            assert option in shown.output, f"the README gives `search {verb}` the option {option}, which it lacks"


@pytest.mark.parametrize("call", [c for c in CALLS if c[0] == "make"], ids=lambda c: " ".join(c))
def test_every_make_target_in_the_readme_exists(call):
    for target in (w for w in call[1:] if not w.startswith("-") and "=" not in w):
        assert re.search(rf"^{re.escape(target)}:", MAKEFILE, re.M), f"the README names `make {target}`"


def test_a_command_that_does_not_exist_is_caught():
    (call,) = invocations(".venv/bin/search update examples/ferry-fares.txt")
    assert CliRunner().invoke(main, [call[1], "--help"]).exit_code != 0
    assert invocations("search reindex DIR && search serve") == [["search", "reindex", "DIR"], ["search", "serve"]]


def examples() -> list[tuple[str, str]]:
    """Return the README's console examples: each command and the output it shows."""
    pairs = []
    for lang, body in _FENCE.findall(README):
        if lang != "console":
            continue
        for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command.split(" #")[0].strip(), output.strip("\n")))
    return pairs


def _same(text: str) -> str:
    """Return output with what changes run to run (seconds taken, the index's folder) made alike."""
    return re.sub(r" into \S+ in \d+\.\d s;", " into INDEX in N s;", text).strip()


def test_every_console_example_in_the_readme_prints_what_it_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "index"))
    ran = 0
    for command, expected in examples():
        (call,) = invocations(command)
        if call[:2] == ["search", "serve"]:
            continue
        result = CliRunner().invoke(main, call[1:])
        assert _same(result.output) == _same(expected), f"$ {command}"
        ran += 1
    assert ran >= 5
