"""Reading the organiser overview's HTML (excursions/ui/overview_panel.py) as a person
reads it: the headline numbers by name, and each excursion's row by column heading."""

from __future__ import annotations

from html.parser import HTMLParser


class OverviewReader(HTMLParser):
    def __init__(self, body: str):
        super().__init__()
        self.metrics: dict[str, str] = {}
        self.headings: list[str] = []
        self.rows: dict[str, dict[str, str]] = {}  # route id -> heading -> text
        self.sort_keys: dict[str, dict[str, str]] = {}  # route id -> heading -> data-sort
        self.live: dict[str, set[str]] = {}  # route id -> headings the follower keeps current
        self.updated = ""
        self._text: list[str] | None = None
        self._where: tuple = ()
        self._row = ""
        self._cells: list[tuple[str, str | None, bool]] = []
        self.feed(body)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-metric" in a:
            self._start(("metric", a["data-metric"]))
        elif tag == "tr" and "data-seats-row" in a:
            self._row, self._cells = a["data-seats-row"], []
        elif tag == "th" and a.get("scope") == "col":
            self._start(("heading",))
        elif tag in ("th", "td") and self._row:
            self._start(("cell", a.get("data-sort"), "data-seats-cell" in a))
        elif tag == "p" and a.get("class") == "ov-updated":
            self._start(("updated",))

    def _start(self, where: tuple) -> None:
        self._where, self._text = where, []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._text is None:
            if tag == "tr" and self._row:
                labels = self.headings
                self.rows[self._row] = {h: c[0] for h, c in zip(labels, self._cells, strict=True)}
                self.sort_keys[self._row] = {h: c[1] for h, c in zip(labels, self._cells, strict=True)}
                self.live[self._row] = {h for h, c in zip(labels, self._cells, strict=True) if c[2]}
                self._row = ""
            return
        text = "".join(self._text)
        match self._where:
            case ("metric", name) if tag == "div":
                self.metrics[name] = text
            case ("heading",) if tag == "th":
                self.headings.append(text)
            case ("cell", sort, live) if tag in ("th", "td"):
                self._cells.append((text, sort, live))
            case ("updated",) if tag == "p":
                self.updated = text
            case _:
                return
        self._text = None
