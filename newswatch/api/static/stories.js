// Stories on the search page: a collapsed hit (collapse=story) lists every copy of its event —
// which source printed it, when, under what title — folded under the hit. Loaded before
// app.js, which calls renderVersions; crawled text only ever goes in through textContent.
"use strict";

function storyNode(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

// null for a story of one copy; else "Cùng sự kiện: 4 bản tin, 4 nguồn" with the copies listed.
function renderVersions(hit) {
  const versions = hit.versions || [];
  if ((hit.version_count || 1) <= 1 || !versions.length) return null;
  const sources = new Set(versions.map((version) => version.source));
  const box = storyNode("details", "hit-versions");
  box.appendChild(storyNode(
    "summary", "", `Cùng sự kiện: ${hit.version_count} bản tin, ${sources.size} nguồn (${[...sources].join(", ")})`,
  ));
  const list = storyNode("ol", "versions");
  for (const version of versions) {
    const item = storyNode("li", "version");
    item.appendChild(storyNode("span", "hit-source", version.source));
    item.appendChild(document.createTextNode(` · ${localTimeWithZone(version.published_at)} · `));
    const link = storyNode("a", "", version.title || "(không có tiêu đề)");
    if (/^https?:\/\//i.test(version.url)) {
      link.href = version.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
    }
    item.appendChild(link);
    list.appendChild(item);
  }
  box.appendChild(list);
  return box;
}
