// Projector mode: a slow tour that flies to each excursion in turn, with a big caption,
// and a discreet "reconnecting" notice when live updates stop arriving. It runs on its
// own timer in the browser, so the server does no work for it.
// config: {stops, words, seconds, staleMs, dark}
window.excursionKiosk = (map, config) => {
  const { stops, words } = config;
  const container = map.getContainer();
  container.classList.add("kiosk");
  // The page sizes the iframe to the screen; the map fills the iframe.
  container.style.height = "100vh";
  document.body.style.margin = "0";
  map.invalidateSize();
  window.addEventListener("resize", () => map.invalidateSize());
  if (config.dark) {
    container.classList.add("kiosk-dark");
  }
  let caption;
  let title;
  let facts;
  let seats;
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => {
    caption = L.DomUtil.create("div", "kiosk-caption");
    caption.setAttribute("aria-live", "polite");
    title = L.DomUtil.create("div", "kiosk-title", caption);
    facts = L.DomUtil.create("div", "kiosk-facts", caption);
    seats = L.DomUtil.create("div", "kiosk-seats", caption);
    return caption;
  };
  control.addTo(map);
  const notice = L.control({ position: "topright" });
  let noticeDiv;
  notice.onAdd = () => {
    noticeDiv = L.DomUtil.create("div", "kiosk-reconnecting");
    noticeDiv.textContent = words.reconnecting;
    noticeDiv.hidden = true;
    return noticeDiv;
  };
  notice.addTo(map);
  const bounds = {};
  map.eachLayer((l) => {
    if (l.feature?.properties && l.getBounds && l.feature.properties.mode) {
      bounds[l.feature.properties.id] = l.getBounds();
    }
  });
  let index = -1;
  function seatText(id) {
    const s = window.excursionSeats?.[id];
    if (!s) {
      return ["", false];
    }
    return s[1] === "full" ? [words.full, true] : [`${s[0]} ${words.seats}`, false];
  }
  function show(stop) {
    const st = seatText(stop.id);
    title.textContent = stop.title;
    facts.textContent = stop.facts;
    seats.textContent = st[0];
    caption.setAttribute("data-route", stop.id);
    caption.setAttribute("data-full", st[1] ? "true" : "false");
  }
  function next() {
    if (!stops.length) {
      return;
    }
    index = (index + 1) % stops.length;
    const stop = stops[index];
    show(stop);
    window.excursionHighlight?.(stop.id);
    if (bounds[stop.id]) {
      map.flyToBounds(bounds[stop.id], {
        padding: [60, 60],
        duration: Math.min(2.5, config.seconds / 3),
        maxZoom: 14,
      });
    }
  }
  // Keep the caption's seat count current between moves.
  setInterval(() => {
    if (index >= 0) {
      show(stops[index]);
    }
    const quiet = Date.now() - (window.excursionLastUpdate || Date.now());
    noticeDiv.hidden = quiet < config.staleMs;
  }, 1000);
  let started = false;
  function start() {
    if (started || map.getSize().y === 0) {
      return;
    }
    started = true;
    next();
    setInterval(next, config.seconds * 1000);
  }
  const wait = setInterval(() => {
    start();
    if (started) {
      clearInterval(wait);
    }
  }, 200);
};
