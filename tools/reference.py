"""Write docs/reference.md from the code: the settings registry and the command line's parser.

    uv run python tools/reference.py          # write it
    uv run python tools/reference.py --check  # exit 1 if the file differs from the code

tests/test_docs.py runs the check, so the reference cannot go stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from excursions.cli import parser  # noqa: E402
from excursions.settings import SETTINGS  # noqa: E402

TARGET = ROOT / "docs" / "reference.md"


def _default(value: object) -> str:
    if isinstance(value, Path):
        try:
            return f"`{value.relative_to(ROOT)}`"
        except ValueError:
            return f"`{value}`"
    if value in ("", None):
        return "–"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def settings_table() -> list[str]:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        secret = " (a secret: may come from `.streamlit/secrets.toml`)" if s.secret else ""
        lines.append(f"| `{s.env_var}` | {_default(s.default)} | {s.help.replace('|', '/')}{secret} |")
    return lines


def _usage(p: argparse.ArgumentParser) -> str:
    return " ".join(p.format_usage().split())


def commands() -> list[str]:
    main = parser()
    out = ["```", _usage(main).removeprefix("usage: "), "```", ""]
    subs = next(a for a in main._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in subs._choices_actions}
    for name, sub in subs.choices.items():
        out += [f"### `excursions {name}`", "", helps.get(name) or "", "", "```"]
        out.append(_usage(sub).removeprefix("usage: "))
        out.append("```")
        options = [a for a in sub._actions if a.help and a.help != argparse.SUPPRESS]
        options = [a for a in options if not isinstance(a, argparse._HelpAction)]
        if options:
            out.append("")
            for a in options:
                flags = ", ".join(f"`{f}`" for f in a.option_strings) or f"`{a.dest}`"
                out.append(f"- {flags}: {' '.join(a.help.split())}")
        out.append("")
    return out


def render() -> str:
    parts = [
        "# Reference: settings and the command line",
        "",
        "Generated from `excursions/settings.py` and `excursions/cli.py` by",
        "`uv run python tools/reference.py`; a test fails when this file and the code differ.",
        "",
        "## Settings",
        "",
        "Every setting lives in one registry (`excursions/settings.py`) and can be set by",
        "environment variable or in `.streamlit/secrets.toml` (lower-case name). Precedence:",
        "environment, then secrets, then default. A variable that starts with `EXCURSIONS_` but",
        "names no setting (a typo), or an unknown key in the secrets file, stops the app and the",
        "command line with a message naming the nearest setting. `EXCURSIONS_TEST_*` variables",
        "belong to the tests.",
        "",
        *settings_table(),
        "",
        "## The command line",
        "",
        "`uv run excursions <command>`; `--help` on any command says the same as here.",
        "",
        *commands(),
    ]
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    check = "--check" in sys.argv[1:]
    text = render()
    if check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} differs from the code: run uv run python tools/reference.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
