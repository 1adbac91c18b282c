/* Behaviours of every page (loaded by templates/base.html; no inline code: the CSP forbids it).
 *  - The error summary (templates/includes/error_summary.html) takes the focus when the page
 *    loads, so that keyboard and screen reader users start from what is wrong; its links move
 *    the focus to their field.
 *  - Text boxes grow with their text: every <textarea> (data-autogrow="off" to opt out) is at
 *    least 3 lines tall and grows to fit what is typed, up to most of the screen. Browsers that
 *    know CSS field-sizing do it from static/css/site.css alone; this is the fallback. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  }

  if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) {
    return;
  }

  function grow(box) {
    box.style.height = "auto";
    var limit = window.innerHeight * 0.6;
    var wanted = box.scrollHeight + box.offsetHeight - box.clientHeight;
    box.style.height = Math.min(wanted, limit) + "px";
  }

  document.querySelectorAll("textarea:not([data-autogrow='off'])").forEach(function (box) {
    box.classList.add("autogrow");
    grow(box);
    box.addEventListener("input", function () { grow(box); });
  });
})();
