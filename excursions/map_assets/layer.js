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
  const layer = L.geoJSON(config.data, {
    style: (f) => styleFor(f, false),
    onEachFeature: (f, l) => {
      byId[f.properties.id] = l;
      l.bindTooltip(label(f.properties.label), { sticky: true });
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
  function fitTo(bounds, padding) {
    pending = [bounds, padding];
    map.invalidateSize();
    if (map.getSize().y > 0) {
      map.fitBounds(bounds, { padding: [padding, padding] });
      pending = null;
    }
  }
  const sizeTimer = setInterval(() => {
    if (pending) {
      fitTo(pending[0], pending[1]);
    } else {
      clearInterval(sizeTimer);
    }
  }, 100);
  if (config.fit) {
    fitTo(layer.getBounds(), 12);
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
  function apply(state) {
    lastState = state;
    window.excursionSeats = state.badges || {};
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
    for (const id of Object.keys(state.badges || {})) {
      const l = byId[id];
      if (!l) {
        continue;
      }
      if (!badges[id]) {
        badges[id] = L.marker(l.feature.properties.mid, {
          interactive: false,
          keyboard: false,
          icon: L.divIcon({
            className: "seat-badge-icon",
            iconSize: null,
            html: '<span class="seat-badge"></span>',
          }),
        });
      }
      const b = badges[id];
      toggle(badgeLayer, b, !visible || visible.has(id));
      const el = b.getElement()?.querySelector(".seat-badge");
      if (el) {
        el.textContent = state.badges[id][0];
        el.setAttribute("data-level", state.badges[id][1]);
        el.setAttribute("data-route", id);
      }
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
      if (!tourId && (pending || !map.getBounds().contains(sel.getBounds()))) {
        fitTo(sel.getBounds(), 24);
      }
    }
    const key = state.visible ? state.visible.join(",") : "*";
    if (lastVisible !== null && key !== lastVisible && layer.getLayers().length && !sel) {
      fitTo(layer.getBounds(), 12);
    }
    lastVisible = key;
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
  return layer;
};

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
