// Matching articles per day as inline SVG bars (no library, works offline). Loaded before
// app.js, which calls drawChart(svgElement, perDay, onDayClicked).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const CHART = { width: 640, height: 160, top: 18, bottom: 24 };

function dayLabel(day) {
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function dayNumber(day) {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

// One bar per day with matches, placed on a continuous day axis so gaps show as gaps.
function drawChart(canvas, perDay, onDay) {
  canvas.replaceChildren();
  const days = Object.keys(perDay).sort();
  if (!days.length) return false;
  const first = dayNumber(days[0]);
  const span = dayNumber(days[days.length - 1]) - first + 1;
  const slot = CHART.width / span;
  const plot = CHART.height - CHART.top - CHART.bottom;
  const most = Math.max(...days.map((day) => perDay[day]));
  for (const day of days) {
    const count = perDay[day];
    const height = Math.max(2, (count / most) * plot);
    const bar = svg("rect", {
      class: "bar",
      "data-day": day,
      "data-count": count,
      x: (dayNumber(day) - first) * slot + slot * 0.1,
      y: CHART.top + plot - height,
      width: Math.max(1, slot * 0.8),
      height,
    });
    bar.appendChild(svg("title", {}, `${dayLabel(day)}: ${count} bài`));
    bar.addEventListener("click", () => onDay(day));
    canvas.appendChild(bar);
  }
  const baseline = CHART.height - CHART.bottom;
  canvas.appendChild(svg("line", { class: "axis", x1: 0, x2: CHART.width, y1: baseline, y2: baseline }));
  canvas.appendChild(svg("text", { class: "label", x: 2, y: CHART.height - 6 }, dayLabel(days[0])));
  if (days.length > 1) {
    const end = svg("text", { class: "label", x: CHART.width - 2, y: CHART.height - 6, "text-anchor": "end" },
      dayLabel(days[days.length - 1]));
    canvas.appendChild(end);
  }
  canvas.appendChild(svg("text", { class: "label", x: 2, y: 14 }, `tối đa ${most} bài/ngày`));
  return true;
}
