// The excursion lines, their start and stop markers, seat badges and the selection halo.
// config: {styles, data, markers, fit, feed, venue}; data and markers are route data as JSON,
// and every text from a route file is set with textContent, never as markup.
window.excursionLayer = (map, config) => {
  const styles = config.styles;
  function label(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  // Leaflet focuses the map on mousedown (for its keyboard handler) with a plain focus(),
  // which scrolls the page around the map's iframe: on a phone the first tap on a line
  // moved the page ~130 px under the finger and selected nothing. Focus without scrolling.
  // A private method of the vendored Leaflet, so only on the version it was written for
  // (tests/test_mapview.py fails when static/vendor/leaflet changes that method).
  if (map.keyboard && L.version === "1.9.4") {
    map.keyboard.disable();
    map.keyboard._onMouseDown = function () {
      if (!this._focused) {
        this._map.getContainer().focus({ preventScroll: true });
      }
    };
    map.keyboard.enable();
  }
  let selectedId = null;
  let tourId = null; // the projector's toured excursion (excursionHighlight)
  function styleFor(f, hover) {
    const s = styles[f.properties.mode];
    const selected = f.properties.id === selectedId;
    const others = tourId ? 0.3 : 0.6; // on the projector the others step further back
    return {
      color: s.color,
      weight: s.weight + (selected ? 3 : 0) + (hover ? 3 : 0),
      opacity: selectedId && !selected ? others : 0.95,
      dashArray: s.dash,
      lineCap: "round",
      lineJoin: "round",
      className: `excursion-route excursion-route--${f.properties.mode} route-id-${f.properties.id}`,
    };
  }
  const byId = {};
  let tappedId = null; // a line tapped here, until the page has selected it
  const layer = L.geoJSON(config.data, {
    style: (f) => styleFor(f, false),
    onEachFeature: (f, l) => {
      byId[f.properties.id] = l;
      l.bindTooltip(label(f.properties.label), { sticky: true });
      l.on("click", () => {
        tappedId = f.properties.id;
      });
      l.on("mouseover", () => l.setStyle(styleFor(f, true)));
      l.on("mouseout", () => l.setStyle(styleFor(f, false)));
    },
  });
  const markers = L.layerGroup();
  const markersById = {};
  for (const m of config.markers) {
    const s = styles[m.mode];
    const start = m.kind === "start";
    const marker = L.circleMarker([m.lat, m.lon], {
      radius: start ? 7 : 5,
      color: start ? "#ffffff" : s.color,
      weight: 2,
      fillColor: start ? s.color : "#ffffff",
      fillOpacity: 1,
      interactive: true,
      bubblingMouseEvents: false,
      className: `excursion-marker excursion-marker--${m.kind}`,
    });
    marker.feature = { type: "Feature", properties: { id: m.route, kind: m.kind } };
    marker.bindTooltip(label(m.label)).addTo(markers);
    if (!markersById[m.route]) {
      markersById[m.route] = [];
    }
    markersById[m.route].push(marker);
  }
  if (config.venue) {
    // The conference venue: the legend's star, its name on hover, tap or keyboard focus.
    // Markup made here from the map's own constants (the colour); the name goes in as text.
    const star =
      '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path ' +
      'd="M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7-6.2-3.7-6.2 3.7 1.6-7L2 9.2l7.1-.6z" ' +
      `fill="${config.venue.color}" stroke="#ffffff" stroke-width="1.5"/></svg>`;
    const venue = L.marker([config.venue.lat, config.venue.lon], {
      icon: L.divIcon({ className: "excursion-venue", html: star, iconSize: [26, 26], iconAnchor: [13, 13] }),
      keyboard: true,
      title: config.venue.label,
      alt: config.venue.label,
      zIndexOffset: 500,
      bubblingMouseEvents: false,
    });
    venue.bindTooltip(label(config.venue.label), { direction: "top", offset: [0, -12] });
    venue.on("click", () => venue.toggleTooltip());
    venue.addTo(map);
  }
  map.createPane("excursionHalo").style.zIndex = 390;
  const halo = L.layerGroup().addTo(map);
  const badges = {};
  const badgeLayer = L.layerGroup().addTo(map);
  // The component iframe may still be 0 px tall when this runs: keep the wanted
  // view and apply it as soon as the map has a size.
  let pending = null;
  let lastFitted = null; // the selection the view was last brought to
  // animate false: a selection's view must not be lost, and a resize of the component's
  // frame cancels a zoom animation halfway (the first view may animate: the legend is
  // added after this layer, and the badges are placed when the move ends).
  function fitTo(bounds, padding, animate = true) {
    pending = [bounds, padding, animate];
    map.invalidateSize();
    if (map.getSize().y > 0) {
      pending = null;
      map.fitBounds(bounds, { padding: [padding, padding], animate });
      placeBadges(); // in case the view did not move
    }
  }
  // While the view moves the badges stay where the last view had room; data-badges says
  // "placed" only once they fit the view on screen (tests wait for it).
  let moving = false;
  map.on("movestart zoomstart", () => {
    moving = true;
    delete map.getContainer().dataset.badges;
  });
  map.on("moveend", () => {
    moving = false;
  });
  map.on("moveend resize legendtoggle", placeBadges);
  const sizeTimer = setInterval(() => {
    if (pending) {
      fitTo(...pending);
    } else {
      clearInterval(sizeTimer);
    }
  }, 100);
  const padding = config.padding || 12;
  if (config.fit) {
    fitTo(layer.getBounds(), padding);
  }
  function toggle(group, item, show) {
    if (show && !group.hasLayer(item)) {
      group.addLayer(item);
    }
    if (!show && group.hasLayer(item)) {
      group.removeLayer(item);
    }
  }
  let lastVisible = null;
  // Called with {visible: [ids] or null, selected: id or null, badges}: filters and
  // selection change the map in place, without rebuilding it.
  let lastState = { visible: null, selected: null, badges: {} };
  window.excursionApply = (state) => {
    window.excursionLastUpdate = Date.now(); // live state arrived (the projector's notice)
    apply(state);
  };
  // Seat badges come from the page's live state (a script run) and, where the map follows
  // it, from the seat feed (no script run): the counts read from the store last are shown.
  // The map's element says when they were read, so a test or a bench can tell their age.
  let seatSource = { readAt: -1, badges: {} };
  function newestSeats(badges, readAt) {
    if (badges && readAt >= seatSource.readAt) {
      seatSource = { readAt, badges };
      if (readAt > 0) {
        map.getContainer().setAttribute("data-seats-read-at", new Date(readAt).toISOString());
      }
    }
    return seatSource.badges;
  }
  window.excursionSeatsFeed = (badges, readAt) => {
    if (readAt > seatSource.readAt) {
      apply({ ...lastState, badges, read_at: new Date(readAt).toISOString() });
    }
  };
  function apply(state) {
    lastState = state;
    const shownBadges = newestSeats(state.badges, Date.parse(state.read_at || "") || 0);
    window.excursionSeats = shownBadges;
    const visible = state.visible ? new Set(state.visible) : null;
    selectedId = state.selected || tourId || null;
    for (const id of Object.keys(byId)) {
      const l = byId[id];
      const show = !visible || visible.has(id);
      toggle(layer, l, show);
      for (const mk of markersById[id] || []) {
        toggle(markers, mk, show);
      }
      if (show) {
        l.setStyle(styleFor(l.feature, false));
        const el = l.getElement?.();
        if (el) {
          el.classList.toggle("is-selected", id === selectedId);
        }
      }
    }
    for (const id of Object.keys(shownBadges)) {
      const l = byId[id];
      if (!l) {
        continue;
      }
      if (!badges[id]) {
        badges[id] = L.marker(l.feature.properties.mid, {
          interactive: false,
          keyboard: false,
          icon: L.divIcon({
            className: "seat-badge-icon seat-badge-icon--waiting", // until placed
            iconSize: null,
            html: '<span class="seat-badge"></span>',
          }),
        });
      }
      const b = badges[id];
      toggle(badgeLayer, b, !visible || visible.has(id));
      const el = b.getElement()?.querySelector(".seat-badge");
      if (el) {
        el.textContent = shownBadges[id][0];
        el.setAttribute("data-level", shownBadges[id][1]);
        el.setAttribute("data-route", id);
        // On the projector's tour the others' badges step back with their lines.
        el.classList.toggle("seat-badge--aside", !!tourId && id !== tourId);
      }
    }
    placeBadges();
    if (tappedId && state.selected === tappedId) {
      tappedId = null;
      showDetails();
    }
    halo.clearLayers();
    const sel = selectedId && byId[selectedId];
    if (sel && layer.hasLayer(sel)) {
      L.polyline(sel.getLatLngs(), {
        pane: "excursionHalo",
        color: "#000000",
        interactive: false,
        weight: styles[sel.feature.properties.mode].weight + 9,
        opacity: 0.35,
      }).addTo(halo);
      sel.bringToFront();
      // A newly selected excursion is brought into view, and zoomed to when it is small in
      // the view (a walk in the crowded centre is otherwise hard to find).
      const view = map.getBounds();
      const own = sel.getBounds();
      const small =
        own.getNorth() - own.getSouth() < 0.3 * (view.getNorth() - view.getSouth()) &&
        own.getEast() - own.getWest() < 0.3 * (view.getEast() - view.getWest());
      const fresh = selectedId !== lastFitted;
      if (!tourId && (pending || !view.contains(own) || (fresh && small))) {
        if (map._animatingZoom) {
          map.once("zoomend", () => fitTo(own, 24, false)); // after the first view's animation
        } else {
          fitTo(own, 24, false);
        }
      }
    }
    lastFitted = sel ? selectedId : null;
    const key = state.visible ? state.visible.join(",") : "*";
    if (lastVisible !== null && key !== lastVisible && layer.getLayers().length && !sel) {
      fitTo(layer.getBounds(), padding);
    }
    lastVisible = key;
  }
  // Seat badges never cover each other, the legend or the map's controls: each goes to the
  // free place along its own line nearest the line's middle (the selected one first); one
  // with no free place at this zoom waits for a closer zoom (its seats stay in the list and
  // the details). Re-placed whenever the view or the numbers change.
  function placeBadges() {
    const size = map.getSize();
    if (!size.x || !size.y || pending || moving) {
      return; // no room yet, or on the way to another view
    }
    const origin = map.getContainer().getBoundingClientRect();
    const taken = [];
    for (const el of map.getContainer().querySelectorAll(".leaflet-control")) {
      const r = el.getBoundingClientRect();
      if (r.width && r.height) {
        taken.push([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]);
      }
    }
    const ids = Object.keys(badges).filter((id) => badgeLayer.hasLayer(badges[id]));
    ids.sort((a, b) => (b === selectedId) - (a === selectedId) || (a < b ? -1 : 1));
    for (const id of ids) {
      const icon = badges[id].getElement();
      const el = icon?.querySelector(".seat-badge");
      if (!el) {
        continue;
      }
      icon.classList.remove("seat-badge-icon--waiting");
      const w = el.offsetWidth + 4;
      const h = el.offsetHeight + 4;
      let spot = null;
      for (const p of along(byId[id])) {
        const box = [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2];
        const inside = box[0] >= 0 && box[1] >= 0 && box[2] <= size.x && box[3] <= size.y;
        if (inside && !taken.some((t) => t[0] < box[2] && box[0] < t[2] && t[1] < box[3] && box[1] < t[3])) {
          spot = [p, box];
          break;
        }
      }
      if (spot) {
        badges[id].setLatLng(map.containerPointToLatLng(spot[0]));
        taken.push(spot[1]);
      } else {
        icon.classList.add("seat-badge-icon--waiting");
      }
    }
    map.getContainer().dataset.badges = "placed";
  }
  // On a phone the details are under the map: bring them into view after a tap selected a
  // line (they have a way back to the map). Same-origin parent; elsewhere nothing happens.
  function showDetails() {
    try {
      if (window.parent !== window && window.parent.innerWidth <= 640) {
        window.parent.document
          .querySelector(".st-key-route_details")
          ?.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    } catch (_e) {
      // not embedded in the app's page
    }
  }
  // Points on a line (screen pixels), from its middle outwards in steps of 4.5 % of its length.
  function along(line) {
    const pts = line
      .getLatLngs()
      .flat(3)
      .map((ll) => map.latLngToContainerPoint(ll));
    if (pts.length < 2) {
      return pts;
    }
    const dist = [0];
    for (let i = 1; i < pts.length; i += 1) {
      dist.push(dist[i - 1] + pts[i].distanceTo(pts[i - 1]));
    }
    const total = dist[dist.length - 1];
    const out = [];
    for (let k = 0; k <= 10; k += 1) {
      for (const f of k ? [0.5 - k * 0.045, 0.5 + k * 0.045] : [0.5]) {
        const at = f * total;
        let i = 1;
        while (i < pts.length - 1 && dist[i] < at) {
          i += 1;
        }
        const span = dist[i] - dist[i - 1] || 1;
        out.push(pts[i - 1].add(pts[i].subtract(pts[i - 1]).multiplyBy((at - dist[i - 1]) / span)));
      }
    }
    return out;
  }
  // The projector's tour marks the excursion its caption names: thicker, with a halo,
  // the others dimmed. The tour moves the view itself.
  window.excursionHighlight = (id) => {
    tourId = id;
    apply(lastState); // not an update from the server: the reconnecting notice still counts
  };
  layer.addTo(map);
  markers.addTo(map);
  if (config.feed) {
    followFeed(config.feed);
  }
  if (config.seats) {
    followSeats();
  }
  return layer;
};

// New seat counts without a script run: the page's seat follower (seats.js, in the same-
// origin parent) asks the seat feed and tells the map with an event; the map also takes
// what the follower already holds when it loads after it.
function followSeats() {
  let host = null;
  try {
    host = window.parent;
    host.addEventListener("excursions:seats", (e) => {
      window.excursionSeatsFeed(e.detail.badges, e.detail.readAt);
    });
  } catch (_e) {
    return; // not inside the app's page
  }
  const held = host.excursionsSeats;
  if (held?.doc) {
    window.excursionSeatsFeed(held.doc.badges, held.readAt);
  }
}

// The live state (filter, selection, seats) arrives without re-sending the map: the
// page writes it as JSON text into a hidden element of its own, and this iframe (same
// origin) reads it a few times a second. A refresh then re-sends a few hundred bytes
// instead of the whole map; the state is data, parsed, never inserted as markup.
function followFeed(selector) {
  let feedText = null;
  let feedState = null;
  let lastApplied = null;
  function readFeed() {
    let el = null;
    try {
      el = window.parent.document.querySelector(selector);
    } catch (_e) {
      return;
    }
    if (!el) {
      return;
    }
    const text = el.textContent;
    if (text !== feedText) {
      feedText = text;
      try {
        feedState = JSON.parse(text);
      } catch (_e) {
        feedState = null;
      }
    }
    if (feedState && lastApplied !== feedState) {
      window.excursionApply(feedState);
    }
  }
  const applyState = window.excursionApply;
  window.excursionApply = (state) => {
    lastApplied = state;
    applyState(state);
  };
  setInterval(readFeed, 250);
  setTimeout(readFeed, 0);
}
