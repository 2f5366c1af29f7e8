// Sorting the organiser overview's table (excursions/ui/overview_panel.py) in the browser.
// A column header's button sorts by that column, a second press the other way round; the
// choice is kept for the browser tab (sessionStorage), so the table stays sorted when a
// page run draws it anew and when the seat follower changes its numbers. The page puts
// this script in with the table, and Streamlit runs it again whenever the table changes.
(() => {
  const KEY = "excursions-overview-sort";
  const TABLES = "table[data-sortable-table]";

  function chosen() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) || "null");
    } catch (_e) {
      return null;
    }
  }

  function sortTable(table) {
    const heads = [...table.tHead.rows[0].cells];
    const choice = chosen();
    const at = choice ? heads.findIndex((th) => th.dataset.column === choice.column) : -1;
    heads.forEach((th, i) => {
      if (i === at) {
        th.setAttribute("aria-sort", choice.descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    if (at < 0) {
      return;
    }
    const numeric = heads[at].dataset.type === "number";
    const lang = table.getAttribute("lang") || undefined;
    const body = table.tBodies[0];
    const rows = [...body.rows];
    const key = (row) => row.cells[at].getAttribute("data-sort") ?? row.cells[at].textContent;
    const sorted = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, lang);
      return choice.descending ? -order : order;
    });
    if (sorted.some((row, i) => row !== rows[i])) {
      body.append(...sorted);
    }
  }

  function sortAll() {
    for (const table of document.querySelectorAll(TABLES)) {
      sortTable(table);
    }
  }

  if (!window.excursionsOverviewSort) {
    window.excursionsOverviewSort = true;
    document.addEventListener("click", (event) => {
      const button = event.target.closest?.(`${TABLES} thead button`);
      if (!button) {
        return;
      }
      const column = button.closest("th").dataset.column;
      const choice = chosen();
      const descending = choice?.column === column ? !choice.descending : false;
      sessionStorage.setItem(KEY, JSON.stringify({ column, descending }));
      sortAll();
    });
    window.addEventListener("excursions:seats", sortAll); // new numbers: sort again
  }
  sortAll();
})();
