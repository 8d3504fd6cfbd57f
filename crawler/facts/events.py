"""Event kinds, from cue phrases. The vocabulary is closed: storage, search and alerts rely on it.

Cues are matched folded (with or without diacritics) at word boundaries; a cue written with a
leading "=" must match with its diacritics, for words whose folded form is another common word
("cháy" fire vs "chảy" flow, "công an" police vs "công ăn việc làm"); a leading "~" marks a
regular expression over the folded text ("tăng 50 triệu USD": "tang" right before a figure).
"""

from __future__ import annotations

import re

from crawler.facts.text import Prepared, prepare

EVENTS = (
    "new_project",
    "capital_increase",
    "groundbreaking",
    "inauguration",
    "land",
    "labour",
    "security",
    "planning",
)

_CUES: dict[str, tuple[str, ...]] = {
    "new_project": (
        "giấy chứng nhận đăng ký đầu tư",
        "giấy chứng nhận đầu tư",
        "cấp phép",
        "cấp mới",
        "chấp thuận chủ trương đầu tư",
        "quyết định chủ trương đầu tư",
        "dự án mới",
        "dự án FDI mới",
        "đón thêm",
        "đầu tư mới",
        "quyết định đầu tư",
        "decided to invest",
        "first investors",
        "first clients",
        "first tenants",
        "investment registration",
        "registration licence",
        "new and additional capital",
        "cấp chứng nhận",
        "chủ trương đầu tư",
        "investment certificate",
        "investment certificates",
        "investment registration certificate",
        "investment licence",
        "investment licences",
        "investment license",
        "investment licenses",
        "licensed",
        "licenses",
        "licences",
        "new project",
        "new projects",
        "investment policy",
        "granted investment",
    ),
    "capital_increase": (
        "tăng vốn",
        "nâng tổng vốn",
        "nâng tổng vốn đầu tư",
        "đầu tư tăng thêm",
        "vốn tăng thêm",
        "~tang (?:them )?\\d",
        "mở rộng dự án",
        "mở rộng đầu tư",
        "adjustment licence",
        "adjustment licences",
        "additional funding",
        "pumped into",
        "existing projects",
        "existing fdi projects",
        "điều chỉnh tăng",
        "đầu tư thêm",
        "bổ sung vốn",
        "giấy chứng nhận đầu tư điều chỉnh",
        "giấy chứng nhận đăng ký đầu tư điều chỉnh",
        "additional investment",
        "additional capital",
        "raising the project's total investment",
        "raise its investment",
        "increase its investment",
        "capital increase",
        "adjusted the total investment",
        "raising its total investment",
        "bringing its total investment",
        "bringing the total investment",
        "invest an additional",
        "expand its investment",
        "expand their investment",
    ),
    "groundbreaking": (
        "khởi công",
        "động thổ",
        "groundbreaking",
        "ground-breaking",
        "broke ground",
        "break ground",
        "work starts",
        "started construction",
        "start construction",
        "launched construction",
        "foundation laying",
    ),
    "inauguration": (
        "khánh thành",
        "khai trương",
        "vào hoạt động",
        "chính thức hoạt động",
        "bắt đầu kinh doanh",
        "bắt đầu hoạt động",
        "được hoàn thành",
        "đi vào vận hành",
        "đưa vào vận hành",
        "đi vào sản xuất",
        "inaugurated",
        "inauguration",
        "inaugurates",
        "opening ceremony",
        "become operational",
        "became operational",
        "began operation",
        "began operations",
        "commence its operation",
        "commenced operation",
        "start operation",
        "started operation",
        "go into operation",
        "went into operation",
    ),
    "land": (
        "giải phóng mặt bằng",
        "GPMB",
        "thu hồi đất",
        "bàn giao mặt bằng",
        "bàn giao đất",
        "thuê đất",
        "cho thuê đất",
        "quỹ đất",
        "san lấp",
        "đền bù",
        "cưỡng chế",
        "đất công nghiệp",
        "land clearance",
        "site clearance",
        "land lease",
        "lease",
        "land handover",
        "industrial land",
        "land fund",
        "land reservation",
        "land-related",
        "cho thuê",
        "giá thuê",
        "mặt bằng sản xuất",
        "chuẩn bị mặt bằng",
        "mặt bằng sạch",
    ),
    "labour": (
        "lao động",
        "công nhân",
        "người lao động",
        "việc làm",
        "tuyển dụng",
        "nhà ở xã hội",
        "nhà ở công nhân",
        "workers",
        "worker",
        "jobs",
        "employees",
        "labourers",
        "labour",
        "labor",
        "workforce",
        "recruitment",
        "recruit",
        "staff",
        "hired",
        "dừng việc tập thể",
        "ngừng việc",
        "đình công",
        "strike",
        "strikes",
    ),
    "security": (
        "an ninh trật tự",
        "an ninh",
        "ANTT",
        "trật tự an toàn",
        "đình công",
        "lãn công",
        "ngừng việc",
        "dừng việc tập thể",
        "biểu tình",
        "=cháy",
        "hỏa hoạn",
        "=công an",
        "côn đồ",
        "giải tán",
        "security",
        "strike",
        "strikes",
        "police",
        "fire broke out",
        "public order",
    ),
    "planning": (
        "quy hoạch",
        "thành lập",
        "nghị định",
        "nghị quyết",
        "đề án",
        "master plan",
        "zoning",
        "general plan",
        "established",
        "establish",
        "establishment",
        "decree",
        "resolution",
        "khu công nghiệp mới",
        "KCN mới",
        "new industrial zones",
        "new industrial parks",
        "dự kiến mở rộng",
        "ưu tiên thành lập",
        "bổ sung vào quy hoạch",
        "mở rộng thêm",
        "be expanded",
        "will be expanded",
    ),
}


def _alternative(cue: str, *, strict: bool) -> str:
    if cue.startswith("~"):
        return cue[1:]
    return re.escape(cue.lower() if strict else prepare(cue).folded)


def _scanner(*, strict: bool) -> re.Pattern[str]:
    """One pattern for all events, a named group each, so a text is scanned once."""
    groups = []
    for event, cues in _CUES.items():
        chosen = [c[1:] if strict else c for c in cues if c.startswith("=") == strict]
        if chosen:
            alts = sorted((_alternative(c, strict=strict) for c in chosen), key=len, reverse=True)
            groups.append(f"(?P<{event}>{'|'.join(alts)})")
    return re.compile(rf"(?<![\w])(?:{'|'.join(groups)})(?![\w])")


_FOLDED = _scanner(strict=False)
_STRICT = _scanner(strict=True)
# A cue listed under several events ("đình công": labour and security) counts for all of them.
_EVENTS_OF: dict[str, set[str]] = {}
for _event, _cues in _CUES.items():
    for _cue in _cues:
        if not _cue.startswith("~"):
            _text = _cue[1:].lower() if _cue.startswith("=") else prepare(_cue).folded
            _EVENTS_OF.setdefault(_text, set()).add(_event)


def find_events(prepared: Prepared) -> list[str]:
    """The event kinds the text speaks of, in vocabulary order."""
    found: set[str] = set()
    for pattern, text in ((_FOLDED, prepared.folded), (_STRICT, prepared.lower)):
        for match in pattern.finditer(text):
            found |= _EVENTS_OF.get(match.group(), {match.lastgroup or ""})
            if len(found) == len(EVENTS):
                break
    return [event for event in EVENTS if event in found]
