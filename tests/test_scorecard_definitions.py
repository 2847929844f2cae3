"""forms/indicators.yaml (issue 18 §1): validated like a form file, checked against the
forms' `indicator:` tags; and the scorecard's reporting periods."""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from server.services.forms.forms import FormDefinitionError, read_yaml
from server.services.scorecard import periods, validate_definitions
from server.services.scorecard.checks import check_indicators_file
from tests.test_forms_sync import FORMS_DIR

RAW = read_yaml(FORMS_DIR / "indicators.yaml")


def problems(raw: Any) -> list[str]:
    try:
        validate_definitions(raw, "indicators.yaml")
    except FormDefinitionError as err:
        return [str(line) for line in err.errors]
    return []


def mutated(change: Any) -> Any:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


def test_the_shipped_file_is_valid_and_complete():
    defs = validate_definitions(RAW)
    assert set(defs.indicators) == {
        "greeting_rate",
        "needs_discovery",
        "first_contact_resolution",
        "resolution_timeliness",
        "polite_language",
        "satisfaction",
    }
    assert [d.key for d in defs.dimensions] == [
        "proactive_communication",
        "problem_solving",
        "service_attitude",
        "customer_satisfaction",
    ]
    assert defs.source_of_form("mystery-shop-store") == "mystery_shop"
    assert defs.source_of_form("service-360") is None


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: r["indicators"][0].update(measure="median"), "indicators[0].measure"),
        (lambda r: r["indicators"][0]["sources"].update(gossip=1), "indicators[0].sources"),
        (lambda r: r["indicators"][1].update(key="greeting_rate"), "indicators[1].key"),
        (lambda r: r["indicators"][3].pop("target"), "indicators[3].target"),
        (lambda r: r["indicators"][0]["title"].pop("zh-CN"), "indicators[0].title.zh-CN"),
        (
            lambda r: r["scorecard"]["dimensions"][0]["indicators"].update(greeting_rate=80),
            "scorecard.dimensions",
        ),
        (
            lambda r: r["scorecard"]["dimensions"][2]["indicators"].update(polite_language="rest"),
            "scorecard.dimensions",
        ),
        (
            lambda r: r["scorecard"]["dimensions"][2]["indicators"].update(ghost=5),
            "scorecard.dimensions[2].indicators",
        ),
        (
            lambda r: r["scorecard"]["dimensions"][0]["indicators"].update(greeting_rate=True),
            "scorecard.dimensions[0].indicators",
        ),
        (lambda r: r["sources"]["customer"].update(builtin="action_items"), "sources.customer"),
        (
            lambda r: r["sources"]["observation"].update(forms=["customer-satisfaction"]),
            "sources.",
        ),
        (lambda r: r.update(extra=1), "extra"),
    ],
)
def test_each_problem_names_the_file_and_the_path(change, where):
    lines = problems(mutated(change))
    assert lines, "the broken file was accepted"
    assert any(line.startswith(f"indicators.yaml: {where}") for line in lines), lines


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
        max_leaves=10,
    )
)
def test_any_document_is_accepted_or_refused_with_lines_never_a_crash(raw):
    assert problems(raw) or isinstance(raw, dict)


def copy_forms(tmp_path: Path) -> Path:
    target = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, target)
    return target


def test_shipped_tags_match_the_definitions():
    assert check_indicators_file(FORMS_DIR / "indicators.yaml") == []


def test_a_tag_naming_no_indicator_or_a_source_the_form_does_not_feed_is_reported(tmp_path):
    forms = copy_forms(tmp_path)
    path = forms / "customer-satisfaction.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("indicator: satisfaction", "indicator: sadness")
    text = text.replace("indicator: first_contact_resolution", "indicator: greeting_rate")
    path.write_text(text, encoding="utf-8")
    lines = [str(line) for line in check_indicators_file(forms / "indicators.yaml")]
    assert len(lines) == 2, lines
    assert "sadness" in lines[0] or "sadness" in lines[1]
    assert all("customer-satisfaction: sections[" in line for line in lines)


def test_a_source_naming_a_missing_form_is_reported(tmp_path):
    forms = copy_forms(tmp_path)
    (forms / "supervisor-observation.yaml").unlink()
    lines = [str(line) for line in check_indicators_file(forms / "indicators.yaml")]
    assert any("sources.observation.forms" in line for line in lines), lines


def test_cli_check_reports_the_scorecard_file(runner, tmp_path):
    forms = copy_forms(tmp_path)
    raw = yaml.safe_load((forms / "indicators.yaml").read_text(encoding="utf-8"))
    raw["indicators"][0]["measure"] = "median"
    (forms / "indicators.yaml").write_text(
        yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8"
    )
    result = runner.invoke(args=["forms", "check", str(forms / "indicators.yaml")])
    assert result.exit_code == 1
    assert "indicators[0].measure" in result.output


@given(st.dates(date(1999, 1, 1), date(2101, 12, 31)), st.sampled_from(sorted(periods.KINDS)))
def test_periods_are_contiguous_and_contain_their_day(day, kind):
    start, end = periods.bounds(kind, day)
    assert start <= day < end
    assert periods.bounds(kind, end)[0] == end  # the next period starts where this ends
    assert periods.previous(kind, day)[1] == start
    assert periods.bounds(kind, end - timedelta(days=1)) == (start, end)
    assert periods.label(kind, start) == periods.label(kind, end - timedelta(days=1))


@pytest.mark.parametrize(
    ("kind", "day", "label"),
    [
        ("month", date(2026, 12, 4), "2026-12"),
        ("quarter", date(2026, 12, 4), "2026-Q4"),
        ("half", date(2026, 6, 30), "2026-H1"),
        ("half", date(2026, 7, 1), "2026-H2"),
    ],
)
def test_period_labels(kind, day, label):
    assert periods.label(kind, day) == label
