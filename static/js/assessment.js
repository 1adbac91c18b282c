/* Live subtotals per group and the 0-100 total of an assessment form.
 *
 * The same rule as criteria.services.score_total: the weighted mean of score / maximum,
 * times 100; an empty score counts as 0. The server computes the total again when saving.
 * A form is sent once: the buttons are disabled after the first click.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-assessment-form]");
  if (!form) {
    return;
  }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-max]"));
  var totalOutput = form.querySelector("[data-total]");
  var levelOutput = form.querySelector("[data-level]");
  var levelsNode = document.getElementById("assessment-levels");
  var levels = levelsNode ? JSON.parse(levelsNode.textContent) : [];
  var lang = document.documentElement.lang || "vi";
  var format = new Intl.NumberFormat(lang, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  var formatTotal = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function valueOf(input) {
    var raw = (input.value || "").replace(",", ".");
    if (raw === "") {
      return { value: 0, valid: true, empty: true };
    }
    var value = Number(raw);
    var max = Number(input.dataset.max);
    var valid = isFinite(value) && value >= 0 && value <= max;
    return { value: valid ? value : 0, valid: valid, empty: false };
  }

  function levelFor(total) {
    var reached = null;
    levels.forEach(function (level) {
      var minimum = Number(level.min);
      if (total >= minimum && (reached === null || minimum > Number(reached.min))) {
        reached = level;
      }
    });
    return reached;
  }

  function recompute() {
    var groups = {};
    var weighted = 0;
    var weights = 0;
    inputs.forEach(function (input) {
      var score = valueOf(input);
      var max = Number(input.dataset.max);
      var weight = Number(input.dataset.weight) || 1;
      input.classList.toggle("is-invalid", !score.valid);
      groups[input.dataset.group] = (groups[input.dataset.group] || 0) + score.value;
      weighted += (score.value / max) * weight;
      weights += weight;
    });
    Object.keys(groups).forEach(function (group) {
      var node = form.querySelector('[data-subtotal="' + group + '"]');
      if (node) {
        node.textContent = format.format(groups[group]);
      }
    });
    var total = weights ? Math.round((weighted / weights) * 10000) / 100 : 0;
    if (totalOutput) {
      totalOutput.textContent = formatTotal.format(total);
    }
    if (levelOutput) {
      var level = levelFor(total);
      levelOutput.textContent = level ? "→ " + level.label : "";
    }
  }

  inputs.forEach(function (input) {
    input.addEventListener("input", recompute);
  });

  form.addEventListener("submit", function (event) {
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    // Disabled buttons are not sent: keep the clicked one's action in a hidden field.
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  recompute();
})();
