"""Plausible answers for any normalised form definition (demo data and tests).

`fake_answers(definition, rng, quality, ...)` walks the form, answers every visible
question in a way a real rater with that overall impression (quality 0..1) would,
uses N/A now and then where allowed, and writes comments in Chinese or English.
The answers validate against server.services.forms.answers (same types, ranges, options,
show_if visibility), so they go through the ordinary sync path.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from server.services.forms.show_if import visible_questions

POSITIVE = {
    "zh-CN": [
        "服务热情主动，顾客进门就会打招呼。",
        "处理投诉时很有耐心，能先安抚顾客情绪。",
        "产品知识扎实，推荐的方案很贴合顾客需求。",
        "和同事配合默契，交接时从不让顾客重复说明。",
        "说话清楚有礼貌，顾客都愿意找他咨询。",
        "遇到高峰期也能保持冷静，秩序井然。",
    ],
    "en": [
        "Always greets customers warmly the moment they walk in.",
        "Very patient with complaints and calms upset customers down first.",
        "Knows the products well and recommends what the customer really needs.",
        "Hands customers over to colleagues smoothly; nobody has to repeat themselves.",
        "Stays calm and organised even at the busiest times.",
    ],
}
NEGATIVE = {
    "zh-CN": [
        "高峰期有时顾不上新进店的顾客，问候不够及时。",
        "介绍售后政策时不够完整，建议再熟悉一下。",
        "偶尔在顾客面前看手机，显得不够专注。",
        "处理退换货时语气有些生硬，可以更耐心。",
        "需求了解得不够深入，推荐之前可以多问几个问题。",
    ],
    "en": [
        "Sometimes misses new customers at peak times; greetings come late.",
        "Could explain the warranty and after-sales terms more completely.",
        "Occasionally checks the phone in front of customers.",
        "Sounds a bit abrupt when handling returns; more patience would help.",
        "Should ask a few more questions before recommending a product.",
    ],
}


def comment(rng: random.Random, quality: float, lang: str | None = None) -> str:
    """A realistic comment in zh-CN or en, positive or critical with the quality."""
    lang = lang or ("zh-CN" if rng.random() < 0.65 else "en")
    bank = POSITIVE if rng.random() < quality else NEGATIVE
    return rng.choice(bank[lang])


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _rating(q: dict[str, Any], rng: random.Random, quality: float) -> int:
    low, high = q["scale"]["min"], q["scale"]["max"]
    return round(low + (high - low) * _clip(quality + rng.gauss(0, 0.18)))


def _number(q: dict[str, Any], rng: random.Random, quality: float) -> float:
    low = q["min"] if q["min"] is not None else 0
    high = q["max"] if q["max"] is not None else low + 100
    good = rng.random() < quality
    if q["pass_max"] is not None:
        top = q["pass_max"] if good else min(high, q["pass_max"] * 4 + 1)
        bottom = low if good else min(high, q["pass_max"] + 1)
        return rng.randint(int(bottom), int(max(bottom, top)))
    if q["pass_min"] is not None:
        return rng.randint(int(q["pass_min"] if good else low), int(high))
    return rng.randint(int(low), int(min(high, low + 100)))


def _choice(q: dict[str, Any], rng: random.Random, quality: float) -> str:
    options = q["options"]
    scored = [o for o in options if o.get("score") is not None]
    if scored and rng.random() < quality:
        return str(max(scored, key=lambda o: o["score"])["value"])
    return str(options[0 if rng.random() < 0.75 else rng.randrange(len(options))]["value"])


def _multi(q: dict[str, Any], rng: random.Random, quality: float) -> list[str]:
    values = [str(o["value"]) for o in q["options"]]
    count = max(1, min(len(values), round(len(values) * _clip(quality + rng.gauss(0, 0.2)))))
    return rng.sample(values, count)


def _yes_no(q: dict[str, Any], rng: random.Random, quality: float) -> bool:
    passed = rng.random() < 0.4 + 0.6 * quality
    return passed if q.get("pass_value", True) else not passed


def _text(
    q: dict[str, Any], rng: random.Random, quality: float, context: dict[str, Any]
) -> str | None:
    rate = 1.0 if context.get("always_comment") else 0.7
    wanted = q["required"] or (q.get("comment") and rng.random() < rate)
    return comment(rng, quality, context.get("lang")) if wanted else None


def _photo(q: dict[str, Any], context: dict[str, Any]) -> list[str] | None:
    photos: Callable[[str], list[str]] | None = context.get("photos")
    return photos(q["id"]) if photos else None


SIMPLE = {
    "rating": _rating,
    "yes_no": _yes_no,
    "number": _number,
    "choice": _choice,
    "multi_choice": _multi,
}
DEFAULTS = {"date": "2026-03-02", "time": "10:30", "datetime": "2026-03-02T10:30:00+08:00"}


def _answer(q: dict[str, Any], rng: random.Random, quality: float, context: dict[str, Any]) -> Any:
    kind = q["type"]
    if kind in SIMPLE:
        return SIMPLE[kind](q, rng, quality)
    if kind == "text":
        return _text(q, rng, quality, context)
    if kind in DEFAULTS:
        return context.get(kind, DEFAULTS[kind])
    if kind == "photo":
        return _photo(q, context)
    return None


def fake_answers(
    definition: dict[str, Any],
    rng: random.Random,
    quality: float,
    *,
    overrides: dict[str, Any] | None = None,
    na_rate: float = 0.08,
    context: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Return (answers, na) for a definition; `overrides` pins chosen answers."""
    context = context or {}
    overrides = overrides or {}
    questions = [q for s in definition["sections"] for q in s["questions"]]
    answers: dict[str, Any] = {}
    na: list[str] = []
    for q in questions:
        if q["id"] in overrides:
            answers[q["id"]] = overrides[q["id"]]
        elif q.get("allow_na") and rng.random() < na_rate:
            na.append(q["id"])
        else:
            value = _answer(q, rng, quality, context)
            if value is not None:
                answers[q["id"]] = value
    shown = visible_questions(definition, answers)
    answers = {k: v for k, v in answers.items() if k in shown}
    return answers, [n for n in na if n in shown]


def jpeg_photo(seed: int, captured_at: datetime, text: str = "", size: int = 160) -> bytes:
    """A small, unique JPEG with an EXIF capture time (as a phone camera writes it)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (size, size * 3 // 4), tuple(rng.randrange(60, 200) for _ in range(3)))  # type: ignore[arg-type]
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(size), rng.randrange(size * 3 // 4)
        draw.rectangle(
            (x, y, x + rng.randrange(10, 50), y + rng.randrange(8, 30)),
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )  # type: ignore[arg-type]
    draw.text((6, 6), f"{text} #{seed}", fill=(255, 255, 255))
    local = captured_at.astimezone(timezone(timedelta(hours=8)))
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[36867] = local.strftime("%Y:%m:%d %H:%M:%S")
    exif_ifd[36881] = "+08:00"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    return buffer.getvalue()
