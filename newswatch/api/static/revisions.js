// The article view's "Đã chỉnh sửa" box: when the stored article was edited after it was first
// fetched, its kept versions, newest first, each with its fetch time and what changed (title
// old → new, amounts, words removed and added), from GET /api/articles/{id}/revisions.
// views.js calls showRevisions(article, getJson) for every article it opens (null: hide).

function changeLine(label, before, after) {
  const line = node("p", "revision-change");
  line.appendChild(node("span", "revision-label", `${label}: `));
  line.appendChild(node("del", "", before || "(không có)"));
  line.appendChild(document.createTextNode(" → "));
  line.appendChild(node("ins", "", after || "(không có)"));
  return line;
}

function bodyDiff(segments) {
  const words = node("p", "revision-body");
  for (const segment of segments) {
    const tag = segment.op === "delete" ? "del" : segment.op === "insert" ? "ins" : "span";
    words.appendChild(node(tag, "", segment.text));
    words.appendChild(document.createTextNode(" "));
  }
  return words;
}

function revisionItem(version) {
  const item = node("li", version.material ? "revision material" : "revision");
  const when = `Cập nhật lúc ${localTimeWithZone(version.fetched_at)}`;
  item.appendChild(node("p", "revision-time", version.material ? `${when} · thay đổi quan trọng` : when));
  if (version.title_change) {
    item.appendChild(changeLine("Tiêu đề", version.title_change.before, version.title_change.after));
  }
  for (const amount of version.amounts) item.appendChild(changeLine("Số tiền", amount.before, amount.after));
  for (const area of version.areas) item.appendChild(changeLine("Diện tích", area.before, area.after));
  if (version.body.length) item.appendChild(bodyDiff(version.body));
  return item;
}

async function showRevisions(article, getJsonFn) {
  const box = document.getElementById("article-revisions");
  box.replaceChildren();
  box.hidden = true;
  if (!article || !article.edited) return;
  box.hidden = false;
  box.appendChild(node("h3", "", `Đã chỉnh sửa (${article.revisions} lần)`));
  try {
    const history = await getJsonFn(`/api/articles/${encodeURIComponent(article.id)}/revisions`);
    const list = node("ol", "revisions");
    for (const version of history.versions.slice(1).reverse()) list.appendChild(revisionItem(version));
    box.appendChild(list);
    const first = history.versions[0];
    if (first) box.appendChild(node("p", "revision-time", `Bản lưu đầu tiên: ${localTimeWithZone(first.fetched_at)}`));
  } catch (error) {
    box.appendChild(node("p", "", vietnameseError(error)));
  }
}
