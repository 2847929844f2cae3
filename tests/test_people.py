"""Issue 12 §4: one person-dict builder (server.services.org.people) for every response."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.services.org import people
from tests.factories import make_user

SERVER = Path(__file__).resolve().parent.parent / "server"
ATTRIBUTES = ("id", "name", "email", "employee_number", "job_title")


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shown=st.lists(st.sampled_from(ATTRIBUTES), min_size=1, unique=True))
def test_a_person_has_exactly_the_attributes_shown_in_order(app, shown: list[str]) -> None:
    user = make_user(job_title="Sales")
    card = people.person(user, tuple(shown))
    assert card is not None and list(card) == shown
    assert card == {name: getattr(user, name) for name in shown}
    assert people.person(None, tuple(shown)) is None


def test_the_sizes_in_use() -> None:
    assert people.NAMED == ("id", "name")
    assert people.CARD == ("id", "name", "job_title")
    assert people.CONTACT == ("id", "name", "email", "employee_number")
    assert people.HR == ("id", "name", "email", "employee_number", "job_title")


def test_no_other_person_builder_function() -> None:
    """No `_person`/`person` function outside server/services/org/people.py."""
    found = [
        f"{path.relative_to(SERVER)}:{node.lineno}"
        for path in sorted(SERVER.rglob("*.py"))
        if path.name != "people.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") == "person"
    ]
    assert found == []
