"""Every setting in one registry; the only module that reads the environment.

Each setting has a name, a default, a help text and an environment variable
(``EXCURSIONS_<NAME>``). Secrets may also come from ``.streamlit/secrets.toml``
under the same lower-case name. Precedence: environment, then secrets, then default.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from excursions.errors import ExcursionsError

ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "EXCURSIONS_"


class SettingError(ExcursionsError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper()


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else ROOT / path


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be a whole number above 0")
    return number


def _bool(value: str) -> bool:
    word = value.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false")


SETTINGS: tuple[Setting, ...] = (
    Setting("routes_dir", ROOT / "data" / "routes", "Folder of route files (*.geojson).", _path),
    Setting("event_file", ROOT / "data" / "event.toml", "The event description (TOML).", _path),
    Setting(
        "data_dir",
        ROOT / "var",
        "Folder for the SQLite database and other files the app writes (git-ignored).",
        _path,
    ),
    Setting(
        "database_url",
        "",
        "SQLAlchemy URL of the database, e.g. postgresql+psycopg://user:pw@host/db; "
        "empty: a SQLite file in data_dir.",
        secret=True,
    ),
    Setting(
        "organiser_password_hash",
        "",
        "Salted hash of the organiser password; make it with `excursions hash-password`. "
        "Empty: the organiser page shows no personal data.",
        secret=True,
    ),
    Setting(
        "mail_url",
        "",
        "Where mail goes: smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465, "
        "smtp+plain://host:25 (no encryption), or file:///folder; empty: .eml files in "
        "<data_dir>/outbox. Add ?cafile=/path/ca.pem to trust a private certificate authority.",
        secret=True,
    ),
    Setting(
        "mail_retry_seconds",
        30,
        "Wait before trying a failed mail again; doubles with each try, up to 30 minutes.",
        _positive_int,
    ),
    Setting(
        "signup_registered_only",
        False,
        "true: only addresses imported from the registration system may sign up.",
        _bool,
    ),
    Setting(
        "lock_timeout_seconds",
        10,
        "A change waits at most this long for another change's database lock, then gives up "
        "with a message (nothing is changed).",
        _positive_int,
    ),
    Setting("bus_seats", 50, "Seats per bus, for the number of buses a bus excursion needs.", _positive_int),
    Setting(
        "tiles",
        "",
        "Background tile URL template ({z}/{x}/{y}); empty: the event file's; 'none': no tiles.",
    ),
    Setting("tiles_attribution", "", "Attribution shown for the background tiles."),
    Setting(
        "refresh_seconds",
        300,
        "How often a participant page reruns its live part, in seconds: a fallback, since its "
        "seat counts follow the seat feed (seats_poll_seconds) without a run.",
        _positive_int,
    ),
    Setting(
        "refresh_budget",
        10,
        "At most this many timed participant-page refreshes per second per process, and as many "
        "check-in list refreshes: with more pages open, each refreshes less often.",
        _positive_int,
    ),
    Setting(
        "seats_poll_seconds",
        5,
        "How often a page asks for new seat counts (/_excursions/seats.json: no script run, a "
        "304 while nothing changed; not while the page is hidden), in seconds.",
        _positive_int,
    ),
    Setting(
        "organiser_refresh_seconds",
        3,
        "How often the organiser overview asks the seat feed for new numbers (no script run) "
        "and the check-in lists refresh, in seconds.",
        _positive_int,
    ),
    Setting("kickoff_tour_seconds", 12, "Seconds the projector view stays on each excursion.", _positive_int),
    Setting(
        "kickoff_refresh_seconds",
        5,
        "How often the projector view refreshes its live numbers.",
        _positive_int,
    ),
    Setting("kickoff_theme", "light", "Projector look: light or dark (the URL's ?theme= wins)."),
    Setting("kickoff_campaign", "", "Campaign tag added to the QR code's sign-up address (utm_campaign)."),
    Setting(
        "serve_patches",
        "all",
        "Which of serve mode's patches and tunings to apply: all, none, or names separated by "
        "commas (`excursions serve --help`; docs/performance.md lists them).",
    ),
    Setting(
        "page_shell",
        True,
        "Paint the event's name in the first bytes of every page, before Streamlit's scripts "
        "arrive (excursions/web/shell.py); off only to measure without it.",
        _bool,
    ),
    Setting(
        "static_prefix",
        "/app/static",
        "URL path under which Streamlit serves the static/ folder.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings:
    """Resolved settings. Build one with :func:`load`; read values as attributes."""

    def __init__(self, values: Mapping[str, Any], origins: Mapping[str, str]):
        self._values = dict(values)
        self._origins = dict(origins)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"no setting called {name!r}") from None

    def origin(self, name: str) -> str:
        """Where a value came from: 'default', 'secrets' or the environment variable."""
        return self._origins[name]

    def replace(self, **changes: Any) -> Settings:
        unknown = set(changes) - set(_BY_NAME)
        if unknown:
            raise SettingError(f"unknown settings: {', '.join(sorted(unknown))}")
        origins = dict(self._origins) | {k: "override" for k in changes}
        return Settings(self._values | changes, origins)


def _read_secrets(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingError(f"{path}: not valid TOML ({exc}). Fix or remove the file.") from exc


TEST_PREFIX = ENV_PREFIX + "TEST_"  # the tests' own variables, never the app's


def _refuse_unknown(env: Mapping[str, str], secrets: Mapping[str, Any], secrets_path: Path) -> None:
    """A typo in a setting's name would otherwise leave the default in force, silently."""
    known_env = {s.env_var for s in SETTINGS}
    for name in sorted(env):
        if name.startswith(ENV_PREFIX) and name not in known_env and not name.startswith(TEST_PREFIX):
            near = difflib.get_close_matches(name, known_env, n=1, cutoff=0.6)
            hint = f" Did you mean {near[0]}?" if near else ""
            raise SettingError(
                f"{name} is not a setting.{hint} `excursions settings` lists them all; "
                "unset the variable or correct its name."
            )
    for key in sorted(secrets):
        if key not in _BY_NAME:
            near = difflib.get_close_matches(key, _BY_NAME, n=1, cutoff=0.6)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise SettingError(
                f"{secrets_path}: {key!r} is not a setting.{hint} `excursions settings` lists them all."
            )


def load(environ: Mapping[str, str] | None = None, secrets_file: Path | None = None) -> Settings:
    """Resolve every setting from the environment, the secrets file and defaults."""
    env = os.environ if environ is None else environ
    secrets_path = secrets_file or ROOT / ".streamlit" / "secrets.toml"
    secrets = _read_secrets(secrets_path)
    _refuse_unknown(env, secrets, secrets_path)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for setting in SETTINGS:
        if setting.env_var in env:
            raw, origin = env[setting.env_var], setting.env_var
        elif setting.name in secrets:
            raw, origin = str(secrets[setting.name]), "secrets"
        else:
            values[setting.name], origins[setting.name] = setting.default, "default"
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise SettingError(
                f"{origin}={raw!r} is not a valid value for {setting.name}: {exc}. {setting.help}"
            ) from exc
        origins[setting.name] = origin
    return Settings(values, origins)


def describe() -> list[dict[str, str]]:
    """Name, environment variable, default and help of every setting, for docs and the CLI."""
    return [
        {
            "name": s.name,
            "env": s.env_var,
            "default": "(secret)" if s.secret else str(s.default),
            "help": s.help,
        }
        for s in SETTINGS
    ]
