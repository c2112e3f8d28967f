// On phones app.css shows each table row as a card, one cell per line. A cell
// then needs its column's name beside it, which the table states once, in its
// header row: copy it to each cell's data-label (app.css prints it), here
// rather than in every template. Rows htmx swaps in are labelled as they load.
// A table laid out as blocks may lose its table semantics in some browsers, so
// the roles are stated too: screen readers still read each cell's header.
(function () {
  "use strict";

  function columnNames(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var names = [];
    if (!row) return names;
    Array.prototype.forEach.call(row.cells, function (cell) {
      for (var span = 0; span < cell.colSpan; span += 1) names.push(cell.textContent.trim());
    });
    return names;
  }

  function keepRoles(table) {
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell) {
        var header = cell.tagName === "TH";
        var inHead = row.parentNode.tagName === "THEAD";
        cell.setAttribute("role", header ? (inHead ? "columnheader" : "rowheader") : "cell");
      });
    });
  }

  function label(table) {
    keepRoles(table);
    var names = columnNames(table);
    if (!names.length) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          // A cell spanning every column ("nothing found") stands alone.
          if (!cell.hasAttribute("data-label") && cell.colSpan < names.length && names[column]) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan;
        });
      });
    });
  }

  function labelWithin(root) {
    var table = root.closest && root.closest("table");
    if (table) return label(table);
    if (root.querySelectorAll) Array.prototype.forEach.call(root.querySelectorAll("table"), label);
  }

  document.addEventListener("DOMContentLoaded", function () { labelWithin(document); });
  document.addEventListener("htmx:load", function (event) { labelWithin(event.target); });
})();
