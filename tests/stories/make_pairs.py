"""Write ``pairs.jsonl`` from the KTLab Vietnamese multi-document summarisation clusters.

Run once by hand (``python tests/stories/make_pairs.py /path/to/clusters``) after unzipping
``KTLAB-200document-clusters.zip`` from github.com/lupanh/VietnameseMDS (commit 1620775). The
labels below were decided by reading each document's title, lead and body, not by running
our grouping: a pair is the same story when both report the same event (the same protest,
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

# (cluster, doc_a, doc_b, why) — same event, read from the documents.
SAME: list[tuple[int, str, str, str]] = [
    (1, "12240106", "12241528", "Cambodian opposition starts a new protest in Phnom Penh, 23/10"),
    (1, "12240586", "12241528", "the same three-day opposition protest from 23/10"),
    (3, "12239525", "12241655", "Manmohan Singh's China visit and the border agreement it signed"),
    (4, "12240025", "12240924", "New South Wales bushfires destroying homes"),
    (4, "12240924", "12241197", "the same NSW bushfires, 23/10"),
    (5, "12236880", "12237891", "explosion at a Russian training camp kills 6 paratroopers, 22/10"),
    (5, "12237891", "12239909", "the same Pskov camp explosion"),
    (6, "12236771", "12236968", "Brunei's new penal code with stoning for adultery"),
    (6, "12236968", "12239674", "the same Brunei sharia penal code announcement"),
    (
        12,
        "12237907",
        "12239898",
        "trial in Los Angeles of the Vietnamese-American al-Qaeda suspect",
    ),
    (13, "12235782", "12236479", "Mexico demands explanations for US spying on its presidents"),
    (13, "12236479", "12237468", "Mexico investigates the same US spying allegations"),
    (16, "12233445", "12235122", "China objects to South Korea's FA-50 sale to the Philippines"),
    (16, "12235122", "12236591", "the same FA-50 deal going ahead despite China"),
    (18, "12233473", "12234366", "Russia-China energy deals signed on Medvedev's visit, 22/10"),
    (19, "12235673", "12241890", "India-Pakistan border clashes, 23/10"),
    (22, "12211461", "12211665", "Nanjing mayor Ji Jianye sacked for corruption"),
    (22, "12211665", "12212826", "the same Nanjing mayor dismissal"),
    (23, "12209921", "12210161", "India arrests the crew of the US arms ship, 18/10"),
    (23, "12210161", "12210188", "the same arrest of the US ship's crew"),
    (
        25,
        "12207481",
        "12209886",
        "Syria bombs Deir al-Zor after its intelligence general is killed",
    ),
    (31, "12310100", "12310703", "Israeli air strike near Latakia, Syria"),
    (31, "12310703", "12311189", "the same Israeli strike on a Syrian base"),
    (32, "12310307", "12310686", "OPCW: Syria's chemical weapon production facilities destroyed"),
    (32, "12309650", "12310307", "the same OPCW announcement of 31/10"),
    (34, "12309263", "12311139", "China blames the East Turkestan movement for Tiananmen attack"),
    (34, "12311139", "12312270", "the same accusation against ETIM, 1/11"),
    (35, "12305494", "12307001", "Edward Snowden finds a job at a Russian website"),
    (35, "12307001", "12309421", "the same Snowden job news"),
    (40, "12305564", "12305593", "magnitude 6.3-6.7 earthquake in eastern Taiwan, 31/10"),
    (40, "12305593", "12305988", "the same Taiwan earthquake"),
    (41, "12312601", "12313033", "HCMC: road explosion blamed on accumulated methane"),
    (41, "12313033", "12313035", "the same methane conclusion on the fire-spouting hole"),
    (46, "12310903", "12311739", "Nokia Lumia 1520 launched in Vietnam at 16 million dong"),
    (47, "12310996", "12311247", "Google unveils the Nexus 5, 31/10"),
    (47, "12311247", "12312184", "the same Nexus 5 / Android 4.4 launch"),
    (58, "12242892", "12243195", "Nghi Son economic zone investment forum, 16.8 bn USD attracted"),
    (58, "12243195", "12243317", "the same Nghi Son investment promotion forum, 23/10"),
    (60, "12240772", "12241280", "Vietnam-Finland IPP phase II, 10 million euro for innovation"),
    (60, "12241810", "12242065", "the same IPP forum in Hanoi, 23/10"),
    (60, "12242065", "12243420", "the same 10 million euro IPP announcement"),
    (
        66,
        "12233697",
        "12234633",
        "President promotes Deputy Minister Bui Van Nam to colonel general",
    ),
    (66, "12234517", "12236334", "the same promotion ceremony, 22/10"),
    (73, "12226128", "12226312", "President Truong Tan Sang receives ITAR-TASS director, 21/10"),
    (73, "12225263", "12226368", "the same reception of the ITAR-TASS director"),
    (81, "12243494", "12243617", "U21 Vietnam wins the Thanh Nien U21 cup on penalties"),
    (81, "12243611", "12243680", "the same U21 final against Sydney, 23/10"),
    (108, "12312623", "12313621", "father and son cut by a power cable across a road, 1/11"),
    (108, "12313090", "12313621", "the same cable accident in Ba Ria - Vung Tau"),
    (
        109,
        "12311872",
        "12313519",
        "car-park guard steals 100 million dong, found by Binh Duong knights",
    ),
    (110, "12311485", "12313122", "gardener empties his employer's house in District 9"),
    (110, "12313122", "12313357", "the same gardener theft case"),
    (111, "12313000", "12313247", "young man found hanged by Linh Dam lake"),
    (116, "12313119", "12313522", "Hanoi party secretary: Cat Tuong case is isolated"),
    (119, "12313204", "12313372", "My Tam out of MTV EMA 2013 voting"),
    (121, "12312589", "12312647", "Kim Bum and Moon Geun Young confirm dating"),
    (136, "12328344", "12329716", "KOVA awards to 12 individuals and 4 groups, 3/11"),
    (149, "12298157", "12310365", "Nam Can Tho University inaugurated, 30/10"),
    (155, "12232634", "12233195", "VietinBank credit contract for the Deo Ca tunnel"),
    (155, "12233195", "12236250", "the same Deo Ca tunnel loan signing, 22/10"),
    (171, "12225947", "12227093", "Hanoi closes 12 petrol stations by 31/10"),
    (172, "12225293", "12227491", "Hoa Phat reports 1,500+ bn dong profit for 9 months"),
    (176, "12274623", "12276005", "Nokia's 300 million USD factory at VSIP Bac Ninh opens, 28/10"),
    (176, "12276005", "12279049", "the same Nokia factory inauguration"),
    (179, "12276131", "12277592", "Standard Chartered Vietnam appoints Nirukt Sapru CEO"),
    (183, "12288423", "12289556", "Vinamilk bought 1,500 bn dong of farmers' fresh milk"),
    (184, "12287950", "12288510", "VietJet receives its second A320 Sharklet"),
    (193, "10307251", "10307613", "ACB Securities appoints Pham Phu Khoi CEO"),
    (194, "11401973", "11402860", "Samsung Vina becomes 100% foreign-owned"),
    (200, "12285017", "12285681", "Tiananmen car attack: two suspects from Xinjiang"),
]

# (cluster_a, doc_a, cluster_b, doc_b, why) — different events, read from the documents.
DIFFERENT: list[tuple[int, str, int, str, str]] = [
    (3, "12241320", 3, "12241655", "India on the South China Sea vs the India-China border deal"),
    (
        11,
        "12234745",
        11,
        "12237899",
        "hunt for a Volgograd bomber's husband vs a foiled Moscow plot",
    ),
    (31, "12310100", 36, "12308036", "Israel strikes Syria vs Israel-Hamas fighting in Gaza"),
    (32, "12310307", 25, "12209886", "Syria's chemical arms destroyed vs a Syrian general killed"),
    (32, "12309650", 31, "12311189", "Syria: chemical weapons sealed vs an Israeli air strike"),
    (13, "12236479", 33, "12308762", "Mexico probes US spying vs US spying across Asia"),
    (42, "12300654", 33, "12308762", "NSA taps Google and Yahoo vs US spying across Asia"),
    (35, "12307001", 33, "12308762", "Snowden gets a job vs US spying across Asia"),
    (35, "12305494", 42, "12300654", "Snowden gets a job vs NSA taps Google and Yahoo"),
    (
        46,
        "12310903",
        176,
        "12274623",
        "same company: Nokia Lumia 1520 launch vs Nokia factory opening",
    ),
    (46, "12311739", 176, "12279049", "same company: Lumia 1520 sale vs Nokia VSIP factory"),
    (43, "12178080", 44, "12126382", "same product: Yahoo Mail encryption vs Yahoo Mail redesign"),
    (30, "11866124", 43, "12178080", "same company: Yahoo's new logo vs Yahoo Mail HTTPS"),
    (184, "12288510", 197, "12284911", "VietJet A320 delivery vs Vietnam Airlines' GE engine deal"),
    (191, "12381535", 197, "12284911", "same company: VNA cancels flights vs VNA engine contract"),
    (
        179,
        "12276131",
        193,
        "10307251",
        "new CEO at Standard Chartered vs new CEO at ACB Securities",
    ),
    (
        115,
        "12308284",
        116,
        "12313522",
        "same case: doctor cleared of murder vs party chief's remark",
    ),
    (
        116,
        "12313119",
        120,
        "12313426",
        "same case: party chief's remark vs a singer's joke about it",
    ),
    (125, "12345949", 134, "12332014", "same singer: Dam Vinh Hung fine vs his song award"),
    (160, "12239236", 166, "12230766", "stock market on the morning of 23/10 vs of 22/10"),
    (194, "11401973", 27, "11864802", "same company: Samsung Vina ownership vs Galaxy Note 3"),
    (58, "12243195", 176, "12274623", "FDI: Nghi Son zone forum vs Nokia factory at VSIP"),
    (58, "12243317", 194, "11402860", "FDI: Thanh Hoa FDI lead vs Samsung Vina buy-out"),
    (176, "12276005", 194, "11401973", "electronics FDI: Nokia factory vs Samsung Vina ownership"),
    (
        155,
        "12232634",
        156,
        "12231883",
        "bank loans: VietinBank Deo Ca loan vs Dang Thanh Tam's debt",
    ),
    (155, "12236250", 159, "12228135", "banking: Deo Ca tunnel loan vs VAMC bad debt"),
    (172, "12225293", 163, "12232747", "Q3 results: Hoa Phat vs Tien Phong Plastics"),
    (172, "12227491", 164, "12229623", "Q3 results: Hoa Phat profit vs Ha Tien 1 cement loss"),
    (171, "12227093", 168, "12237642", "petrol: 12 stations closed vs stabilisation fund cut"),
    (170, "12225525", 171, "12225947", "EVN repays Vinacomin vs Hanoi closes petrol stations"),
    (5, "12237891", 38, "12305046", "Russian army: paratroopers killed vs a missile drill"),
    (17, "12232291", 18, "12233473", "Russia and India meet vs Russia-China oil deal, same day"),
    (3, "12241655", 17, "12232291", "India-China border deal vs Putin meets India's PM"),
    (40, "12305988", 39, "12306470", "Taiwan: earthquake vs anti-submarine aircraft, same day"),
    (41, "12313033", 108, "12313621", "HCMC road explosion vs cable accident, same day"),
    (109, "12313519", 113, "12312992", "theft: car-park guard vs iPad leads police to thieves"),
    (110, "12313357", 109, "12311872", "theft: gardener empties house vs guard steals 100 million"),
    (111, "12313352", 108, "12312623", "man found hanged at Linh Dam vs cable accident"),
    (66, "12233697", 73, "12226128", "same president: general's promotion vs ITAR-TASS reception"),
    (73, "12226312", 74, "12225779", "President receives ITAR-TASS vs PM meets women deputies"),
    (81, "12243611", 83, "12242529", "Vietnamese football: U21 cup won vs U22 squad for BIDC Cup"),
    (
        82,
        "12242889",
        84,
        "12241256",
        "Ferguson's book: Keane's criticism vs the book's revelations",
    ),
    (136, "12327501", 138, "12326732", "KOVA awards vs Robothon contest, same day"),
    (
        149,
        "12298157",
        150,
        "12305858",
        "new Can Tho university vs Quang Nam private schools closing",
    ),
    (22, "12211461", 21, "12231060", "China: Nanjing mayor sacked vs CCTV leak on Zhou Yongkang"),
    (12, "12237907", 2, "12238321", "US: al-Qaeda suspect's trial vs drone campaign defended"),
    (47, "12311247", 50, "12301282", "phones: Nexus 5 launch vs iPhone 6 rumour"),
    (26, "12242530", 50, "12301282", "same company: iPad Air design vs iPhone 6 rumour"),
    (28, "11866491", 29, "11867036", "IFA day: Samsung Galaxy Gear vs Sony Xperia Z1"),
    (60, "12241280", 58, "12242892", "investment: 10 million euro IPP vs Nghi Son zone forum"),
    (4, "12240924", 59, "12242028", "weather: Australian bushfires vs hail in Bien Hoa"),
    (40, "12305564", 77, "12219379", "weather: Taiwan earthquake vs dry north, flooded south"),
    (
        68,
        "12236518",
        65,
        "12235858",
        "generals: Nguyen Nam Khanh's death vs street for Vo Nguyen Giap",
    ),
    (54, "12241956", 65, "12235858", "same person: Giap in textbooks vs a street named after him"),
    (121, "12312589", 129, "12306447", "Korean stars: a couple dating vs three stars facing jail"),
    (6, "12236968", 12, "12239898", "Brunei's penal code vs al-Qaeda suspect's trial"),
    (183, "12288946", 190, "12383465", "food: Vinamilk milk purchases vs storm stockpiling"),
    (1, "12241528", 19, "12241890", "same day: Cambodian protest vs India-Pakistan clashes"),
    (200, "12285223", 22, "12211665", "China: Tiananmen attack vs Nanjing mayor sacked"),
    (16, "12236483", 3, "12241320", "Philippines keeps FA-50 plan vs India stays out of the SCS"),
]


PAGES_ORIGIN = "search tool, corpus pages (stored public web pages), read 2026-12-02"
PAGES_LICENCE = "(c) each publisher; short excerpts quoted for evaluation"

# Hải Phòng pairs from stored pages (tests/stories/pages_transcribed.json): A = the Ecovance
# (SK Group) investment licence at DEEP C Hải Phòng I on 22/9/2023, B = the Ecovance
# groundbreaking on 11/5/2024, H = other HEZA licensing rounds, D = other DEEP C news.
PAGE_SAME: list[tuple[str, str, str]] = [
    ("A1", "A2", "vi: HEZA licenses SK's 500 million USD Ecovance plant at DEEP C, 22/9/2023"),
    ("A3", "A4", "en: VIR's report and its bizhub copy of the Ecovance licence"),
    ("A3", "A5", "en: the same 22/9/2023 licensing conference (Ecovance among the projects)"),
    ("A1", "A3", "vi/en: the Ecovance licence, Vietnamese and English reports"),
    ("A2", "A5", "vi/en: the same Ecovance licence"),
    ("A1", "A4", "vi/en: the same Ecovance licence"),
    ("A6", "A7", "en/vi: kimchinha's Vietnamese translation of the piece on SKC's licence"),
    ("A3", "A6", "en: the licence as VIR reports it and as SKC announced it"),
    ("B1", "B2", "vi: Ecovance groundbreaking at Dinh Vu, 11/5/2024"),
    ("B2", "B3", "vi: the same groundbreaking"),
    ("B3", "B4", "vi: the same groundbreaking, 2,400 bn dong"),
    ("B4", "B5", "vi: the same groundbreaking"),
    ("B6", "B7", "vi: the same groundbreaking"),
    ("B1", "B7", "vi: the same groundbreaking"),
    ("B8", "B9", "en: the same groundbreaking"),
    ("B3", "B8", "vi/en: the same groundbreaking"),
    ("B4", "B9", "vi/en: the same groundbreaking"),
    ("B5", "B8", "vi/en: the same groundbreaking"),
]
PAGE_DIFFERENT: list[tuple[str, str, str]] = [
    ("A1", "B3", "same project and zone: licence 22/9/2023 vs groundbreaking 11/5/2024"),
    ("A2", "B4", "same project: licence vs groundbreaking"),
    ("A3", "B8", "same project: licence vs groundbreaking"),
    ("A4", "B9", "same project: licence vs groundbreaking"),
    ("A5", "B9", "same project: licence round vs groundbreaking"),
    ("A7", "B1", "same company: SKC's licence vs the groundbreaking"),
    ("A5", "H1", "HEZA licences: September 2023 round vs May 2023 round"),
    ("H1", "H2", "HEZA licences: May 2023 round vs January 2022 round"),
    ("A4", "H2", "HEZA: Ecovance licence vs the Chilisin / ECPVN licences"),
    ("D1", "D2", "DEEP C: DEEP C II opening 2018 vs an investment workshop 2022"),
    ("A3", "D1", "DEEP C: Ecovance licence vs DEEP C II opening"),
    ("B8", "D2", "DEEP C: Ecovance groundbreaking vs investment workshop"),
    ("A1", "B8", "vi/en, same project: licence vs groundbreaking"),
    ("B3", "A3", "vi/en, same project: groundbreaking vs licence"),
    ("A2", "H1", "vi/en, HEZA licences: Ecovance (Sept 2023) vs Lach Huyen berths (May 2023)"),
    ("B1", "D2", "vi/en, Dinh Vu - Cat Hai: Ecovance groundbreaking vs DEEP C workshop"),
]


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
    for cluster, a, b, why in SAME:
        pairs.append(
            {
                "a": _doc(root, cluster, a),
                "b": _doc(root, cluster, b),
                "same_story": True,
                "why": why,
            }
        )
    for ca, a, cb, b, why in DIFFERENT:
        pairs.append(
            {"a": _doc(root, ca, a), "b": _doc(root, cb, b), "same_story": False, "why": why}
        )
    for number, pair in enumerate(pairs, 1):
        pair["id"] = f"mds-{number:03d}"
        pair["origin"] = ORIGIN
        pair["licence"] = LICENCE
    domain = [(a, b, True, why) for a, b, why in PAGE_SAME]
    domain += [(a, b, False, why) for a, b, why in PAGE_DIFFERENT]
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
