"""HR's people search (`GET /api/v1/users?q=`) matches a literal substring of the name, the
e-mail or the employee number: `%`, `_` and `\\` in the query are characters, not wildcards."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.models import User
from server.services.org import users_admin
from tests.factories import make_user

ALPHABET = st.sampled_from(list("ab%_\\xY"))
NAMES = st.lists(st.text(ALPHABET, min_size=1, max_size=6), min_size=1, max_size=5, unique=True)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=NAMES, query=st.text(ALPHABET, min_size=1, max_size=3))
def test_search_is_a_literal_case_insensitive_substring(app, names, query):
    db.session.query(User).filter(User.email.like("%@search.test")).delete()
    for k, name in enumerate(names):
        make_user(name=name, email=f"p{k}@search.test", employee_number=f"N{k}")
    users, total = users_admin.list_users(db.session, {"q": query})
    found = {u.name for u in users if u.email.endswith("@search.test")}
    expected = {
        n
        for k, n in enumerate(names)
        if query.lower() in n.lower()
        or query.lower() in f"p{k}@search.test"
        or query.lower() in f"n{k}"
    }
    assert found == expected


def test_a_percent_sign_finds_only_names_with_one(app, hr_client):
    make_user(name="100% Service")
    make_user(name="Ordinary Name")
    listed = hr_client.get("/api/v1/users?q=%25").get_json()["users"]
    assert [u["name"] for u in listed] == ["100% Service"]
