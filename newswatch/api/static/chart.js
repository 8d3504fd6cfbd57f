// Matching articles over time as inline SVG bars (no library, works offline). One bar per day,
// per ISO week or per month, whichever keeps the bars readable as the range grows. Loaded
// before app.js, which calls drawChart(svgElement, perDay, onRange(fromDay, toDay)).
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const CHART = { width: 640, height: 160, top: 18, bottom: 24 };
const WEEKS_AFTER_DAYS = 92;
const MONTHS_AFTER_DAYS = 400;
const UNIT_NAMES = { day: "ngày", week: "tuần", month: "tháng" };

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

function dayOf(number) {
  return new Date(number * 86400000).toISOString().slice(0, 10);
}

// The bucket a day falls in: itself, its Monday-to-Sunday week, or its calendar month.
function bucketOf(day, unit) {
  if (unit === "day") return [day, day];
  if (unit === "month") {
    const [y, m] = day.split("-").map(Number);
    return [`${day.slice(0, 7)}-01`, dayOf(Date.UTC(y, m, 0) / 86400000)];
  }
  const number = dayNumber(day);
  const monday = number - ((new Date(number * 86400000).getUTCDay() + 6) % 7);
  return [dayOf(monday), dayOf(monday + 6)];
}

function chartUnit(days) {
  const span = dayNumber(days[days.length - 1]) - dayNumber(days[0]) + 1;
  if (span > MONTHS_AFTER_DAYS) return "month";
  return span > WEEKS_AFTER_DAYS ? "week" : "day";
}

// { unit, buckets: [{from, to, count}] } in time order.
function groupDays(perDay) {
  const days = Object.keys(perDay).sort();
  const unit = chartUnit(days);
  const buckets = new Map();
  for (const day of days) {
    const [from, to] = bucketOf(day, unit);
    const bucket = buckets.get(from) || { from, to, count: 0 };
    bucket.count += perDay[day];
    buckets.set(from, bucket);
  }
  return { unit, buckets: Array.from(buckets.values()) };
}

function bucketLabel(bucket, unit) {
  if (unit === "day") return dayLabel(bucket.from);
  if (unit === "month") return `tháng ${bucket.from.slice(5, 7)}/${bucket.from.slice(0, 4)}`;
  return `tuần ${dayLabel(bucket.from)} – ${dayLabel(bucket.to)}`;
}

// One bar per bucket with matches, on a continuous time axis so gaps show as gaps.
function drawChart(canvas, perDay, onRange) {
  canvas.replaceChildren();
  if (!Object.keys(perDay).length) return false;
  const { unit, buckets } = groupDays(perDay);
  const first = dayNumber(buckets[0].from);
  const span = dayNumber(buckets[buckets.length - 1].to) - first + 1;
  const scale = CHART.width / span;
  const plot = CHART.height - CHART.top - CHART.bottom;
  const most = Math.max(...buckets.map((bucket) => bucket.count));
  for (const bucket of buckets) {
    const height = Math.max(2, (bucket.count / most) * plot);
    const width = (dayNumber(bucket.to) - dayNumber(bucket.from) + 1) * scale;
    const bar = svg("rect", {
      class: "bar",
      "data-day": bucket.from,
      "data-to": bucket.to,
      "data-count": bucket.count,
      x: (dayNumber(bucket.from) - first) * scale + width * 0.1,
      y: CHART.top + plot - height,
      width: Math.max(1, width * 0.8),
      height,
    });
    bar.appendChild(svg("title", {}, `${bucketLabel(bucket, unit)}: ${bucket.count} bài`));
    bar.addEventListener("click", () => onRange(bucket.from, bucket.to));
    canvas.appendChild(bar);
  }
  const baseline = CHART.height - CHART.bottom;
  canvas.appendChild(svg("line", { class: "axis", x1: 0, x2: CHART.width, y1: baseline, y2: baseline }));
  canvas.appendChild(svg("text", { class: "label", x: 2, y: CHART.height - 6 }, dayLabel(buckets[0].from)));
  if (span > 1) {
    const end = svg("text", { class: "label", x: CHART.width - 2, y: CHART.height - 6, "text-anchor": "end" },
      dayLabel(buckets[buckets.length - 1].to));
    canvas.appendChild(end);
  }
  canvas.appendChild(svg("text", { class: "label", x: 2, y: 14 }, `tối đa ${most} bài/${UNIT_NAMES[unit]}`));
  canvas.dataset.unit = unit;
  const caption = canvas.parentNode && canvas.parentNode.querySelector("figcaption");
  if (caption) caption.textContent = `Số bài khớp theo ${UNIT_NAMES[unit]}`;
  return true;
}
