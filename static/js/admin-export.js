/* django-import-export's "select all" box of the export page (templates/admin/import_export/
 * export.html): its handler, onSelectToggleChange from export_selectable_fields.js, attached
 * here rather than in an onchange attribute. */
(function () {
  "use strict";
  if (typeof window.onSelectToggleChange !== "function") {
    return;
  }
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", window.onSelectToggleChange);
  });
})();
