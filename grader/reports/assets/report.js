"use strict";
// Sort a table by a column when its header is clicked (or Enter is pressed on it); cells
// with a data-sort value sort by it, numbers as numbers, everything else as text.
function sortBy(table, column, header) {
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  for (const cell of table.tHead.rows[0].cells) cell.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const key = (row) => {
    const cell = row.cells[column];
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const numeric = x !== "" && y !== "" && !isNaN(Number(x)) && !isNaN(Number(y));
    const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
    return ascending ? order : -order;
  });
  for (const row of rows) body.appendChild(row);
}

for (const table of document.querySelectorAll("table.sortable")) {
  Array.from(table.tHead.rows[0].cells).forEach((header, column) => {
    header.tabIndex = 0;
    header.addEventListener("click", () => sortBy(table, column, header));
    header.addEventListener("keydown", (event) => {
      if (event.key === "Enter") sortBy(table, column, header);
    });
  });
}
document.documentElement.classList.add("scripted");
