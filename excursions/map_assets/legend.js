// The mode legend; its markup is built and escaped on the server (mapview.Legend). It folds
// away (a <details> element): closed from the start on a narrow map, where it would cover
// a good part of the lines.
window.excursionLegend = (map, html) => {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "excursion-legend");
    div.innerHTML = html;
    L.DomEvent.disableClickPropagation(div);
    const fold = div.querySelector("details");
    if (fold) {
      fold.open = window.innerWidth >= 500; // the map's own frame
      fold.addEventListener("toggle", () => map.fire("legendtoggle"));
    }
    return div;
  };
  legend.addTo(map);
};
