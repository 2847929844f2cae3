"""Run every benchmark in bench/ as a subprocess and print one summary table.

Convention for a benchmark (bench/<name>.py, run as `python bench/<name>.py`): print any
human-readable output you like, plus one line per figure in the form

    RESULT <name> <value> <unit> [target <op> <value>]

e.g. `RESULT sync.sqlite.submissions_per_s 1834.2 sub/s target >= 1500` or
`RESULT pdf.review.median 0.41 s target <= 0.6`. <name> has no spaces; <op> is one of
<=, <, >=, >, ==. Figures without a target (baselines, ratios) simply omit it. A benchmark
that cannot run (e.g. PostgreSQL not configured) prints `SKIP <reason>` and exits 0.

Files starting with `_` are helpers and are not run. `--only NAME` runs a subset,
`--timeout S` bounds each benchmark (default 900 s). The exit status is 1 when a benchmark
crashed or printed no figure, 0 otherwise; a missed target is reported, not an error
(benchmarks measure, they do not gate).
"""

from __future__ import annotations

import argparse
import contextlib
import operator
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}
RESULT_RE = re.compile(
    r"^RESULT\s+(?P<name>\S+)\s+(?P<value>[-+0-9.eE]+|nan|inf)\s+(?P<unit>\S+)"
    r"(?:\s+target\s+(?P<op><=|>=|==|<|>)\s*(?P<target>[-+0-9.eE]+))?\s*$"
)


@dataclass
class Figure:
    bench: str
    name: str
    value: float
    unit: str
    op: str | None = None
    target: float | None = None

    @property
    def verdict(self) -> str:
        if self.op is None or self.target is None:
            return ""
        return "ok" if OPS[self.op](self.value, self.target) else "MISSED"


@dataclass
class Outcome:
    bench: str
    returncode: int
    seconds: float
    figures: list[Figure]
    skipped: str | None = None


def parse(bench: str, output: str) -> tuple[list[Figure], str | None]:
    """Collect the RESULT lines (and a SKIP reason) from a benchmark's output."""
    figures: list[Figure] = []
    skipped = None
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("SKIP"):
            skipped = line[4:].strip(" :") or "skipped"
        match = RESULT_RE.match(line)
        if not match:
            continue
        target = match["target"]
        figures.append(
            Figure(
                bench,
                match["name"],
                float(match["value"]),
                match["unit"],
                match["op"],
                float(target) if target is not None else None,
            )
        )
    return figures, skipped


def run_one(path: Path, timeout: float) -> Outcome:
    """Run one benchmark, echoing its output live, and parse its figures."""
    print(f"\n=== {path.name} ===", flush=True)
    start = time.perf_counter()
    lines: list[str] = []
    proc = subprocess.Popen(
        [sys.executable, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,
    )
    expired = threading.Event()

    def stop() -> None:  # a silent benchmark must not outlive its budget either
        expired.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    watchdog = threading.Timer(timeout, stop)
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            print("  " + line, end="", flush=True)
            lines.append(line)
        proc.wait()
    finally:
        watchdog.cancel()
    if expired.is_set():
        print(f"  !! {path.name} exceeded {timeout:.0f} s and was stopped", flush=True)
    figures, skipped = parse(path.stem, "".join(lines))
    return Outcome(path.stem, proc.returncode, time.perf_counter() - start, figures, skipped)


def _fmt(value: float) -> str:
    if value != value or abs(value) >= 1e6 or (value and abs(value) < 1e-3):
        return f"{value:.3g}"
    return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def table(outcomes: list[Outcome]) -> str:
    """Render every figure of every benchmark as one aligned table."""
    rows = [("benchmark", "figure", "value", "unit", "target", "verdict")]
    for out in outcomes:
        if out.skipped and not out.figures:
            rows.append((out.bench, "(skipped)", "", "", "", out.skipped[:60]))
        elif out.returncode != 0 and not out.figures:
            rows.append((out.bench, "(failed)", "", "", "", f"exit {out.returncode}"))
        elif not out.figures:
            rows.append((out.bench, "(no RESULT lines)", "", "", "", "see output above"))
        for fig in out.figures:
            target = f"{fig.op} {_fmt(fig.target)}" if fig.op and fig.target is not None else ""
            rows.append((out.bench, fig.name, _fmt(fig.value), fig.unit, target, fig.verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.rjust(w) if i == 2 else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def discover(only: list[str] | None) -> list[Path]:
    """Every bench/*.py except this runner and `_helpers`."""
    paths = [
        p
        for p in sorted(BENCH_DIR.glob("*.py"))
        if p.name != Path(__file__).name and not p.name.startswith("_")
    ]
    if only:
        paths = [p for p in paths if p.stem in only]
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    outcomes = [run_one(p, args.timeout) for p in discover(args.only)]
    print("\n" + table(outcomes))
    missed = sum(1 for o in outcomes for f in o.figures if f.verdict == "MISSED")
    broken = [o.bench for o in outcomes if not o.skipped and (o.returncode != 0 or not o.figures)]
    total = sum(o.seconds for o in outcomes)
    print(
        f"\n{len(outcomes)} benchmarks in {total:.0f} s; targets missed: {missed}; "
        f"broken: {', '.join(broken) or 'none'}"
    )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
