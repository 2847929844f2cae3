#!/usr/bin/env python3
"""`make audit`: Lighthouse scores of the field app and the HR console against a live demo.

    .venv/bin/python scripts/audit.py [--out DIR] [--url http://127.0.0.1:5000]

Without `--url` it builds a throw-away demo (a temporary SQLite database upgraded by the
migrations and filled by `flask demo`, the built PWA from pwa/dist) and serves it on a free
port in this process. It signs in (the shopper for the field app, HR for the console)
through the app's own form with puppeteer-core (a Lighthouse dependency), then runs
Lighthouse in the same browser with its storage kept (pwa/scripts/lighthouse-pages.mjs), so
the signed-in screens are audited (a cookie header alone is not enough: the app remembers
its user in IndexedDB and shows the sign-in form to a fresh profile). Chromium is Debian's
(`CHROME_PATH`, default /usr/bin/chromium) run `--headless=new --no-sandbox --disable-gpu`;
Lighthouse is the npm package in pwa/node_modules. The field app is audited as a phone
(Lighthouse's mobile default), the console as a desktop. Prints one line of category scores
per page and exits non-zero when a page misses the goals (accessibility >= 95, performance
>= 90).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "pwa" / "node_modules" / "lighthouse"
SCRIPT = ROOT / "pwa" / "scripts" / "lighthouse-pages.mjs"
PASSWORD = "demo-password-2026"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"accessibility": 95, "performance": 90}
#: (name, account, hash route, desktop?)
PAGES = (
    ("field: sign-in", None, "#/login", False),
    ("field: Today", "shopper1@demo.example", "#/", False),
    ("console: campaigns", "hr@demo.example", "#/hr/campaigns", True),
    ("console: dashboard", "hr@demo.example", "#/hr/dashboard/1", True),
    ("console: review queue", "hr@demo.example", "#/hr/review", True),
    ("console: action items", "hr@demo.example", "#/hr/actions", True),
)


def demo_server() -> str:
    """Serve a fresh demo on a free port (daemon thread); return its base URL."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from server import create_app

    tmp = Path(tempfile.mkdtemp(prefix="audit-"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'audit.db'}",
            "ATTACHMENT_DIR": str(tmp / "attachments"),
            "PWA_DIST": str(ROOT / "pwa" / "dist"),
            "SECRET_KEY": "audit-secret",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo"])
        if result.exit_code != 0:
            raise SystemExit(result.output)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def run_pages(base: str, out: Path) -> list[dict]:
    """Audit every page (pwa/scripts/lighthouse-pages.mjs); return [{name, scores}]."""
    pages = [
        {
            "name": name,
            "url": f"{base}/{route}",
            "login": {"base": base, "email": account, "password": PASSWORD} if account else None,
            "desktop": desktop,
        }
        for name, account, route, desktop in PAGES
    ]
    spec = out / "pages.json"
    spec.write_text(json.dumps(pages), encoding="utf-8")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(
        ["node", str(SCRIPT), str(spec), str(out)],
        check=True,
        env=env,
        cwd=ROOT / "pwa",
        stdout=subprocess.PIPE,
        text=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", help="audit a running server instead of a fresh demo")
    ap.add_argument("--out", default=str(ROOT / "instance" / "audit"), help="report folder")
    args = ap.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: cd pwa && npm ci (the lighthouse package)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = args.url or demo_server()
    missed = []
    for page in run_pages(base, out):
        name, scores = page["name"], page["scores"]
        line = "  ".join(f"{k} {scores.get(k, '-'):>3}" for k in CATEGORIES)
        print(f"{name:<24} {line}", flush=True)
        missed += [f"{name}: {k} {scores[k]} < {g}" for k, g in GOALS.items() if scores[k] < g]
    for m in missed:
        print("below goal:", m)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
