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
// Search and filter the students' table; the count says how many rows are left.
const search = document.getElementById("search");
const filter = document.getElementById("filter");
const tests = {
  all: () => true,
  waiting: (row) => row.dataset.waiting === "1",
  "not-run": (row) => row.dataset.status !== "graded",
  "under-half": (row) => Number(row.dataset.share) < 50,
};
function narrow() {
  const rows = Array.from(document.querySelectorAll("#students tbody tr"));
  const words = search.value.trim().toLowerCase();
  const keep = tests[filter.value] || tests.all;
  let shown = 0;
  for (const row of rows) {
    row.hidden = !(keep(row) && (!words || row.dataset.student.includes(words)));
    if (!row.hidden) shown += 1;
  }
  document.getElementById("shown").textContent = `${shown} of ${rows.length} shown`;
}
if (search && filter) {
  search.addEventListener("input", narrow);
  filter.addEventListener("change", narrow);
}
document.documentElement.classList.add("scripted");
