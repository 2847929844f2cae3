"""Size limits of issue 12 ("Done when"): no module over ~300 lines, no function over ~40 lines,
no function of complexity over 10, in `server/` and `pwa/src/`.

Measured from the source: Python modules and JS/JSX modules by lines; Python functions
(methods and nested functions too) with `ast`, from the `def` line to the last line of the body;
JS/JSX functions (declarations, expressions, arrows, methods) with the parser Vite's bundler
ships (rolldown's `parseAst`, run by node in pwa/); complexity is ruff's mccabe rule C901 with
the max-complexity of pyproject.toml (10).

There is no allowlist: every module and function fits.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"
PWA = ROOT / "pwa"
PWA_SRC = PWA / "src"

MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _python_modules() -> list[Path]:
    return sorted(SERVER.rglob("*.py"))


def _js_modules() -> list[Path]:
    return sorted(p for p in PWA_SRC.rglob("*") if p.suffix in (".js", ".jsx"))


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _python_functions(path: Path) -> Iterator[tuple[str, int]]:
    """(name, lines) of every function and method of a module, nested ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            yield node.name, node.end_lineno - node.lineno + 1


#: Prints [[file, name, first line, lines], ...] for the files given as arguments; a function
#: is named after itself, else the variable, property or method it is assigned to.
_JS_MEASURE = r"""
import { parseAst } from 'rolldown/parseAst';
import { readFileSync } from 'node:fs';
const out = [];
for (const file of process.argv.slice(1)) {
  const code = readFileSync(file, 'utf8');
  const starts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') starts.push(i + 1);
  const line = (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
  const named = (n) => (n.type === 'VariableDeclarator' ? n.id?.name
    : n.type === 'Property' || n.type === 'MethodDefinition' ? n.key?.name : undefined);
  const walk = (n, name) => {
    if (Array.isArray(n)) { n.forEach((c) => walk(c, name)); return; }
    if (!n || typeof n !== 'object') return;
    let inner = named(n) ?? name;
    if (/Function/.test(n.type || '')) {
      out.push([file, n.id?.name || inner || '<anonymous>', line(n.start),
        line(n.end) - line(n.start) + 1]);
      inner = undefined;
    }
    for (const [key, child] of Object.entries(n)) if (key !== 'type') walk(child, inner);
  };
  walk(parseAst(code, { lang: file.endsWith('.jsx') ? 'jsx' : 'js' }), undefined);
}
console.log(JSON.stringify(out));
"""


def _js_functions() -> list[tuple[str, str, int, int]]:
    """(path, name, first line, lines) of every function in pwa/src."""
    node = shutil.which("node")
    if node is None or not (PWA / "node_modules" / "rolldown").exists():
        pytest.skip("node or pwa/node_modules missing: run `make pwa`")
    files = [_relative(p) for p in _js_modules()]
    result = subprocess.run(
        [node, "--input-type=module", "-e", _JS_MEASURE, *(f"../{f}" for f in files)],
        cwd=PWA,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    measured = json.loads(result.stdout)
    return [(f.removeprefix("../"), name, first, size) for f, name, first, size in measured]


def test_no_module_is_over_the_limit() -> None:
    too_long = {
        _relative(p): _lines(p)
        for p in [*_python_modules(), *_js_modules()]
        if _lines(p) > MAX_MODULE_LINES
    }
    assert too_long == {}, f"modules over {MAX_MODULE_LINES} lines: split by responsibility"


def test_no_python_function_is_over_the_limit() -> None:
    too_long = {
        f"{_relative(p)}::{name}": size
        for p in _python_modules()
        for name, size in _python_functions(p)
        if size > MAX_FUNCTION_LINES
    }
    assert too_long == {}, f"functions over {MAX_FUNCTION_LINES} lines"


def test_no_js_function_is_over_the_limit() -> None:
    too_long = {
        f"{path}::{name} (line {first})": size
        for path, name, first, size in _js_functions()
        if size > MAX_FUNCTION_LINES
    }
    assert too_long == {}, f"functions and components over {MAX_FUNCTION_LINES} lines"


def test_no_function_is_too_complex() -> None:
    """ruff's C901 at pyproject's max-complexity over server/ (JSON: one entry per function)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "C90", "--output-format", "json"]
        + ["--exit-zero", "server"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    offenders = {
        f"{Path(v['filename']).resolve().relative_to(ROOT).as_posix()}: {v['message']}"
        for v in json.loads(result.stdout)
    }
    assert offenders == set()


def test_the_python_measures_see_what_they_measure() -> None:
    """Not blind: a known function is measured exactly and a module's lines are counted."""
    sizes = dict(_python_functions(Path(__file__)))
    assert sizes["_lines"] == 2
    assert _lines(Path(__file__)) == len(Path(__file__).read_text().split("\n")) - 1


def test_the_js_measure_sees_what_it_measures() -> None:
    """Not blind: functions and class methods of known modules are found."""
    js = {(path, name) for path, name, _, _ in _js_functions()}
    assert ("pwa/src/outbox/states.js", "applyResult") in js
    assert ("pwa/src/outbox/runner.js", "_sendBatch") in js
