// The search page's side views: the stale-data banner, export links, facets with counts, the
// article view inside the tool, and every error in Vietnamese without internals. Loaded before
// app.js, which calls these; nothing here parses crawled text as HTML.
"use strict";

const FACET_NAMES = {
  per_source: "Nguồn",
  per_section: "Chuyên mục",
  per_zone: "Khu",
  per_country: "Nhà đầu tư từ",
  per_event: "Sự kiện",
};

function node(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

// "2021-01-16T09:00:00+07:00" → "16/01/2021 09:00 (GMT+07:00)": local time, zone named.
function localTimeWithZone(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/.exec(iso || "");
  if (!m) return "không rõ thời gian";
  const zone = !m[6] || m[6] === "Z" ? "GMT" : `GMT${m[6]}`;
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]} (${zone})`;
}

// One sentence per failure a reader can act on; server details (hosts, ports) stay in its log.
function vietnameseError(error) {
  const status = error && error.status;
  if (status === 401 || status === 403) return "Máy chủ yêu cầu khóa API: nhập khóa rồi thử lại.";
  if (status === 404) return "Không tìm thấy nội dung này (có thể đã bị xóa).";
  if (status === 422) return "Yêu cầu không hợp lệ: kiểm tra cú pháp tìm kiếm và ngày (ví dụ 29/11/2026).";
  if (status === 503) return "Kho dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.";
  if (status) return "Máy chủ gặp lỗi. Vui lòng thử lại sau.";
  return "Không kết nối được với máy chủ newswatch. Kiểm tra mạng rồi thử lại.";
}

async function showStale() {
  const banner = document.getElementById("stale");
  try {
    const response = await fetch("/healthz", { headers: { Accept: "application/json" } });
    const health = await response.json();
    if (health.status === "unavailable") {
      banner.textContent = "Kho dữ liệu tạm thời không truy cập được; kết quả có thể không hiện.";
    } else if (health.status === "degraded") {
      const names = (health.stale_sources || []).join(", ");
      banner.textContent = "Dữ liệu có thể chưa mới: chưa thu thập thành công trong 24 giờ qua "
        + `(hoặc lần gần nhất bị lỗi) từ ${health.stale_sources.length} nguồn: ${names}. `
        + "Xem trang Tình trạng nguồn tin.";
    } else {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
  } catch (_) {
    banner.hidden = true; // the search itself reports an unreachable server
  }
}

function updateExport(query, total) {
  const params = new URLSearchParams(query);
  for (const format of ["csv", "xlsx"]) {
    params.set("format", format);
    document.getElementById(`export-${format}`).href = `/api/export?${params}`;
  }
  document.getElementById("export").hidden = !total;
}

let sourceCounts = {};

// Counts next to the source boxes; called again when the boxes arrive after the results.
function applySourceCounts() {
  for (const label of document.querySelectorAll("#sources label.source")) {
    const value = label.querySelector("input").value;
    label.querySelector(".count").textContent = ` (${sourceCounts[value] || 0})`;
  }
}

// Every per_* count the API returns except the chart's per_day: per_source sits next to the
// source boxes, the others (added by later features) as lists of their own.
function renderFacets(result) {
  const box = document.getElementById("facets");
  box.replaceChildren();
  for (const [name, counts] of Object.entries(result)) {
    if (!name.startsWith("per_") || name === "per_day" || !counts || typeof counts !== "object") continue;
    if (name === "per_source") {
      sourceCounts = counts;
      applySourceCounts();
      continue;
    }
    const facet = node("section", "facet");
    facet.dataset.facet = name;
    facet.appendChild(node("h3", "", FACET_NAMES[name] || name.slice(4).replace(/_/g, " ")));
    const list = node("ul");
    for (const [value, count] of Object.entries(counts).sort((a, b) => b[1] - a[1])) {
      list.appendChild(node("li", "", `${value} (${count})`));
    }
    facet.appendChild(list);
    box.appendChild(facet);
  }
}

// ---- the article view: #bai/<id> in the URL, so a reader can share it -----------------------

function articleIdFromHash() {
  const m = /^#bai\/([\w.:-]+)$/.exec(window.location.hash);
  return m ? m[1] : null;
}

async function showArticle(getJsonFn) {
  const id = articleIdFromHash();
  const view = document.getElementById("article");
  const results = document.getElementById("results");
  if (!id) {
    view.hidden = true;
    results.hidden = false;
    return;
  }
  results.hidden = true;
  view.hidden = false;
  document.getElementById("article-title").textContent = "Đang tải bài…";
  for (const part of ["source", "time", "authors"]) document.getElementById(`article-${part}`).textContent = "";
  document.getElementById("article-text").replaceChildren();
  showRevisions(null, getJsonFn); // revisions.js
  try {
    const article = await getJsonFn(`/api/articles/${encodeURIComponent(id)}`);
    showRevisions(article, getJsonFn);
    document.getElementById("article-title").textContent = article.title || "(không có tiêu đề)";
    document.getElementById("article-source").textContent = article.source;
    document.getElementById("article-time").textContent = localTimeWithZone(article.published_at);
    document.getElementById("article-authors").textContent = article.authors.length
      ? `Tác giả: ${article.authors.join(", ")}` : "Không rõ tác giả";
    const text = document.getElementById("article-text");
    for (const paragraph of String(article.text || article.summary || "").split(/\n+/)) {
      if (paragraph.trim()) text.appendChild(node("p", "", paragraph.trim()));
    }
    const link = document.getElementById("article-link");
    const original = /^https?:\/\//i.test(article.url) ? article.url : null;
    link.hidden = !original;
    if (original) link.href = original;
  } catch (error) {
    document.getElementById("article-title").textContent = vietnameseError(error);
  }
}

function startViews(getJsonFn) {
  const filters = document.getElementById("filters-box");
  filters.open = window.matchMedia("(min-width: 48rem)").matches; // folded away on a phone
  document.getElementById("article-close").addEventListener("click", () => {
    window.history.pushState(null, "", window.location.pathname + window.location.search);
    showArticle(getJsonFn);
  });
  window.addEventListener("hashchange", () => showArticle(getJsonFn));
  showStale();
  showArticle(getJsonFn);
}
