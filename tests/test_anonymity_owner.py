"""SPEC §6: one module owns the anonymous groups, the thresholds and their defaults
(server.services.scoring.anonymity); everything else asks it (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.models import Campaign
from server.reports.i18n import hidden_text, translator
from server.services.campaigns import campaigns
from server.services.scoring import anonymity

ROOT = Path(__file__).resolve().parent.parent
OWNER = ROOT / "server/services/scoring/anonymity.py"
UNNAMED_CANDIDATES = {"peer", "subordinate", "customer"}


def _group_literals(path: Path) -> list[int]:
    """Lines of tuple/list/set literals made only of anonymous or unnamed group names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Tuple | ast.List | ast.Set)
        and len(node.elts) >= 2
        and all(isinstance(e, ast.Constant) and e.value in UNNAMED_CANDIDATES for e in node.elts)
    ]


def test_the_literal_scan_sees_the_owner_s_groups() -> None:
    assert _group_literals(OWNER)  # ANONYMOUS = ("peer", "subordinate") is found


def test_no_other_module_spells_out_the_anonymous_groups() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "server").rglob("*.py"))
        if path != OWNER and (lines := _group_literals(path))
    }
    assert found == {}


def test_unnamed_groups() -> None:
    assert anonymity.ANONYMOUS == ("peer", "subordinate")
    assert set(anonymity.UNNAMED_GROUPS) == {"peer", "subordinate", "customer"}
    assert [g for g in anonymity.BASE_GROUPS if anonymity.unnamed(g)] == [
        "peer",
        "subordinate",
        "customer",
    ]
    assert not anonymity.unnamed("mystery_shopper")


def test_the_campaign_column_default_is_the_owner_s() -> None:
    column = Campaign.__table__.c.anonymity_thresholds
    assert column.default.arg(None) == anonymity.DEFAULT_THRESHOLDS
    assert anonymity.thresholds_for(None) == anonymity.DEFAULT_THRESHOLDS
    assert {anonymity.DEFAULT_THRESHOLDS[g] for g in anonymity.UNNAMED_GROUPS} == {
        anonymity.DEFAULT_K
    }


def test_a_reason_without_k_falls_back_to_the_default_k() -> None:
    expected = translator("en")("hidden_fewer_than", k=anonymity.DEFAULT_K)
    assert hidden_text({"code": "fewer_than"}, "en") == expected


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*anonymity.BASE_GROUPS, "colleagues", "boss", ""]),
        st.one_of(st.integers(-2, 6), st.floats(allow_nan=False), st.text(max_size=2)),
        max_size=4,
    )
)
def test_valid_thresholds_is_the_campaign_rule(setting: dict) -> None:
    expected = all(
        k in anonymity.BASE_GROUPS and type(v) is int and v >= 1 for k, v in setting.items()
    )
    assert anonymity.valid_thresholds(setting) is expected
    campaign = Campaign(anonymity_thresholds=setting, peer_min=0, peer_max=0)
    errors: dict[str, str] = {}
    campaigns._validate(campaign, errors)
    assert ("anonymity_thresholds" in errors) is not expected
