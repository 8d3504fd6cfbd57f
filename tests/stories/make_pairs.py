"""Write ``pairs.jsonl`` from the KTLab clusters and the transcribed Hải Phòng pages.

Run once by hand (``python tests/stories/make_pairs.py /path/to/clusters``) after unzipping
``KTLAB-200document-clusters.zip`` from github.com/lupanh/VietnameseMDS (commit 1620775). The
labels (``labels.json``) were decided by reading each document's title, lead and body, not by
running our grouping: a pair is the same story when both report the same event (the same protest,
deal, launch, appointment, accident), different when they report different events, however
close in topic, place, company or day. Clusters whose documents only share a theme were left
out, and so were pairs where reading left a doubt (follow-ups of one saga days apart).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PAGES = json.loads(Path(__file__).with_name("pages_transcribed.json").read_text("utf-8"))["pages"]

ORIGIN = "github.com/lupanh/VietnameseMDS@1620775 KTLAB-200document-clusters.zip"
LICENCE = "no licence file; public research dataset (KTLab, VNU-UET); texts (c) the newspapers"
MAX_TEXT = 2500  # characters kept per body: enough for shingles, keeps the file small

PAGES_ORIGIN = "search tool, corpus pages (stored public web pages), read 2026-12-02"
PAGES_LICENCE = "(c) each publisher; short excerpts quoted for evaluation"

# mds_*: [cluster, doc, doc, why] / [cluster, doc, cluster, doc, why]; pages_*: [key, key, why]
# with keys of pages_transcribed.json (A = the Ecovance licence at DEEP C on 22/9/2023, B = its
# groundbreaking on 11/5/2024, H = other HEZA licensing rounds, D = other DEEP C news).
LABELS = json.loads(Path(__file__).with_name("labels.json").read_text("utf-8"))


def _page(key: str) -> dict[str, object]:
    return {k: v for k, v in PAGES[key].items() if v is not None}


def _field(info: str, name: str) -> str:
    match = re.search(rf"^{name}:\s*(.*)$", info, re.MULTILINE)
    return match.group(1).strip() if match else ""


def _untokenise(text: str) -> str:
    """Undo the dataset's word segmentation in titles (``tư_thục`` and `` , ``)."""
    text = text.replace("_", " ")
    text = re.sub(r"\s+([,.:;?!)”’])", r"\1", text)
    text = re.sub(r"([(“‘])\s+", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _published(value: str) -> str:
    day, month, rest = value.split("/", 2)
    year, clock = rest.split()
    hour, minute = clock.split(":")
    return f"{year}-{int(month):02d}-{int(day):02d}T{int(hour):02d}:{int(minute):02d}:00+07:00"


def _doc(root: Path, cluster: int, doc: str) -> dict[str, str]:
    folder = root / f"cluster_{cluster}"
    info = (folder / f"{doc}.info.txt").read_text("utf-8-sig")
    body = (folder / f"{doc}.body.txt").read_text("utf-8-sig").strip()
    link = _field(info, "LINK")
    parts = link.split("/")
    source = parts[5] if len(parts) > 6 and "." in parts[5] else "baomoi.com"
    return {
        "url": link,
        "title": _untokenise(_field(info, "TITLE")),
        "text": body[:MAX_TEXT],
        "source": source,
        "published_at": _published(_field(info, "TIME")),
        "language": "vi",
    }


def build(root: Path) -> list[dict[str, object]]:
    pairs: list[dict[str, object]] = []
    for cluster, a, b, why in LABELS["mds_same"]:
        pairs.append(
            {
                "a": _doc(root, cluster, a),
                "b": _doc(root, cluster, b),
                "same_story": True,
                "why": why,
            }
        )
    for ca, a, cb, b, why in LABELS["mds_different"]:
        pairs.append(
            {"a": _doc(root, ca, a), "b": _doc(root, cb, b), "same_story": False, "why": why}
        )
    for number, pair in enumerate(pairs, 1):
        pair["id"] = f"mds-{number:03d}"
        pair["origin"] = ORIGIN
        pair["licence"] = LICENCE
    domain = [(a, b, True, why) for a, b, why in LABELS["pages_same"]]
    domain += [(a, b, False, why) for a, b, why in LABELS["pages_different"]]
    for number, (a, b, same, why) in enumerate(domain, 1):
        pairs.append(
            {
                "id": f"hp-{number:03d}",
                "a": _page(a),
                "b": _page(b),
                "same_story": same,
                "why": why,
                "origin": PAGES_ORIGIN,
                "licence": PAGES_LICENCE,
            }
        )
    return pairs


if __name__ == "__main__":
    out = Path(__file__).with_name("pairs.jsonl")
    rows = build(Path(sys.argv[1]))
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), "utf-8"
    )
    print(f"{len(rows)} pairs -> {out}")
