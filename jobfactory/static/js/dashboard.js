// Draws the dashboard's charts from the JSON the page embeds (#dashboard-data), with Chart.js
// served from our own static files (installed by npm ci: the product works offline).
(function () {
  "use strict";
  // Heights come as data: the content security policy refuses style attributes in the page.
  document.querySelectorAll(".plot[data-height]").forEach((plot) => {
    plot.style.height = `${Number(plot.dataset.height)}px`;
  });
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  const data = JSON.parse(source.textContent);
  const palette = ["#000091", "#18753c", "#b34000", "#6a6af4", "#c9191e", "#009099", "#a558a0", "#666666"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.locale = "fr-FR";
  Chart.defaults.maintainAspectRatio = false;
  const number = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const lines = (names, options) => ({
    type: "line",
    data: {
      labels: data.months,
      datasets: names.map((name, i) => ({
        label: data.series[name].label, data: data.series[name].values,
        borderColor: palette[i], backgroundColor: palette[i], tension: 0.2,
        // Sparse series (a month with no hire has no waiting time) show their points, unjoined.
        pointRadius: data.series[name].values.includes(null) ? 3 : 0, spanGaps: false,
      })),
    },
    options: Object.assign({ interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, ticks: { callback: (v) => number.format(v) } } } }, options || {}),
  });
  const builders = {
    stocks: () => lines(["registered", "eligible", "waiting", "employees"]),
    fte: () => lines(["fte", "month_fte"]),
    waiting: () => lines(["days_to_hire"]),
    exhaustivity: () => lines(["exhaustivity"], {
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + " %" } } },
      plugins: { subtitle: { display: Boolean(data.target), text: data.target ? "Objectif : 100 % au " + data.target : "" } },
    }),
    flows: () => ({
      type: "bar",
      data: {
        labels: data.months,
        datasets: [{ label: data.series.hires.label, data: data.series.hires.values, backgroundColor: palette[0], stack: "hires" }]
          .concat(data.exits.map((exit, i) => ({
            label: "Sortie : " + exit.label, data: exit.values.map((v) => -v),
            backgroundColor: palette[(i + 1) % palette.length], stack: "exits",
          }))),
      },
      options: { interaction: { mode: "index", intersect: false },
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0, callback: (v) => number.format(Math.abs(v)) } } },
        plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + " : " + number.format(Math.abs(c.raw)) } } } },
    }),
    activities: () => ({
      type: "bar",
      data: { labels: data.activities.labels, datasets: [
        { label: "Activités", data: data.activities.counts, backgroundColor: palette[0], yAxisID: "y" },
        { label: "Heures par semaine", data: data.activities.hours, backgroundColor: palette[3], yAxisID: "hours" }] },
      options: { scales: { y: { beginAtZero: true, position: "left" },
        hours: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } } } },
    }),
    ledger: () => ({
      type: "line",
      data: { labels: data.months, datasets: [
        { label: "Effet direct sur les finances publiques (€ par mois)", data: data.ledger.effect, borderColor: palette[1], backgroundColor: palette[1], pointRadius: 0 },
        { label: "Argent public versé (€ par mois)", data: data.ledger.money, borderColor: palette[2], backgroundColor: palette[2], pointRadius: 0 }] },
      options: { interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => euros.format(v) } } },
        plugins: { tooltip: { callbacks: { label: (c) => c.dataset.label + " : " + euros.format(c.raw) } } } },
    }),
    territories: () => ({
      type: "bar",
      data: { labels: data.territories.labels, datasets: [
        { label: "Exhaustivité (%)", data: data.territories.exhaustivity, backgroundColor: palette[1], maxBarThickness: 18 }] },
      options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    }),
    breakdown: (canvas) => {
      const item = data.breakdowns[Number(canvas.dataset.index)];
      return {
        type: "bar",
        data: { labels: item.labels, datasets: [{ label: item.title, data: item.values, backgroundColor: palette[0] }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
      };
    },
  };
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const build = builders[canvas.dataset.chart];
    if (build) { new Chart(canvas, build(canvas)); }
  });
})();
