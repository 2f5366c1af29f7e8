"""Benchmark: what the explore page costs against a bare folium page, in the same run.

For the shipped event and for a synthetic event of 200 routes x 2,000 vertices it
prints the bytes of the map sent to the browser and the server time of one page
run, for the explore page and for a bare page that draws the same route files
with folium's defaults (data loading cached, so it measures drawing), and the
ratios. Targets: explore run time <= 1.5x bare; 200-route payload < 10 % of bare.

    uv run python bench/map.py [--runs 7] [--routes 200] [--vertices 2000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from excursions import memo  # noqa: E402

BARE_PAGE = """
import glob, json
import folium
import streamlit as st
from streamlit_folium import st_folium

@st.cache_data
def load(folder):
    return [json.load(open(f, encoding="utf-8-sig")) for f in sorted(glob.glob(folder + "/*.geojson"))]

m = folium.Map(location=[55.39, 10.39], zoom_start=12)
for doc in load(FOLDER):
    folium.GeoJson(doc).add_to(m)
st_folium(m, width=700, height=560)
"""


def synthetic_routes(folder: Path, count: int, vertices: int, seed: int = 7) -> None:
    """Random-walk lines around Odense, one file per route, valid for the app."""
    rng = random.Random(seed)
    modes = ["walk", "bike", "bus"]
    for i in range(count):
        lat, lon = 55.37 + rng.random() * 0.05, 10.34 + rng.random() * 0.1
        heading = rng.random() * 2 * math.pi
        coords = []
        for _ in range(vertices):
            heading += rng.gauss(0, 0.25)
            lat += math.sin(heading) * 0.00004
            lon += math.cos(heading) * 0.00007
            coords.append([round(lon, 7), round(lat, 7)])
        doc = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {
                        "id": f"synthetic-{i:03d}",
                        "title_da": f"Syntetisk rute {i}",
                        "title_en": f"Synthetic route {i}",
                        "mode": modes[i % 3],
                        "capacity": 30,
                        "departure": "2022-04-20T14:00:00+02:00",
                        "meeting_point": "Flakhaven",
                        "source": "illustrative",
                    },
                    "geometry": {"type": "LineString", "coordinates": coords},
                }
            ],
        }
        (folder / f"synthetic-{i:03d}.geojson").write_text(json.dumps(doc))


LINE = re.compile(r'"type":\s*"(?:Multi)?LineString"')


def map_args(at: AppTest) -> list[str]:
    comps = [e for e in at.main if type(e).__name__ == "UnknownElement" and e.type == "component_instance"]
    return [c.proto.json_args for c in comps]


def map_bytes(at: AppTest) -> int:
    return sum(len(args.encode()) for args in map_args(at))


def drawn_lines(at: AppTest) -> int:
    """Line geometries in the map the page sent: one per route file drawn (both pages; the
    files' stop points are not lines)."""
    count = 0
    for args in map_args(at):
        for value in json.loads(args).values():
            if isinstance(value, str):
                count += len(LINE.findall(value))
    return count


def measure(make, runs: int) -> tuple[float, float, int, int]:
    """(first run seconds, median warm run seconds, map bytes, lines drawn)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = make()
    t0 = time.perf_counter()
    at.run(timeout=600)
    first = time.perf_counter() - t0
    if at.exception:
        raise SystemExit(f"page failed: {at.exception[0].message}")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run(timeout=600)
        times.append(time.perf_counter() - t0)
    return first, statistics.median(times), map_bytes(at), drawn_lines(at)


def explore(folder: Path):
    def make():
        os.environ["EXCURSIONS_ROUTES_DIR"] = str(folder)
        os.environ["EXCURSIONS_TILES"] = "none"
        os.environ["EXCURSIONS_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-map-")
        memo.clear_all()  # settings are read once per process: read them again for this folder
        return AppTest.from_file(str(ROOT / "navigation.py"), default_timeout=600)

    return make


def bare(folder: Path):
    return lambda: AppTest.from_string(f"FOLDER = {str(folder)!r}\n" + BARE_PAGE, default_timeout=600)


def report(name: str, folder: Path, runs: int) -> dict:
    files = len(list(folder.glob("*.geojson")))
    b_first, b_run, b_bytes, b_lines = measure(bare(folder), runs)
    e_first, e_run, e_bytes, e_lines = measure(explore(folder), runs)
    if not e_lines == b_lines == files:  # a ratio of the wrong maps is worse than none
        raise SystemExit(f"{name}: {files} route files, but explore drew {e_lines} lines and bare {b_lines}")
    print(f"\n{name}: {files} route files in {folder}; both maps hold {e_lines} lines")
    print(f"  {'':22}{'explore':>12}{'bare folium':>14}{'ratio':>9}")
    rows = [
        ("map bytes sent", f"{e_bytes:,}", f"{b_bytes:,}", e_bytes / b_bytes),
        ("page run, warm (ms)", f"{e_run * 1000:.1f}", f"{b_run * 1000:.1f}", e_run / b_run),
        ("first run, cold (ms)", f"{e_first * 1000:.1f}", f"{b_first * 1000:.1f}", e_first / b_first),
    ]
    for label, explore_value, bare_value, ratio in rows:
        print(f"  {label:22}{explore_value:>12}{bare_value:>14}{ratio:>9.3f}")
    return {"bytes_ratio": e_bytes / b_bytes, "run_ratio": e_run / b_run}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page (median is reported)")
    parser.add_argument("--routes", type=int, default=200)
    parser.add_argument("--vertices", type=int, default=2000)
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, streamlit {st.__version__}")
    shipped = report("shipped event (TM '22)", ROOT / "data" / "routes", args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        synthetic_routes(Path(tmp), args.routes, args.vertices)
        big = report(
            f"synthetic event ({args.routes} routes x {args.vertices} vertices)", Path(tmp), args.runs
        )

    print("\ntargets")
    checks = [
        ("shipped: explore run <= 1.5x bare", shipped["run_ratio"] <= 1.5, shipped["run_ratio"]),
        ("synthetic: explore run <= 1.5x bare", big["run_ratio"] <= 1.5, big["run_ratio"]),
        ("synthetic: payload < 10 % of bare", big["bytes_ratio"] < 0.10, big["bytes_ratio"]),
    ]
    for label, ok, value in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}: {value:.3f}")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
