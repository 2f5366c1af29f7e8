"""The wish round on the command line, on a real SQLite file: made-up wish lists, the
draw's preview as JSON (the same twice for one seed), the commit, and no route over its
seats afterwards."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EVENT_FILE
from tests.test_cli import run, run_process

KEYS = {"method", "seed", "people", "first", "second", "third", "none", "routes"}


@pytest.fixture
def env(tmp_path):
    """The shipped event with a wish round that closes in 2030 (the demo keeps sign-up open)."""
    text = EVENT_FILE.read_text(encoding="utf-8").replace(
        "demo_keep_open = true",
        'demo_keep_open = true\nmode = "wishes"\nwishes_close = 2030-04-01T12:00:00+02:00\nwishes = 3',
    )
    event = tmp_path / "event.toml"
    event.write_text(text, encoding="utf-8")
    return {"EXCURSIONS_DATA_DIR": str(tmp_path / "data"), "EXCURSIONS_EVENT_FILE": str(event)}


@pytest.mark.slow  # a thousand wish lists: 4 s
def test_simulate_wishes_then_allocate_preview_commit_and_count(env):
    sent = run("simulate", "--wishes", "--participants", "1000", "--seed", "1", env=env)
    assert sent.returncode == 0, sent.stderr
    acks = sent.stdout.splitlines()
    assert len(acks) == 1000 and all(" saved " in line for line in acks)

    demand = json.loads(run("wishes", "--json", env=env).stdout)
    assert len(demand) == 24 and sum(sum(r["wishes"]) for r in demand.values()) == 3000
    assert sum(r["wishes"][0] for r in demand.values()) == 1000  # one first wish each

    first = run("allocate", "--seed", "7", "--dry-run", "--json", env=env)
    again = run("allocate", "--seed", "7", "--dry-run", "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout  # the same seed: the same draw
    preview = json.loads(first.stdout)
    assert set(preview) >= KEYS and (preview["method"], preview["seed"], preview["people"]) == (
        "most_first",
        7,
        1000,
    )
    assert preview["first"] + preview["second"] + preview["third"] + preview["none"] == 1000
    assert all({"capacity", "assigned"} <= set(r) for r in preview["routes"].values())
    assert (
        json.loads(run("counts", "--json", env=env).stdout)[0]["confirmed"] == 0
    )  # a dry run writes nothing
    serial = json.loads(
        run("allocate", "--method", "serial", "--seed", "7", "--dry-run", "--json", env=env).stdout
    )
    assert preview["first"] >= serial["first"]

    committed = run("allocate", "--seed", "7", "--yes", env=env)
    assert committed.returncode == 0, committed.stderr
    assert "draw 1 committed" in committed.stdout
    counts = json.loads(run("counts", "--json", env=env).stdout)
    assert all(c["confirmed"] <= c["capacity"] for c in counts)
    assert sum(c["confirmed"] for c in counts) == 1000 - preview["none"]
    assert {c["route"]: c["confirmed"] for c in counts} == {
        r: v["assigned"] for r, v in preview["routes"].items()
    }
    twice = run("allocate", "--seed", "7", "--yes", env=env)
    assert twice.returncode == 2 and "already been made" in twice.stderr


def test_allocate_without_a_wish_round_says_what_to_set(tmp_path):
    result = run_process("allocate", "--dry-run", env={"EXCURSIONS_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert 'set [signup] mode = "wishes"' in result.stderr
