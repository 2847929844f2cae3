"""Scorecard exports for payroll's reward rules (issue 18 §4): long and wide, CSV or XLSX.

- `long`: one row per employee (or unit), period and figure — the weighted `score`, each
  dimension (`dimension:<key>`) and each indicator (`<key>`, source `all`, plus one row per
  source with its own n and value). Not enough data is an empty value with its n.
- `wide`: one row per employee (or unit) and period: score, previous, trend, each dimension,
  each indicator's value and n.

Figures are full precision on 0–100, as the API gives them; cells never start a formula
(server.services.exports.files). The rows are the API's (`views.table`), so an export shows
exactly what HR's table shows and nothing a hidden group said.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from server.services.exports.files import to_csv, to_xlsx

LONG = ["period", "by", "id", "code", "name", "figure", "source", "value", "n"]


def _name(row: dict[str, Any]) -> str:
    name = row["name"]
    return name["en"] if name["en"] == name["zh-CN"] else f"{name['zh-CN']} / {name['en']}"


def long_rows(table: dict[str, Any]) -> Iterator[dict[str, Any]]:
    head = {"period": table["period"]["label"], "by": table["by"]}
    for row in table["rows"]:
        who = {**head, "id": row["id"], "code": row["code"], "name": _name(row)}
        yield {**who, "figure": "score", "source": "all", "value": row["score"]}
        for key, value in row["dimensions"].items():
            yield {**who, "figure": f"dimension:{key}", "source": "all", "value": value}
        for key, figure in row["indicators"].items():
            yield {
                **who,
                "figure": key,
                "source": "all",
                "value": figure["value"],
                "n": figure["n"],
            }
            for source, part in figure["sources"].items():
                yield {**who, "figure": key, "source": source, **part}


def wide_columns(table: dict[str, Any]) -> list[str]:
    dims = [d["key"] for d in table["definitions"]["dimensions"]]
    inds = [i["key"] for d in table["definitions"]["dimensions"] for i in d["indicators"]]
    return [
        "period", "by", "id", "code", "name", "score", "previous", "trend",
        *[f"dimension:{k}" for k in dims],
        *[c for k in inds for c in (k, f"{k}:n")],
    ]  # fmt: skip


def wide_rows(table: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for row in table["rows"]:
        out = {
            "period": table["period"]["label"],
            "by": table["by"],
            "id": row["id"],
            "code": row["code"],
            "name": _name(row),
            "score": row["score"],
            "previous": row["previous"],
            "trend": row["trend"],
        }
        out.update({f"dimension:{k}": v for k, v in row["dimensions"].items()})
        for key, figure in row["indicators"].items():
            out[key] = figure["value"]
            out[f"{key}:n"] = figure["n"]
        yield out


def export(table: dict[str, Any], layout: str, fmt: str) -> bytes:
    """The table as a file: `layout` long|wide, `fmt` csv|xlsx."""
    if layout == "long":
        columns, rows = LONG, list(long_rows(table))
    else:
        columns, rows = wide_columns(table), list(wide_rows(table))
    if fmt == "xlsx":
        return to_xlsx(columns, rows, sheet=f"scorecard {table['period']['label']}")
    return to_csv(columns, rows)
