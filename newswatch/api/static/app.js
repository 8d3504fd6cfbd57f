// newswatch search page: form ⇄ URL query string ⇄ /api/search, results and a per-day chart.
// No framework, no CDN: it must work offline. Crawled text is never parsed as HTML: the DOM is
// built with textContent, and the snippet's only markup, <mark>, is re-created as elements.
"use strict";

const PAGE_SIZE = 20;
const KEY_STORAGE = "newswatch-api-key";

const $ = (id) => document.getElementById(id);
let nextToken = null;
let currentState = null;

// ---- state: the URL query string is the single source of truth (shareable links) ----------

function stateFromUrl() {
  const params = new URLSearchParams(window.location.search);
  return {
    q: params.get("q") || "",
    from: params.get("from") || "",
    to: params.get("to") || "",
    sort: params.get("sort") || "",
    source: params.getAll("source").filter(Boolean),
    collapse: params.get("collapse") !== "none", // one hit per story unless turned off
  };
}

function stateFromForm() {
  const checked = document.querySelectorAll("#sources input[type=checkbox]:checked");
  return {
    q: $("q").value.trim(),
    from: $("from").value,
    to: $("to").value,
    sort: $("sort").value,
    source: Array.from(checked, (box) => box.value),
    collapse: $("collapse").checked,
  };
}

function queryString(state) {
  const params = new URLSearchParams();
  for (const name of ["q", "from", "to", "sort"]) {
    if (state[name]) params.set(name, state[name]);
  }
  for (const source of state.source) params.append("source", source);
  return params.toString();
}

// The page's own URL: the search plus the story toggle (on unless the URL says none).
function pageQuery(state) {
  const params = new URLSearchParams(queryString(state));
  if (!state.collapse) params.set("collapse", "none");
  return params.toString();
}

function fillForm(state) {
  $("q").value = state.q;
  $("from").value = state.from;
  $("to").value = state.to;
  $("sort").value = state.sort;
  $("collapse").checked = state.collapse;
  ensureSourceBoxes(state.source);
  for (const box of document.querySelectorAll("#sources input[type=checkbox]")) {
    box.checked = state.source.includes(box.value);
  }
}

// ---- talking to the API --------------------------------------------------------------------

async function getJson(path) {
  const headers = { Accept: "application/json" };
  const key = window.sessionStorage.getItem(KEY_STORAGE);
  if (key) headers["X-API-Key"] = key;
  const response = await fetch(path, { headers });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const error = new Error((body && body.detail) || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function searchPath(state, token) {
  const params = new URLSearchParams(queryString(state));
  if (!state.sort) params.set("sort", state.q ? "relevance" : "date");
  params.set("size", String(PAGE_SIZE));
  if (state.collapse) params.set("collapse", "story");
  if (token) params.set("page_token", token);
  return `/api/search?${params}`;
}

// ---- rendering -----------------------------------------------------------------------------

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, name) => {
    const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name.toLowerCase()];
    if (named) return named;
    const code = name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// The backends send HTML-escaped text with <mark> around matches. Trust nothing else: split on
// exactly "<mark>" and "</mark>", turn every other piece into a text node (entities decoded, so
// "&lt;script&gt;" reads as "<script>" but stays text), and rebuild the marks as elements.
function appendSnippet(parent, snippet) {
  let target = parent;
  for (const part of String(snippet || "").split(/(<\/?mark>)/)) {
    if (part === "<mark>") {
      if (target === parent) {
        target = document.createElement("mark");
        parent.appendChild(target);
      }
    } else if (part === "</mark>") {
      target = parent;
    } else if (part) {
      target.appendChild(document.createTextNode(decodeEntities(part)));
    }
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderHit(hit) {
  const item = element("li", "hit");
  const heading = element("h2", "hit-title");
  const link = element("a", "", hit.title || "(không có tiêu đề)");
  if (/^https?:\/\//i.test(hit.url)) {
    link.href = hit.url;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
  }
  heading.appendChild(link);
  item.appendChild(heading);
  const inside = element("a", "hit-read", "Đọc trong newswatch");
  inside.href = `#bai/${encodeURIComponent(hit.id)}`;
  const meta = element("p", "hit-meta");
  meta.appendChild(element("span", "hit-source", hit.source));
  meta.appendChild(document.createTextNode(" · "));
  const time = element("time", "hit-time", localTimeWithZone(hit.published_at));
  if (hit.published_at) time.dateTime = hit.published_at;
  meta.appendChild(time);
  const amounts = hit.facts ? hit.facts.amounts.map((amount) => amount.text) : [];
  if (amounts.length) meta.appendChild(element("span", "hit-amounts", ` · ${amounts.join(", ")}`));
  meta.appendChild(document.createTextNode(" · "));
  meta.appendChild(inside);
  item.appendChild(meta);
  const snippet = element("p", "hit-snippet");
  appendSnippet(snippet, hit.snippet);
  item.appendChild(snippet);
  const versions = renderVersions(hit);
  if (versions) item.appendChild(versions);
  return item;
}

function ensureSourceBoxes(names) {
  const box = $("sources");
  const known = new Set(Array.from(box.querySelectorAll("input"), (input) => input.value));
  for (const name of names) {
    if (known.has(name)) continue;
    known.add(name);
    const label = element("label", "source");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = "source";
    input.value = name;
    input.addEventListener("change", submitForm);
    label.appendChild(input);
    label.appendChild(element("span", "", name));
    label.appendChild(element("span", "count", ""));
    box.appendChild(label);
  }
}

function showStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function showError(error) {
  $("key-box").hidden = !(error.status === 401 || error.status === 403);
  showStatus(vietnameseError(error), true);
}

// ---- flow ----------------------------------------------------------------------------------

async function runSearch(state, token) {
  currentState = state;
  showStatus("Đang tìm…");
  let result;
  try {
    result = await getJson(searchPath(state, token));
  } catch (error) {
    if (!token) {
      $("results").replaceChildren();
      $("chart").hidden = true;
      $("more").hidden = true;
    }
    showError(error);
    return;
  }
  if (state !== currentState) return; // a newer search started meanwhile
  const list = $("results");
  if (!token) {
    list.replaceChildren();
    const drawn = drawChart($("chart-svg"), result.per_day, showRange);
    $("chart").hidden = !drawn;
    renderFacets(result);
    updateExport(queryString(state), result.total);
  }
  for (const hit of result.hits) list.appendChild(renderHit(hit));
  nextToken = result.next_page_token;
  $("more").hidden = !nextToken;
  const shown = list.children.length;
  const unit = state.collapse ? "sự kiện" : "bài";
  showStatus(result.total ? `Tìm thấy ${result.total} ${unit} (đang hiện ${shown}).` : "Không tìm thấy bài nào.");
}

function submitForm(event) {
  if (event) event.preventDefault();
  const state = stateFromForm();
  const query = pageQuery(state);
  window.history.pushState(null, "", query ? `/?${query}` : "/");
  runSearch(state, null);
}

function showRange(from, to) {
  $("from").value = from;
  $("to").value = to;
  submitForm();
}

async function loadSources() {
  try {
    const sources = await getJson("/api/sources");
    // Only add the boxes: the ones the URL names were made and checked by start(), and the form
    // may hold what the user typed while this request was on its way.
    ensureSourceBoxes(sources.map((source) => source.name));
    applySourceCounts();
  } catch (error) {
    showError(error);
  }
}

function start() {
  const state = stateFromUrl();
  fillForm(state);
  $("search-form").addEventListener("submit", submitForm);
  for (const id of ["from", "to", "sort", "collapse"]) $(id).addEventListener("change", submitForm);
  $("clear-dates").addEventListener("click", () => {
    $("from").value = "";
    $("to").value = "";
    submitForm();
  });
  $("more").addEventListener("click", () => runSearch(currentState, nextToken));
  $("save-key").addEventListener("click", () => {
    window.sessionStorage.setItem(KEY_STORAGE, $("api-key").value);
    $("key-box").hidden = true;
    loadSources();
    runSearch(stateFromUrl(), null);
  });
  window.addEventListener("popstate", () => {
    const previous = stateFromUrl();
    fillForm(previous);
    runSearch(previous, null);
  });
  startViews(getJson);
  loadSources();
  runSearch(state, null);
}

document.addEventListener("DOMContentLoaded", start);
