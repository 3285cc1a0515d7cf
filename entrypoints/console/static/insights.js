// The insights page's charts (Chart.js): each <canvas data-chart="name"> draws the series
// of that name from the page's <script type="application/json" id="insight-charts">.
// Every chart has a table of the same figures next to it, so nothing depends on this.
"use strict";

(function () {
  function sampleNote(series, index, unit) {
    const n = series.samples[index];
    return `sample: ${n} ${unit}${n === 1 ? "" : "s"}`;
  }

  function draw(canvas, series) {
    // One point makes no line: a bar shows it.
    const kind = canvas.dataset.kind === "line" && series.labels.length > 1 ? "line" : "bar";
    const percent = canvas.dataset.chart === "hashtags" || canvas.dataset.chart === "completion";
    const unit = canvas.dataset.chart === "daily_views" ? "day" : "video";
    return new window.Chart(canvas, {
      type: kind,
      data: {
        labels: series.labels,
        datasets: [
          {
            label: canvas.dataset.label || "",
            data: series.values,
            borderColor: "#0b57d0",
            backgroundColor: kind === "line" ? "rgba(11, 87, 208, 0.15)" : "#0b57d0",
            fill: kind === "line",
            tension: 0.2,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => `${canvas.dataset.label}: ${item.formattedValue}${percent ? "%" : ""}`,
              afterLabel: (item) => sampleNote(series, item.dataIndex, unit),
            },
          },
        },
        scales: { y: { beginAtZero: true } },
      },
    });
  }

  function start() {
    const source = document.getElementById("insight-charts");
    if (!source || typeof window.Chart === "undefined") return;
    const charts = JSON.parse(source.textContent || "{}");
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const series = charts[canvas.dataset.chart];
      if (series && series.labels && series.labels.length) draw(canvas, series);
    });
  }

  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
