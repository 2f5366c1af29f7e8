"""A phone's first visit over a slow venue network, in Chromium (CDP throttling).

Shared by tests/browser/test_slow_network_browser.py and bench/slow_network.py: both open
a page in a fresh context at 1.6 Mbps down / 150 ms, and read what the first paint showed.
"""

from __future__ import annotations

from dataclasses import dataclass

DOWN_BYTES_PER_S = 1_600_000 / 8
UP_BYTES_PER_S = 750_000 / 8
LATENCY_MS = 150

# Recorded by the page itself at its first contentful paint: when, what the shell said,
# and whether Streamlit had drawn anything into #root yet.
FIRST_PAINT = """
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.name !== 'first-contentful-paint' || window.__firstPaint) continue;
    const shell = document.getElementById('excursions-shell');
    const root = document.getElementById('root');
    window.__firstPaint = {
      ms: e.startTime,
      shell: shell ? shell.innerText : '',
      title: document.title,
      rootChildren: root ? root.childElementCount : -1,
    };
  }
}).observe({type: 'paint', buffered: true});
"""


@dataclass(frozen=True)
class FirstPaint:
    ms: float  # since navigation started
    shell: str  # the shell's text at that moment ('' without one)
    title: str
    root_children: int  # 0: Streamlit's scripts had not drawn anything yet


def throttled_page(browser, viewport=(390, 844)):
    """A fresh phone context whose network is the venue's slow Wi-Fi."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.add_init_script(FIRST_PAINT)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWN_BYTES_PER_S,
            "uploadThroughput": UP_BYTES_PER_S,
        },
    )
    return context, page


def first_paint(page, timeout_ms: float = 60_000) -> FirstPaint:
    page.wait_for_function("() => !!window.__firstPaint", timeout=timeout_ms)
    seen = page.evaluate("() => window.__firstPaint")
    return FirstPaint(seen["ms"], seen["shell"], seen["title"], seen["rootChildren"])
