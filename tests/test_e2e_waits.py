"""Browser-test waits that the app's Content Security Policy would break.

`page.wait_for_function("document.x === 1")` (an expression, not a function) makes
Playwright `eval` the text in the page at every poll after the first. The PWA's CSP
(`script-src 'self'`, no 'unsafe-eval') refuses that, so such a wait passes only when the
condition already holds at the first poll and otherwise fails with an EvalError: a test
that fails by timing (seen: test_quiz_certification under load). A function
(`"() => document.x === 1"`) is compiled once by the driver and polled without eval.
This test finds every wait_for_function in the browser tests whose predicate is a
literal that is not a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

E2E = Path(__file__).resolve().parent / "e2e"
FUNCTION_STARTS = ("function", "async ", "async(")


def _literal(node: ast.expr) -> str | None:
    """The text of a str or f-string literal (f-string holes as "{}"), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
        return "".join(str(p) for p in parts)
    return None


def is_function(text: str) -> bool:
    body = text.strip()
    return body.startswith(FUNCTION_STARTS) or "=>" in body.split("\n", 1)[0]


def expression_waits(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "wait_for_function" or not node.args:
            continue
        text = _literal(node.args[0])
        if text is not None and not is_function(text):
            found.append((node.lineno, text))
    return found


def test_the_finder_tells_an_expression_from_a_function():
    src = (
        "page.wait_for_function('document.x === 1')\n"
        "page.wait_for_function(f\"document.lang === '{lang}'\")\n"
        "page.wait_for_function('() => document.x === 1')\n"
        "page.wait_for_function('(img) => img.complete', arg=img)\n"
        "page.wait_for_function('async () => await ready()')\n"
        "page.wait_for_function('function () { return true; }')\n"
        "page.wait_for_function(predicate)\n"
    )
    assert [line for line, _ in expression_waits(src)] == [1, 2]


def test_no_browser_test_waits_on_an_expression_the_csp_refuses():
    found = [
        f"{path.relative_to(E2E.parent.parent)}:{line}: {text!r}"
        for path in sorted(E2E.rglob("*.py"))
        for line, text in expression_waits(path.read_text("utf-8"))
    ]
    assert found == [], "write these predicates as functions ('() => …'):\n" + "\n".join(found)
