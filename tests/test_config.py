from pathlib import Path

import click
from click.testing import CliRunner

from search import config


def test_env_var_overrides_default(monkeypatch, tmp_path):
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path))
    assert config.defaults()["INDEX_DIR"] == tmp_path


def test_option_uses_env_and_flag(monkeypatch, tmp_path):
    @click.command()
    @config.option("INDEX_DIR")
    def show(index_dir):
        click.echo(str(index_dir))

    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "env"))
    assert CliRunner().invoke(show, []).output.strip() == str(tmp_path / "env")
    assert CliRunner().invoke(show, ["--index-dir", "x"]).output.strip() == "x"
    monkeypatch.delenv("SEARCH_INDEX_DIR")
    assert Path(CliRunner().invoke(show, []).output.strip()) == config.ROOT / "index"
