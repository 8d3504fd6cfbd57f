// Source health page: one row per source from /api/sources, its crawls from /api/runs (the
// run history every crawl writes). Text only through textContent.
"use strict";

const STATES = { ok: "tốt", partial: "một phần lỗi", failed: "thất bại", timeout: "quá giờ",
  killed: "bị dừng", running: "đang chạy", skipped: "bỏ qua" };

async function readJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(`HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function runsOf(runs, name) {
  return runs.filter((run) => run.sources.includes(name) && run.status !== "running");
}

function cell(row, text, className) {
  const td = node("td", className, text);
  row.appendChild(td);
  return td;
}

function sourceRow(source, runs) {
  const row = node("tr");
  row.dataset.source = source.name;
  cell(row, source.configured ? source.name : `${source.name} (không còn cấu hình)`);
  const mine = runsOf(runs, source.name);
  const last = mine[0];
  if (!last) {
    cell(row, "chưa thu thập lần nào");
    cell(row, "—");
  } else {
    cell(row, localTimeWithZone(last.ended_at || last.started_at));
    const state = (last.outcomes && last.outcomes[source.name]) || last.status;
    const shown = cell(row, STATES[state] || state, `state-${state}`);
    shown.dataset.state = state;
  }
  // Per-source crawl records (kept articles per crawl) when the API has them, else the new
  // articles of each recorded run that included the source.
  const perRun = Array.isArray(source.recent_runs) && source.recent_runs.length
    ? source.recent_runs.slice(0, 5).map((run) => run.kept)
    : mine.slice(0, 5).map((run) => run.new);
  cell(row, perRun.join(" · ") || "—");
  cell(row, String(source.stored));
  const warnings = cell(row, (source.warnings || []).join("; "), "warnings");
  warnings.lang = "en"; // the crawler's own words
  return row;
}

async function start() {
  showStale();
  try {
    const [sources, runs] = await Promise.all([readJson("/api/sources"), readJson("/api/runs?limit=500")]);
    const body = document.querySelector("#health tbody");
    body.replaceChildren(...sources.map((source) => sourceRow(source, runs)));
    document.getElementById("health").hidden = false;
    document.getElementById("status").textContent = `${sources.length} nguồn tin.`;
  } catch (error) {
    const status = document.getElementById("status");
    status.textContent = vietnameseError(error);
    status.classList.add("error");
  }
}

document.addEventListener("DOMContentLoaded", start);
