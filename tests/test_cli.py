"""The `excursions` command on real files: in-process through its entry point (fast), and
once as a real process, as a user runs it."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from excursions.cli import main
from tests.conftest import DATA, ROOT, route_doc, write_route

GPX = DATA / "gpx"


def run_process(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "excursions.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """main() as the console script calls it, with its own environment and output."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env or {}),
        contextlib.chdir(ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own refusals
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("runner", [run, run_process], ids=["in-process", "process"])
def test_validate_lists_the_24_shipped_routes_and_exits_0(runner):
    result = runner("validate")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "mode", "km", "minutes", "capacity", "source"]
    rows = lines[1 : lines.index("")]
    assert len(rows) == 24
    assert "24 route(s) OK" in result.stdout
    ejby = next(line for line in rows if line.startswith("ejby-moelle-renseanlaeg"))
    assert ejby.split()[1:3] == ["bus", "10.5"] and ejby.split()[3] == "150"


def test_validate_finds_english_for_every_text_of_the_shipped_routes():
    result = run("validate")
    assert "warning" not in result.stderr
    assert "Every text a participant reads has an English version." in result.stdout


def test_validate_warns_about_missing_english_and_still_exits_0(tmp_path):
    doc = route_doc(description_da="Vi går en tur.", accessibility="Fladt.", themes="natur, hemmeligt")
    doc["features"][0]["properties"]["meeting_point_en"] = "Flakhaven square"
    write_route(tmp_path, doc)
    result = run("validate", str(tmp_path))
    assert result.returncode == 0 and "1 route(s) OK" in result.stdout
    warnings = [line.strip() for line in result.stderr.splitlines() if "warning:" in line]
    assert warnings == [
        "warning: test-walk.geojson: description_en: no English text",
        "warning: test-walk.geojson: accessibility_en: no English text",
        "warning: test-walk.geojson: themes: theme 'hemmeligt' has no English label in the event file's "
        "[themes]",
    ]


def test_validate_names_the_broken_file_and_field_and_exits_1(tmp_path):
    shutil.copy(ROOT / "data" / "routes" / "ejby-moelle-renseanlaeg.geojson", tmp_path)
    shutil.copy(DATA / "routes_broken" / "bad-mode.geojson", tmp_path)
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "ejby-moelle-renseanlaeg" in result.stdout
    assert "bad-mode.geojson: mode: must be one of walk | bike | bus, got 'boat'" in result.stderr


def test_validate_reads_the_routes_folder_setting(tmp_path):
    shutil.copy(DATA / "routes_unusual" / "three-d.geojson", tmp_path)
    result = run("validate", env={"EXCURSIONS_ROUTES_DIR": str(tmp_path)})
    assert result.returncode == 0 and "three-d" in result.stdout and "1 route(s) OK" in result.stdout


def test_import_gpx_writes_a_route_that_validates(tmp_path):
    out = tmp_path / "korita.geojson"
    result = run(
        "import-gpx",
        str(GPX / "korita-zbevnica.gpx"),
        "--id",
        "korita",
        "--mode",
        "bike",
        "--title-da",
        "Korita",
        "--capacity",
        "20",
        "--departure",
        "2022-04-20T14:00",
        "--out",
        str(out),
        "--anywhere",
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text())
    props = doc["features"][0]["properties"]
    assert props["mode"] == "bike" and props["departure"] == "2022-04-20T14:00:00+02:00"
    assert props["title_en"] == "Korita"
    assert doc["features"][0]["geometry"]["type"] == "MultiLineString"


def import_args(file: Path, out: Path, *extra: str) -> list[str]:
    """A plain walk import of file into out; extra options override or add."""
    return [
        "import-gpx",
        str(file),
        "--id",
        "x",
        "--mode",
        "walk",
        "--title-da",
        "X",
        "--capacity",
        "5",
        "--departure",
        "2022-04-20T14:00",
        "--out",
        str(out),
        *extra,
    ]


@pytest.mark.parametrize(
    ("file", "extra", "says"),
    [
        ("unicode_with_bom.gpx", [], "no track or route"),
        ("route.gpx", [], "outside the event area"),  # Croatia is not Odense
        ("missing.gpx", [], "cannot read the file"),
        ("route.gpx", ["--id", "Bad Id"], "must be a slug"),
    ],
)
def test_import_gpx_refuses_with_a_clear_message(tmp_path, file, extra, says):
    result = run(*import_args(GPX / file, tmp_path / "x.geojson", *extra))
    assert result.returncode == 2
    assert says in result.stderr
    assert not (tmp_path / "x.geojson").exists()


def test_import_gpx_does_not_overwrite_without_force(tmp_path):
    out = tmp_path / "x.geojson"
    out.write_text("keep me")
    args = import_args(GPX / "route.gpx", out, "--anywhere")
    assert run(*args).returncode == 2 and out.read_text() == "keep me"
    assert run(*args, "--force").returncode == 0 and Path(out).read_text() != "keep me"


def test_import_csv_then_export_round_trip(tmp_path):
    env = {"EXCURSIONS_DATA_DIR": str(tmp_path / "data")}
    export = tmp_path / "tilmeldinger.csv"
    export.write_bytes(
        "Fulde navn;Mail;Kommune;Tur\r\nSøren Ærø;soren@odense.dk;Odense;Nye skove i Odense\r\n"
        "Åse Øberg;ase@aarhus.dk;Aarhus;ejby-moelle-renseanlaeg\r\n".encode("cp1252")
    )
    mapping = "name=Fulde navn,email=Mail,organisation=Kommune,excursion=Tur"
    first = run("import-csv", str(export), "--map", mapping, env=env)
    assert first.returncode == 0, first.stderr
    assert "2 new, 0 moved, 0 unchanged, 0 registered, 0 error" in first.stdout
    again = run("import-csv", str(export), "--map", mapping, env=env)
    assert "0 new, 0 moved, 2 unchanged, 0 registered, 0 error" in again.stdout
    out = tmp_path / "alle.xlsx"
    assert run("export", "--format", "xlsx", "--out", str(out), env=env).returncode == 0
    import openpyxl

    names = {row[0] for row in openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True)}
    assert names == {"Søren Ærø", "Åse Øberg"}


def test_import_csv_with_bad_rows_imports_nothing(tmp_path):
    env = {"EXCURSIONS_DATA_DIR": str(tmp_path / "data")}
    export = tmp_path / "bad.csv"
    export.write_text(
        "Navn;E-mail;Udflugt\nA;a@x.dk;skovrejsning\nB;nope;skovrejsning\n", encoding="utf-8-sig"
    )
    result = run("import-csv", str(export), env=env)
    assert (
        result.returncode == 2 and "row 3: email" in result.stderr and "nothing was imported" in result.stderr
    )
    counts = run("counts", "--json", env=env)
    assert sum(c["confirmed"] for c in json.loads(counts.stdout)) == 0


def test_a_registration_export_without_excursions_registers_people_for_the_gate(tmp_path):
    env = {"EXCURSIONS_DATA_DIR": str(tmp_path / "data"), "EXCURSIONS_SIGNUP_REGISTERED_ONLY": "true"}
    export = tmp_path / "registrerede.csv"
    export.write_text("Navn;E-mail;Udflugt\nAnna;anna@odense.dk;\n", encoding="utf-8-sig")
    imported = run("import-csv", str(export), env=env)
    assert "0 new, 0 moved, 0 unchanged, 1 registered, 0 error" in imported.stdout, imported.stderr
    stranger = run("signup", "--route", "skovrejsning", "--email", "x@odense.dk", "--name", "X", env=env)
    assert stranger.returncode == 1 and "not registered" in stranger.stdout
    anna = run("signup", "--route", "skovrejsning", "--email", "anna@odense.dk", "--name", "Anna", env=env)
    assert anna.returncode == 0 and "confirmed skovrejsning" in anna.stdout
    again = run("signup", "--route", "biogas-fangel", "--email", "ANNA@odense.dk", "--name", "Eve", env=env)
    assert again.returncode == 1 and "nothing changed" in again.stdout


def test_mail_and_purge_from_the_shell(tmp_path):
    env = {"EXCURSIONS_DATA_DIR": str(tmp_path / "data")}
    run("signup", "--route", "skovrejsning", "--email", "anna@odense.dk", "--name", "Anna Berg", env=env)
    sent = run("mail", "send", env=env)
    assert sent.stdout.startswith("1 sent, 0 failed (to files in "), sent.stderr
    assert "anna@odense.dk" in run("mail", "status", env=env).stdout
    (eml,) = (tmp_path / "data" / "outbox").glob("*.eml")
    refused = run("purge-personal-data", env=env)
    assert refused.returncode == 2 and "add --yes" in refused.stderr and "2022-05-21" in refused.stderr
    assert eml.exists()  # nothing deleted without --yes
    done = run("purge-personal-data", "--yes", env=env)
    assert "1 participant(s) made anonymous, 1 mail file(s) removed" in done.stdout
    assert not eml.exists()
    assert b"anna" not in (tmp_path / "data" / "excursions.sqlite3").read_bytes().lower()
    counts = json.loads(run("counts", "--json", env=env).stdout)
    assert sum(c["confirmed"] for c in counts) == 1  # the seat is still counted


def test_export_routes_writes_every_excursion_in_use_with_browser_edits_and_validate_takes_them(tmp_path):
    from excursions.route_edits import document_bytes
    from excursions.store import open_store, sqlite_url
    from tests.conftest import route_doc

    env = {"EXCURSIONS_DATA_DIR": str(tmp_path / "data")}
    assert run("counts", env=env).returncode == 0  # the database, with the shipped routes
    store = open_store(sqlite_url(tmp_path / "data"))
    added = route_doc(id="tilfoejet", title_da="Tilføjet i browseren")
    store.save_route("tilfoejet", document_bytes(added), now=dt.datetime.now(dt.UTC))
    store.hide_route("kanalen-til-stige", True, now=dt.datetime.now(dt.UTC))
    out = tmp_path / "ud"
    result = run("export-routes", str(out), env=env)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.geojson"))
    assert len(names) == 24 and "tilfoejet.geojson" in names and "kanalen-til-stige.geojson" not in names
    checked = run("validate", str(out), env=env)
    assert checked.returncode == 0 and "24 route(s) OK" in checked.stdout
    again = run("export-routes", str(out), env=env)  # nothing is overwritten unasked
    assert again.returncode != 0 and "--force" in again.stderr
    assert run("export-routes", str(out), "--force", env=env).returncode == 0


def test_a_piped_password_is_hashed_without_a_terminal_warning():
    """Issue 27 item 20: `echo … | excursions hash-password` printed a GetPassWarning."""
    from excursions.access import LoginState, PasswordCheck

    done = subprocess.run(
        [sys.executable, "-m", "excursions.cli", "hash-password"],
        input="korrekt hest batteri\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0 and "Warning" not in done.stderr, done.stderr
    stored = done.stdout.split("'")[1]
    assert PasswordCheck().check("korrekt hest batteri", stored) is LoginState.OK
    empty = subprocess.run(
        [sys.executable, "-m", "excursions.cli", "hash-password"],
        input="\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert empty.returncode != 0 and "empty" in empty.stdout + empty.stderr


def test_the_help_says_what_signing_up_a_taken_address_does():
    done = run_process("--help")
    text = " ".join(done.stdout.split())
    assert "moves them" not in text and "is mailed their link" in text
