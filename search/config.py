"""Settings, declared once and fed to both the Flask config and the click options."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One setting: its config name, default, help text and environment variable."""

    name: str
    default: object
    help: str
    env: str

    def value(self):
        """Return the setting's value: the environment variable if set, else the default."""
        raw = os.environ.get(self.env)
        if raw is None or raw == "":
            return self.default
        return type(self.default)(raw) if not isinstance(self.default, Path) else Path(raw)

    @property
    def flag(self) -> str:
        return "--" + self.name.lower().replace("_", "-")


SETTINGS = {
    s.name: s
    for s in (
        Setting("INDEX_DIR", ROOT / "index", "Folder of the on-disk index.", "SEARCH_INDEX_DIR"),
        Setting("SEEDS_DIR", ROOT / "seeds", "Corpus indexed when reindex is given no path.", "SEARCH_SEEDS_DIR"),
        Setting("PAGE_SIZE", 10, "Results per page.", "SEARCH_PAGE_SIZE"),
        Setting("MAX_QUERY_LENGTH", 500, "Longest query accepted, in characters.", "SEARCH_MAX_QUERY_LENGTH"),
        Setting("BASE_URL", "", "Public address of the server (https://quotes.example.org), used in every absolute "
                "link: permalinks, citations, feeds. Empty: the address each request came in on.", "SEARCH_BASE_URL"),
        Setting("PROXIES", 0, "Reverse proxies in front of the server whose X-Forwarded-For, -Proto, -Host, -Port "
                "and -Prefix headers are trusted for that address (0: none; never more than there are).",
                "SEARCH_PROXIES"),
    )
}


def defaults() -> dict:
    """Return every setting's current value, keyed by config name."""
    return {name: setting.value() for name, setting in SETTINGS.items()}


def option(name: str):
    """Return a click option for a setting, defaulting to its environment variable or default."""
    setting = SETTINGS[name]
    kind = click.Path(path_type=Path) if isinstance(setting.default, Path) else type(setting.default)
    return click.option(setting.flag, name.lower(), type=kind, default=setting.value, show_default=str(setting.default),
                        help=f"{setting.help} [env: {setting.env}]")
