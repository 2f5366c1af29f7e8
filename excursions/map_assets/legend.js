// The mode legend; its markup is built and escaped on the server (mapview.Legend).
window.excursionLegend = (map, html) => {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "excursion-legend");
    div.innerHTML = html;
    return div;
  };
  legend.addTo(map);
};
