// Tells the viewer when background tiles fail (offline venue) while the routes stay.
// config: {message, always, corner}; tiles: the tile layer, or null when tiles are off.
window.excursionTileNotice = (map, config, tiles) => {
  const notice = L.control({ position: config.corner || "topright" });
  let div;
  notice.onAdd = () => {
    div = L.DomUtil.create("div", "excursion-notice");
    div.setAttribute("role", "status");
    div.textContent = config.message;
    div.hidden = !config.always;
    return div;
  };
  notice.addTo(map);
  if (tiles) {
    let failed = 0;
    tiles.on("tileerror", () => {
      failed += 1;
      if (failed >= 2) {
        div.hidden = false;
      }
    });
    tiles.on("tileload", () => {
      failed = 0;
      div.hidden = true;
    });
  }
};
