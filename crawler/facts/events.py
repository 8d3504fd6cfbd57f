"""Event kinds, from cue phrases. The vocabulary is closed: storage, search and alerts rely on it.

Cues are matched folded (with or without diacritics) at word boundaries; a cue written with a
leading "=" must match with its diacritics, for words whose folded form is another common word
("cháy" fire vs "chảy" flow, "công an" police vs "công ăn việc làm"); a leading "~" marks a
regular expression over the folded text ("tăng 50 triệu USD": "tang" right before a figure).
"""

from __future__ import annotations

import re

from crawler.facts.text import Prepared, prepare, trie_pattern

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


def _tables() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """Folded cues, strict cues (each -> its events) and regular-expression cues (-> event)."""
    folded: dict[str, set[str]] = {}
    strict: dict[str, set[str]] = {}
    regexes: dict[str, str] = {}
    for event, cues in _CUES.items():
        for cue in cues:
            if cue.startswith("~"):
                regexes[event] = cue[1:]
            elif cue.startswith("="):
                strict.setdefault(cue[1:].lower(), set()).add(event)
            else:
                folded.setdefault(prepare(cue).folded, set()).add(event)
    return folded, strict, regexes


# A cue listed under several events ("đình công": labour and security) counts for all of them.
_EVENTS_OF, _STRICT_EVENTS_OF, _REGEX_CUES = _tables()
_REGEX_GROUPS = "".join(f"|(?P<{event}>{regex})" for event, regex in _REGEX_CUES.items())
_FOLDED = re.compile(rf"(?<![\w])(?:{trie_pattern(_EVENTS_OF)}{_REGEX_GROUPS})(?![\w])")
_STRICT = re.compile(rf"(?<![\w])(?:{trie_pattern(_STRICT_EVENTS_OF)})(?![\w])")


def find_events(prepared: Prepared) -> list[str]:
    """The event kinds the text speaks of, in vocabulary order."""
    found: set[str] = set()
    for pattern, text, table in (
        (_FOLDED, prepared.folded, _EVENTS_OF),
        (_STRICT, prepared.lower, _STRICT_EVENTS_OF),
    ):
        for match in pattern.finditer(text):
            found |= table.get(match.group()) or {match.lastgroup or ""}
            if len(found) == len(EVENTS):
                break
    return [event for event in EVENTS if event in found]
