/* Draws every report chart from its json_script (see reports/dashboard/charts.py), in a box
 * as high as the json says.
 * The table under each chart holds the same numbers; the canvas is decoration for it. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  var locale = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false; // charts appear at once, and print as drawn

  function build(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    // The box's height comes with the data: a style attribute would break the
    // Content-Security-Policy, a property set from a script does not.
    canvas.parentNode.style.height = spec.height + "px";
    var horizontal = Boolean(spec.horizontal);
    var suffix = spec.suffix || "";
    var valueAxis = {
      beginAtZero: true,
      stacked: Boolean(spec.stacked),
      ticks: { callback: function (value) { return number.format(value) + suffix; } },
    };
    if (spec.max) {
      valueAxis.max = spec.max;
    }
    // On a phone a unit's name would take the whole chart: cut it shorter (the tooltip and
    // the table under the chart keep the full name).
    var labelLimit = canvas.parentNode.clientWidth < 500 ? 18 : 38;
    var labelAxis = {
      stacked: Boolean(spec.stacked),
      ticks: { autoSkip: false, callback: function (value) {
        var text = this.getLabelForValue(value);
        return text.length > labelLimit ? text.slice(0, labelLimit - 2) + "…" : text;
      } },
    };
    var datasets = spec.datasets.map(function (series) {
      return {
        label: series.label,
        data: series.data,
        backgroundColor: series.color,
        borderColor: series.color,
        borderWidth: spec.type === "line" ? 2 : 0,
        maxBarThickness: 28,
        tension: 0,
        spanGaps: true,
      };
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        responsive: true,
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: { position: "bottom", display: datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? "–" : number.format(item.raw) + suffix;
                return item.dataset.label + ": " + value;
              },
            },
          },
        },
      },
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(build);
  // A printed page redraws the charts at the paper's width.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
