// New seat counts on a page without a script run (excursions/ui/live_seats.py puts this
// script into the page once). It asks the app's seat feed (/_excursions/seats.json, same
// origin) every few seconds; the browser revalidates its copy, so an unchanged document
// costs the server a 304. The words come from the feed in the page's language.
//
// What it changes: elements the page marked (data-seats-route: that route's seats,
// data-seats-summary: the transport summary; data-seats-taken, -mode, -full: the
// projector's numbers; data-seats-metric, -row, -clock: the organiser overview), the
// lines of a radio list whose order the page wrote (data-seats-list), the choices of a
// select box (data-seats-select), and the map (an "excursions:seats" event its iframe listens for). A page run writes its own
// counts with the time they were read: the newest counts win, so a script run with older
// numbers cannot undo a newer feed.
(() => {
  const config = window.excursionsSeatsConfig; // {url, seconds}, set by the page just before
  const self = window.excursionsSeats || { timer: null, doc: null, readAt: 0, url: null };
  window.excursionsSeats = self;
  if (!config) {
    return;
  }
  self.url = config.url;

  // When the counts an element shows were read: its own mark, or its panel's.
  function readAtOf(el) {
    const marked = el.closest("[data-seats-read-at]");
    return Date.parse(marked?.getAttribute("data-seats-read-at") || "") || 0;
  }

  // A text node's value is set in place (React keeps its node and updates it on the next
  // run); replacing the node would leave React writing to one no longer shown.
  function setText(el, text) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const node = walker.nextNode();
    if (node && node.nodeValue !== text) {
      node.nodeValue = text;
    }
  }

  function lastTextNode(el) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeValue.trim()) {
        last = n;
      }
    }
    return last;
  }

  function applyList(marker, doc, readAt) {
    if (readAtOf(marker) > readAt) {
      return;
    }
    let ids = [];
    try {
      ids = JSON.parse(marker.textContent);
    } catch (_e) {
      return;
    }
    const list = document.querySelector(`.st-key-${marker.getAttribute("data-seats-list")}`);
    if (!list) {
      return;
    }
    const labels = list.querySelectorAll('[data-testid="stRadioOption"]');
    labels.forEach((label, i) => {
      const seats = doc.seats[ids[i]];
      const node = lastTextNode(label);
      if (seats !== undefined && node) {
        setTail(node, " · ", seats);
      }
    });
  }

  // Replaces what follows the last `separator` of a text node with `seats`, if it differs.
  // A line that already ends with them is left alone, so words holding the separator
  // themselves could never pile up poll after poll.
  function setTail(node, separator, seats) {
    if (node.nodeValue.endsWith(`${separator}${seats}`)) {
      return;
    }
    const cut = node.nodeValue.lastIndexOf(separator);
    if (cut >= 0) {
      const text = `${node.nodeValue.slice(0, cut)}${separator}${seats}`;
      if (text !== node.nodeValue) {
        node.nodeValue = text;
      }
    }
  }

  // A select box's chosen value and, while it is open, its list: labels "seats · title"
  // (the seats first, so a narrow box cuts the title; signup_form.choice_label).
  function withSeats(label, ids, doc) {
    const cut = label.indexOf(" · ");
    const id = cut >= 0 ? ids[label.slice(cut + 3)] : undefined;
    if (id === undefined || doc.seats[id] === undefined) {
      return label;
    }
    return `${doc.seats[id]} · ${label.slice(cut + 3)}`;
  }

  function applySelect(marker, doc, readAt) {
    if (readAtOf(marker) > readAt) {
      return;
    }
    let ids = {};
    try {
      ids = JSON.parse(marker.textContent);
    } catch (_e) {
      return;
    }
    const box = document.querySelector(`.st-key-${marker.getAttribute("data-seats-select")}`);
    const input = box?.querySelector("input");
    if (input && input !== document.activeElement) {
      // the chosen label is the value of the box's search field (unless someone types in it)
      const text = withSeats(input.value, ids, doc);
      if (text !== input.value) {
        input.value = text;
      }
    }
    const places = [box, ...document.querySelectorAll('[role="listbox"]')].filter(Boolean);
    for (const place of places) {
      const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = withSeats(node.nodeValue, ids, doc);
        if (text !== node.nodeValue) {
          node.nodeValue = text;
        }
      }
    }
  }

  // The organiser overview (excursions/ui/overview_panel.py; the feed's ?view=overview):
  // its headline numbers, each row's live cells with the value the table sorts by, and the
  // time of the counts. Those cells are the page's own HTML, not React's, so their text is
  // set outright.
  function applyOverview(view, readAt) {
    for (const el of document.querySelectorAll("[data-seats-metric]")) {
      const text = view.metrics[el.getAttribute("data-seats-metric")];
      if (text !== undefined && readAtOf(el) <= readAt && el.textContent !== text) {
        el.textContent = text;
      }
    }
    for (const row of document.querySelectorAll("[data-seats-row]")) {
      const cells = view.rows[row.getAttribute("data-seats-row")];
      if (!cells || readAtOf(row) > readAt) {
        continue;
      }
      for (const cell of row.querySelectorAll("[data-seats-cell]")) {
        const name = cell.getAttribute("data-seats-cell");
        if (cells[name] === undefined) {
          continue;
        }
        const text = name === "fill" ? `${cells[name]} %` : String(cells[name]);
        cell.setAttribute("data-sort", String(cells[name]));
        if (name === "fill") {
          cell.style.setProperty("--fill", `${cells[name]}%`);
        }
        if (cell.textContent !== text) {
          cell.textContent = text;
        }
      }
    }
    for (const el of document.querySelectorAll("[data-seats-clock]")) {
      if (readAtOf(el) <= readAt) {
        const clock = new Intl.DateTimeFormat("en-GB", {
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
          timeZone: el.getAttribute("data-tz") || undefined,
        });
        el.textContent = clock.format(new Date(readAt));
      }
    }
  }

  function apply(doc, readAt) {
    if (doc.overview) {
      applyOverview(doc.overview, readAt);
    }
    for (const el of document.querySelectorAll("[data-seats-route]")) {
      const id = el.getAttribute("data-seats-route");
      if (doc.seats[id] !== undefined && readAtOf(el) <= readAt) {
        setText(el, doc.seats[id]);
        el.setAttribute("data-seats-level", doc.levels[id]);
      }
    }
    for (const el of document.querySelectorAll("[data-seats-summary]")) {
      if (readAtOf(el) <= readAt) {
        setText(el, doc.summary);
      }
    }
    // the projector's numbers
    for (const el of document.querySelectorAll("[data-seats-taken]")) {
      if (readAtOf(el) <= readAt) {
        setText(el, String(doc.taken));
        el.setAttribute("data-taken", String(doc.taken));
      }
    }
    for (const el of document.querySelectorAll("[data-seats-mode]")) {
      const n = doc.modes[el.getAttribute("data-seats-mode")];
      if (n !== undefined && readAtOf(el) <= readAt) {
        setText(el, String(n));
      }
    }
    for (const el of document.querySelectorAll("[data-seats-full]")) {
      if (readAtOf(el) <= readAt) {
        setText(el, doc.full_text);
      }
    }
    for (const marker of document.querySelectorAll("[data-seats-list]")) {
      applyList(marker, doc, readAt);
    }
    for (const marker of document.querySelectorAll("[data-seats-select]")) {
      applySelect(marker, doc, readAt);
    }
    document.documentElement.setAttribute("data-seats-read-at", new Date(readAt).toISOString());
    window.dispatchEvent(new CustomEvent("excursions:seats", { detail: { badges: doc.badges, readAt } }));
  }
  self.apply = () => {
    if (self.doc) {
      apply(self.doc, self.readAt);
    }
  };

  let busy = false;
  async function poll() {
    if (busy) {
      return;
    }
    busy = true;
    try {
      const answer = await fetch(self.url, { cache: "no-cache", credentials: "same-origin" });
      if (answer.ok) {
        const doc = await answer.json();
        const readAt = Date.parse(answer.headers.get("x-excursions-read-at") || doc.read_at) || 0;
        if (doc.seats && readAt >= self.readAt) {
          self.doc = doc;
          self.readAt = readAt;
        }
      }
    } catch (_e) {
      // offline for a moment, or the app restarting: the next poll tries again
    } finally {
      busy = false;
    }
    self.apply(); // also after a script run that rewrote the page with older counts
  }
  clearInterval(self.timer);
  // A page nobody looks at (a phone in a pocket, a tab behind another) does not ask; it
  // asks at once when it is shown again.
  self.timer = setInterval(() => document.hidden || poll(), config.seconds * 1000);
  if (!self.watching) {
    self.watching = true;
    document.addEventListener("visibilitychange", () => document.hidden || poll());
  }
  setTimeout(poll, 0);
})();
