// Project register page: one row per entry of /api/projects, sorted by the server (capital or
// date); the export links carry the same sort. Text only through textContent.
"use strict";

const EVENTS = { new_project: "cấp phép", capital_increase: "tăng vốn", groundbreaking: "khởi công",
  inauguration: "khánh thành", land: "đất đai", labour: "lao động", security: "an ninh",
  planning: "quy hoạch" };

function projectRow(project) {
  const row = node("tr");
  row.dataset.project = project.id;
  row.appendChild(node("td", "investor", project.investor));
  row.appendChild(node("td", null, project.countries.join(", ") || "—"));
  row.appendChild(node("td", null, project.zone.name));
  const capital = project.capital_usd === null ? "—"
    : (project.capital_usd / 1e6).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  row.appendChild(node("td", "capital", capital));
  const events = project.events.map((e) => `${EVENTS[e.event] || e.event} ${e.date}`).join("; ");
  row.appendChild(node("td", null, events || "—"));
  row.appendChild(node("td", null, project.last_seen));
  const articles = node("td");
  project.articles.forEach((article, index) => {
    const link = node("a", null, String(index + 1));
    link.href = article.url;
    link.title = article.title || article.url;
    if (index) articles.appendChild(document.createTextNode(" "));
    articles.appendChild(link);
  });
  row.appendChild(articles);
  return row;
}

async function load() {
  const sort = document.getElementById("sort").value;
  const status = document.getElementById("status");
  for (const format of ["csv", "xlsx"]) {
    document.getElementById(`export-${format}`).href =
      `/api/projects/export?format=${format}&sort=${sort}`;
  }
  try {
    const response = await fetch(`/api/projects?sort=${sort}`, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const error = new Error(`HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    const body = await response.json();
    document.querySelector("#projects tbody").replaceChildren(...body.projects.map(projectRow));
    document.getElementById("projects").hidden = false;
    const shown = body.projects.length;
    status.textContent = shown < body.matched
      ? `${body.matched} dự án (hiện ${shown} đầu tiên; tải tệp để xem tất cả).`
      : `${body.matched} dự án.`;
  } catch (error) {
    status.textContent = vietnameseError(error);
    status.classList.add("error");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("sort").addEventListener("change", load);
  load();
});
