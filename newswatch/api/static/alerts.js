// Alert rules page: list, create, test and remove rules through /api/alerts with the API key
// (kept for this tab only, in sessionStorage). Errors are shown in Vietnamese, no internals.
"use strict";

const RULE_KEY = "newswatch-api-key";

async function call(method, path, body) {
  const headers = { Accept: "application/json", "X-API-Key": window.sessionStorage.getItem(RULE_KEY) || "" };
  if (body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(`HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

function say(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function ruleItem(rule) {
  const item = node("li");
  item.dataset.rule = rule.name;
  item.appendChild(node("strong", "", rule.name));
  item.appendChild(node("p", "", `Truy vấn: ${rule.query}`));
  item.appendChild(node("p", "", `Gửi tới: ${rule.channels.join(", ")} · ${rule.mode === "digest" ? "tổng hợp hằng ngày" : "ngay"}`));
  const test = node("button", "secondary test", "Thử (không gửi)");
  test.type = "button";
  test.addEventListener("click", () => testRule(rule.name));
  const remove = node("button", "secondary remove", "Xóa");
  remove.type = "button";
  remove.addEventListener("click", () => removeRule(rule.name));
  // The rule's Atom feed; a private rule's link carries its own feed key (from the API).
  const feed = node("a", "feed", rule.public_feed ? "Nguồn tin Atom (công khai)" : "Nguồn tin Atom (riêng, có khóa)");
  feed.href = `/feeds/${encodeURIComponent(rule.name)}.atom`;
  if (!rule.public_feed) {
    call("GET", `/api/alerts/${encodeURIComponent(rule.name)}/feed`)
      .then((link) => { feed.href = link.url; })
      .catch(() => { feed.removeAttribute("href"); });
  }
  item.append(test, document.createTextNode(" "), remove, document.createTextNode(" · "), feed);
  return item;
}

async function listRules() {
  try {
    const rules = await call("GET", "/api/alerts");
    document.getElementById("rules").replaceChildren(...rules.map(ruleItem));
    say(rules.length ? `${rules.length} quy tắc.` : "Chưa có quy tắc nào.");
  } catch (error) {
    document.getElementById("rules").replaceChildren();
    say(vietnameseError(error), true);
  }
}

async function createRule(event) {
  event.preventDefault();
  const value = (id) => document.getElementById(id).value.trim();
  const rule = {
    name: value("rule-name"),
    query: value("rule-query"),
    channels: value("rule-channels").split(",").map((part) => part.trim()).filter(Boolean),
    mode: value("rule-mode"),
  };
  try {
    await call("POST", "/api/alerts", rule);
    say(`Đã lưu quy tắc ${rule.name}.`);
    document.getElementById("rule-form").reset();
    await listRules();
  } catch (error) {
    say(error.status === 422 ? "Quy tắc không hợp lệ: tên chỉ gồm chữ không dấu, số, dấu chấm, "
      + "gạch dưới hoặc gạch ngang; cần truy vấn và ít nhất một e-mail hoặc URL webhook; tên "
      + "không được trùng quy tắc đã có." : vietnameseError(error), true);
  }
}

async function testRule(name) {
  try {
    const result = await call("POST", `/api/alerts/${encodeURIComponent(name)}/test?days=3650`);
    document.getElementById("test-title").textContent = `${result.matches.length} bài khớp «${name}»`;
    document.getElementById("test-matches").replaceChildren(
      ...result.matches.map((hit) => node("li", "", `${localTimeWithZone(hit.published_at)} · ${hit.source} · ${hit.title}`)));
    document.getElementById("test-result").hidden = false;
  } catch (error) {
    say(vietnameseError(error), true);
  }
}

async function removeRule(name) {
  try {
    await call("DELETE", `/api/alerts/${encodeURIComponent(name)}`);
    say(`Đã xóa quy tắc ${name}.`);
    await listRules();
  } catch (error) {
    say(vietnameseError(error), true);
  }
}

function start() {
  document.getElementById("save-key").addEventListener("click", () => {
    window.sessionStorage.setItem(RULE_KEY, document.getElementById("api-key").value);
    listRules();
  });
  document.getElementById("rule-form").addEventListener("submit", createRule);
  listRules();
}

document.addEventListener("DOMContentLoaded", start);
