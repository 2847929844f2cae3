"""Realistic review-data dicts (docs: /work/notes/REVIEW.md) for the report renderer's tests.

Items and competencies come from the shipped forms, so labels are the real bilingual ones.
`sample_review` mimics what server.services.reviews.review.build_review returns for an employee
whose peers (n 2) are hidden and whose direct reports are hidden to prevent back-calculation.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

FORMS = Path(__file__).resolve().parent.parent / "forms"
ROW_KEYS = [
    "self",
    "supervisor",
    "peer",
    "subordinate",
    "colleagues",
    "others",
    "customer",
    "mystery_shopper",
]
#: Text planted in a hidden row; no PDF may ever contain it.
HIDDEN_COMMENT = "SECRET-PEER-COMMENT 只有两位同事"
NAMES = {"zh-CN": "王丽娜", "en": "Emily Chen"}


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def _catalogue() -> list[dict[str, Any]]:
    return [
        {"key": c["key"], "name": c["name"], "description": c["description"]}
        for c in _load("competencies.yaml")["competencies"]
    ]


def _form_items() -> list[dict[str, Any]]:
    form = _load("service-360.yaml")
    items = []
    for section in form["sections"]:
        for q in section["questions"]:
            if q["type"] != "rating":
                continue
            items.append(
                {
                    "id": q["id"],
                    "label": q["label"],
                    "section_id": section["id"],
                    "competency": q.get("competency", section.get("competency")),
                    "type": "rating",
                    "scale": {"min": 1, "max": 5},
                }
            )
    return items


ROW_N = {
    "self": 1,
    "supervisor": 1,
    "peer": 2,
    "subordinate": 3,
    "colleagues": 5,
    "others": 6,
    "customer": 14,
    "mystery_shopper": 2,
}
VISIBLE = {"self", "supervisor", "colleagues", "others", "customer", "mystery_shopper"}
HIDDEN_REASON = {
    "peer": {"code": "fewer_than", "k": 3},
    "subordinate": {"code": "back_calculation"},
}
THRESHOLDS = {
    "self": 1,
    "supervisor": 1,
    "peer": 3,
    "subordinate": 3,
    "colleagues": 3,
    "others": 3,
    "customer": 3,
    "mystery_shopper": 1,
}
BASE = {
    "self": 86.0,
    "supervisor": 72.0,
    "colleagues": 76.0,
    "others": 75.0,
    "customer": 81.0,
    "mystery_shopper": 68.0,
}


def _item_row(rng: random.Random, key: str, n: int) -> dict[str, Any]:
    center = BASE[key] / 25 + 1
    values = [min(5, max(1, round(rng.gauss(center, 0.8)))) for _ in range(n)]
    mean = sum(values) / n
    dist = {str(v): values.count(v) for v in range(1, 6)}
    r_wg = None
    if n >= 2:
        var = sum((v - mean) ** 2 for v in values) / (n - 1)
        r_wg = max(0.0, 1 - var / 2.0)
    return {
        "n": n,
        "mean": mean,
        "mean_100": (mean - 1) * 25,
        "distribution": dist,
        "r_wg": r_wg,
        "disagree": r_wg is not None and r_wg < 0.5,
    }


def _items(rng: random.Random) -> list[dict[str, Any]]:
    items = []
    for item in _form_items():
        rows = {}
        for key in ("self", "supervisor", "colleagues", "others"):
            rows[key] = _item_row(rng, key, ROW_N[key])
        if item["id"] == "handles_complaints":  # two colleagues chose N/A: colleagues n 3
            rows["colleagues"] = _item_row(rng, "colleagues", 3)
            rows["others"] = _item_row(rng, "others", 4)
        if item["id"] == "escalates_appropriately":  # too few answers: only self + supervisor
            del rows["colleagues"], rows["others"]
        items.append({**item, "rows": rows})
    return items


def _competency_scores(
    rng: random.Random, key: str, catalogue: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    out = {}
    for comp in catalogue:
        if key == "customer" and comp["key"] in ("teamwork", "etiquette_appearance"):
            continue
        out[comp["key"]] = {
            "score": min(100.0, max(0.0, BASE[key] + rng.uniform(-14, 12))),
            "n": ROW_N[key],
        }
    return out


def _rows(rng: random.Random, catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for key in ROW_KEYS:
        visible = key in VISIBLE
        rows.append(
            {
                "key": key,
                "n": ROW_N[key] if visible else None,
                "threshold": THRESHOLDS[key],
                "visible": visible,
                "hidden_reason": None if visible else HIDDEN_REASON[key],
                "form_score": BASE[key] + rng.uniform(-2, 2) if visible else None,
                "competencies": _competency_scores(rng, key, catalogue) if visible else {},
            }
        )
    return rows


def _gaps(rows: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, Any]:
    by_key = {r["key"]: r for r in rows}

    def flag(gap: float) -> str | None:
        return "blind_spot" if gap >= 15 else "hidden_strength" if gap <= -15 else None

    comps = []
    for key, own in by_key["self"]["competencies"].items():
        other = by_key["others"]["competencies"].get(key)
        if other:
            gap = own["score"] - other["score"]
            comps.append(
                {
                    "key": key,
                    "self": own["score"],
                    "others": other["score"],
                    "gap": gap,
                    "flag": flag(gap),
                }
            )
    gap_items = []
    for item in items:
        if "self" in item["rows"] and "others" in item["rows"]:
            gap = item["rows"]["self"]["mean_100"] - item["rows"]["others"]["mean_100"]
            gap_items.append(
                {
                    "id": item["id"],
                    "label": item["label"],
                    "self": item["rows"]["self"]["mean_100"],
                    "others": item["rows"]["others"]["mean_100"],
                    "gap": gap,
                    "flag": flag(gap),
                }
            )
    return {"threshold": 15.0, "competencies": comps, "items": gap_items}


def _top_bottom(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ranked = [
        {
            "id": i["id"],
            "label": i["label"],
            "mean_100": i["rows"]["others"]["mean_100"],
            "n": i["rows"]["others"]["n"],
        }
        for i in items
        if "others" in i["rows"]
    ]
    ranked.sort(key=lambda r: (-r["mean_100"], r["id"]))
    bottom = sorted(ranked, key=lambda r: (r["mean_100"], r["id"]))
    return ranked[:5], bottom[:5]


def _visits() -> list[dict[str, Any]]:
    form = _load("mystery-shop-store.yaml")
    scores = [100.0, 75.0, 62.5, None, 0.0, 80.0, 90.0]
    sections = [
        {"id": s["id"], "title": s["title"], "score": score}
        for s, score in zip(form["sections"][1:], scores, strict=False)
    ]
    critical = [
        {
            "id": "greeted_within_30s",
            "label": {"en": "Greeted within 30 seconds of entering", "zh-CN": "进店30秒内主动问候"},
        }
    ]
    return [
        {
            "submission_id": "0b7c5e1e-8d0e-4f55-9d7e-2d8f1f3c0a11",
            "date": "2026-05-12",
            "unit": {"en": "Store 12 Jing'an", "zh-CN": "静安12号店"},
            "form_score": 58.3,
            "outcome": "fail",
            "sections": sections,
            "critical_failures": critical,
            "narrative": "店员在整理货架，约45秒后才上前问候；之后讲解耐心，主动推荐了会员活动。"
            " The staff member was restocking and greeted me after about 45 s.",
            "photos": [
                {"sha256": "a" * 64, "question_id": "receipt_photo", "mime_type": "image/jpeg"},
                {"sha256": "b" * 64, "question_id": "storefront_photo", "mime_type": "image/jpeg"},
            ],
        },
        {
            "submission_id": "5d1a7b0e-3f2c-4c8e-b6a1-9e0d4c2b7f22",
            "date": "2026-06-03",
            "unit": {"en": "Store 12 Jing'an", "zh-CN": "静安12号店"},
            "form_score": 81.7,
            "outcome": "pass",
            "sections": [dict(s, score=85.0) for s in sections],
            "critical_failures": [],
            "narrative": None,
            "photos": [],
        },
    ]


COMMENTS = {
    "zh-CN": {
        "self": ["希望在投诉处理方面获得更多培训。"],
        "supervisor": ["顾客反馈普遍很好，高峰时段可以更主动地支援收银台。"],
        "colleagues": [
            "总是第一个主动问候顾客，给新同事做了很好的示范。",
            "交接班时信息记录得很清楚。",
            "有时候忙起来会忘记告知顾客等候时间。",
        ],
        "customer": ["服务很耐心，解释得很清楚。", "等了比较久才有人接待。"],
        "mystery_shopper": ["整体专业，但离店时没有道别。"],
    },
    "en": {
        "self": ["I would like more training on handling complaints."],
        "supervisor": ["Customers like her; she could support the tills more at peak times."],
        "colleagues": [
            "Always the first to greet customers - a great example for new staff.",
            "Handover notes are always clear.",
            "Sometimes forgets to tell customers how long they will wait.",
        ],
        "customer": [
            "Very patient and explained everything clearly.",
            "I waited quite a while before someone helped me.",
        ],
        "mystery_shopper": ["Professional overall, but no farewell when I left."],
    },
}


def _comments(locale: str) -> dict[str, list[dict[str, Any]]]:
    label = {
        "en": "What does this person do particularly well?",
        "zh-CN": "此人哪些方面做得特别好？",
    }
    out: dict[str, list[dict[str, Any]]] = {
        key: [{"question_id": "strengths", "question_label": label, "text": t} for t in texts]
        for key, texts in COMMENTS[locale].items()
    }
    # A buggy producer leaking a hidden row's comments must still not reach the PDF.
    out["peer"] = [{"question_id": "strengths", "question_label": label, "text": HIDDEN_COMMENT}]
    return out


def sample_review(
    locale: str = "zh-CN", *, released: bool = False, seed: int = 7
) -> dict[str, Any]:
    """Return a review dict following REVIEW.md exactly (plus one planted hidden comment)."""
    rng = random.Random(seed)
    catalogue = _catalogue()
    rows = _rows(rng, catalogue)
    items = _items(rng)
    top, bottom = _top_bottom(items)
    by_key = {r["key"]: r for r in rows}
    return {
        "campaign": {
            "id": 3,
            "name": {"en": "2026 H1 service review", "zh-CN": "2026年上半年服务评估"},
            "kind": "mixed",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "status": "released" if released else "closed",
            "released": released,
            "locale": locale,
            "rank_enabled": True,
        },
        "employee": {
            "id": 41,
            "name": NAMES[locale],
            "job_title": "门店主管" if locale == "zh-CN" else "Store supervisor",
            "employee_number": "E1041",
            "unit": {"id": 12, "name": {"en": "Store 12 Jing'an", "zh-CN": "静安12号店"}},
        },
        "generated_at": "2026-07-05T09:30:00+00:00",
        "rows": rows,
        "competencies": catalogue,
        "items": items,
        "overall_index": 74.2634,
        "index_rows": ["supervisor", "colleagues", "customer", "mystery_shopper"],
        "gaps": _gaps(rows, items),
        "top_items": top,
        "bottom_items": bottom,
        "trend": {
            "previous_campaign": {
                "id": 1,
                "name": {"en": "2025 H2 service review", "zh-CN": "2025年下半年服务评估"},
                "period_end": "2025-12-31",
            },
            "overall_index_delta": 3.46,
            "rows": {
                "others": {
                    "form_score_delta": -1.2,
                    "competencies": {
                        c: (rng.uniform(-8, 8) if i % 3 else None)
                        for i, c in enumerate(by_key["others"]["competencies"])
                    },
                },
                "supervisor": {"form_score_delta": 4.0, "competencies": {}},
            },
            "items": {
                i["id"]: (
                    "not_comparable"
                    if i["id"] == "goes_extra_mile"
                    else round(rng.uniform(-10, 10), 1)
                )
                for i in items
            },
        },
        "rank": {"rank": 2, "of": 11, "percentile": 80.0},
        "mystery_shop": {
            "visible": True,
            "hidden_reason": None,
            "visits": _visits(),
            "rollup": [
                {
                    "unit": {"en": "Store 12 Jing'an", "zh-CN": "静安12号店"},
                    "month": "2026-05",
                    "visits": 1,
                    "mean": 58.3,
                    "pooled": 61.0,
                },
                {
                    "unit": {"en": "Store 12 Jing'an", "zh-CN": "静安12号店"},
                    "month": "2026-06",
                    "visits": 1,
                    "mean": 81.7,
                    "pooled": 80.2,
                },
            ],
        },
        "customer": {
            "visible": True,
            "n": 14,
            "hidden_reason": None,
            "form_score": 80.6,
            "satisfaction": {"mean": 4.21, "scale": {"min": 1, "max": 5}},
            "recommendation": {"mean": 8.4, "nps": 35.7, "n": 14},
        },
        "comments": _comments(locale),
        "action_items": [
            {
                "title": {
                    "en": "Critical item failed: greeted within 30 seconds",
                    "zh-CN": "关键项未通过：进店30秒内主动问候",
                },
                "status": "open",
                "kind": "critical_failure",
                "question_id": "greeting",
                "row": "mystery_shopper",
                "date": "2026-05-12",
            },
        ],
    }


def empty_review(locale: str = "en") -> dict[str, Any]:
    """A review with no responses at all: every section must say so instead of failing."""
    review = sample_review(locale)
    for row in review["rows"]:
        row.update(
            n=0,
            visible=False,
            hidden_reason={"code": "no_responses"},
            form_score=None,
            competencies={},
        )
    for item in review["items"]:
        item["rows"] = {}
    review.update(
        overall_index=None,
        index_rows=[],
        top_items=[],
        bottom_items=[],
        trend=None,
        rank=None,
        comments={},
        action_items=[],
        gaps={"threshold": 15.0, "competencies": [], "items": []},
        mystery_shop={
            "visible": False,
            "hidden_reason": {"code": "no_responses"},
            "visits": [],
            "rollup": [],
        },
        customer={
            "visible": False,
            "n": 0,
            "hidden_reason": {"code": "no_responses"},
            "form_score": None,
            "satisfaction": None,
            "recommendation": None,
        },
    )
    return review


def sample_unit_summary(locale: str = "zh-CN") -> dict[str, Any]:
    """A unit summary shaped like server.services.reviews.review.build_unit_summary (plus names)."""
    catalogue = _catalogue()
    rng = random.Random(3)
    names = (
        ["王丽娜", "李强", "张伟", "刘洋", "陈静", "杨帆"]
        if locale == "zh-CN"
        else ["Emily Chen", "James Li", "Wei Zhang", "Yang Liu", "Jing Chen", "Fan Yang"]
    )
    keys = [c["key"] for c in catalogue]
    employees = []
    for i, name in enumerate(names):
        index = None if i == 5 else 88 - i * 4.5
        employees.append(
            {
                "id": 40 + i,
                "name": name,
                "employee_number": f"E10{40 + i}",
                "job_title": "店员" if locale == "zh-CN" else "Sales associate",
                "overall_index": index,
                "rank": None
                if index is None
                else {"rank": i + 1, "of": 5, "percentile": 100 * (4 - i) / 4},
                "rows": {},
                "competencies": {
                    k: (
                        None
                        if index is None or (i == 2 and k == "teamwork")
                        else rng.uniform(55, 95)
                    )
                    for k in keys
                },
            }
        )
    review = sample_review(locale)
    return {
        "campaign": review["campaign"],
        "unit": {"id": 12, "name": {"en": "Store 12 Jing'an", "zh-CN": "静安12号店"}},
        "generated_at": "2026-07-05T09:30:00+00:00",
        "competency_keys": keys,
        "competencies": [{"key": c["key"], "name": c["name"]} for c in catalogue],
        "employees": employees,
        "mystery_shop_trend": [
            {"month": m, "visits": v, "mean": s, "pooled": p}
            for m, v, s, p in [
                ("2026-03", 2, 71.0, 72.4),
                ("2026-04", 3, 76.5, 75.0),
                ("2026-05", 2, 70.0, 68.8),
                ("2026-06", 3, 82.0, 83.1),
            ]
        ],
        "action_items": [
            {**review["action_items"][0], "subject_id": 40},
        ],
    }
