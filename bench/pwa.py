"""PWA benchmark (SPEC §13): app shell size (gzip), render time of a 100-question form
in headless Chromium, time to sync 500 queued submissions against a live server.

Run `python bench/pwa.py` after `make pwa`. Needs /usr/bin/chromium. Prints RESULT
lines for bench/run_all.py; the baseline for the render figure is an empty screen
render in the same browser, for the sync figure one POST /sync of 50 items.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DIST = ROOT / "pwa" / "dist"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "demo-password-2026"
RATER = "staff111@demo.example"
QUEUED = 500


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def shell_size() -> dict[str, int]:
    """Bytes (gzip) of what index.html and customer.html load before any user action."""
    out = {}
    for page in ("index.html", "customer.html"):
        html = (DIST / page).read_text()
        refs = set(re.findall(r'(?:src|href)="/(assets/[^"]+\.(?:js|css))"', html))
        out[page] = gz(DIST / page) + sum(gz(DIST / r) for r in refs)
    return out


# ---- live server -------------------------------------------------------------


def start_server(tmp: Path) -> tuple[Any, str]:
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from server import create_app
    from server.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "ATTACHMENT_DIR": str(tmp / "att"),
            "PWA_DIST": str(DIST),
            "SECRET_KEY": "bench",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        res = app.test_cli_runner().invoke(args=["demo"])
        assert res.exit_code == 0, res.output
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, f"http://127.0.0.1:{server.server_port}"


def seed_assignments(app: Any, n: int) -> tuple[int, list[int], dict[str, Any]]:
    """Make n pending peer assignments for RATER in an open 360 campaign.

    Returns (user id, assignment ids, form version)."""
    from sqlalchemy import select

    from server.extensions import db
    from server.models.campaign import Assignment, Campaign, CampaignForm
    from server.models.form import Form, FormVersion
    from server.models.user import User

    with app.app_context():
        s = db.session
        rater = s.scalar(select(User).where(User.email == RATER))
        subjects = list(
            s.scalars(select(User.id).where(User.role == "employee", User.id != rater.id))
        )
        version = s.scalar(
            select(FormVersion)
            .join(Form)
            .where(Form.key == "service-360")
            .order_by(FormVersion.version.desc())
        )
        today = date.today()
        c = Campaign(
            name={"en": "Bench", "zh-CN": "基准"},
            kind="360",
            status="open",
            period_start=today - timedelta(days=5),
            period_end=today + timedelta(days=5),
        )
        s.add(c)
        s.flush()
        s.add(CampaignForm(campaign_id=c.id, relationship="peer", form_version_id=version.id))
        rows = [
            Assignment(
                campaign_id=c.id,
                relationship="peer",
                rater_id=rater.id,
                subject_id=subjects[i % len(subjects)],
                form_version_id=version.id,
                status="pending",
            )
            for i in range(n)
        ]
        s.add_all(rows)
        s.commit()
        out = (rater.id, [a.id for a in rows], {"id": version.id, "definition": version.definition})
        s.remove()
        return out


ANSWER_BY_TYPE: dict[str, Any] = {
    "rating": lambda q, d: (q.get("scale") or d.get("scale") or {"max": 5})["max"],
    "yes_no": lambda q, d: q.get("pass_value", True) is not False,
    "choice": lambda q, d: q["options"][0]["value"],
    "multi_choice": lambda q, d: [q["options"][0]["value"]],
    "number": lambda q, d: q.get("min") if q.get("min") is not None else 1,
    "text": lambda q, d: "Helpful and patient.",
    "date": lambda q, d: date.today().isoformat(),
    "time": lambda q, d: "10:30",
    "datetime": lambda q, d: datetime.now(UTC).isoformat(),
}


def answer_all(definition: dict[str, Any]) -> dict[str, Any]:
    """A valid answer for every question (hidden ones are type-checked, never required)."""
    questions = (q for s in definition["sections"] for q in s["questions"])
    return {
        q["id"]: ANSWER_BY_TYPE[q["type"]](q, definition)
        for q in questions
        if q["type"] in ANSWER_BY_TYPE
    }


def hundred_question_form() -> dict[str, Any]:
    """A synthetic definition: 100 questions of mixed types in one section (worst case)."""
    types = ["rating", "yes_no", "choice", "number", "text"]
    qs = []
    for i in range(100):
        t = types[i % len(types)]
        q: dict[str, Any] = {
            "id": f"q{i}",
            "type": t,
            "label": {"en": f"Question {i}", "zh-CN": f"问题 {i}"},
            "help": None,
            "self_label": None,
            "required": t != "text",
            "allow_na": i % 3 == 0,
            "weight": 1,
            "critical": False,
            "competency": None,
            "show_if": {"==": [{"var": "q1"}, True]} if i % 10 == 9 else None,
        }
        if t == "rating":
            q["scale"] = {
                "min": 1,
                "max": 5,
                "labels": {
                    "1": {"en": "Poor", "zh-CN": "差"},
                    "5": {"en": "Excellent", "zh-CN": "优"},
                },
            }
        if t == "choice":
            q["options"] = [
                {"value": v, "label": {"en": v, "zh-CN": v}, "score": n}
                for n, v in enumerate(["a", "b", "c", "d"])
            ]
        if t == "number":
            q.update({"min": 0, "max": 600, "pass_min": None, "pass_max": 30, "unit": "s"})
        qs.append(q)
    return {
        "key": "bench-100",
        "title": {"en": "100 questions", "zh-CN": "100题"},
        "scale": None,
        "sections": [{"id": "all", "title": {"en": "All", "zh-CN": "全部"}, "questions": qs}],
    }


# ---- browser measurements ---------------------------------------------------------

RENDER_JS = """async ([target, count]) => {
  const t0 = performance.now();
  location.hash = target;
  await new Promise((resolve) => {
    const sel = count ? 'section.question' : '.today, .empty';
    const check = () => (document.querySelectorAll(sel).length >= Math.max(count, 1)
      ? resolve() : requestAnimationFrame(check));
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
}"""


def login(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.locator("#login-email").fill(RATER)
    page.locator("#login-password").fill(PASSWORD)
    page.locator("form.login button[type=submit]").click()
    page.locator("nav.bottom").wait_for()


def measure_render(browser: Any, url: str) -> tuple[float, float]:
    """Median ms to render the 100-question form (and an empty Outbox baseline)."""
    form = {
        "id": 999_001,
        "form_key": "bench-100",
        "version": 1,
        "sha256": "0" * 64,
        "definition": hundred_question_form(),
    }
    assignment = {
        "id": 999_001,
        "relationship": "peer",
        "status": "pending",
        "due_at": None,
        "campaign": {
            "id": 999_001,
            "name": {"en": "Render", "zh-CN": "渲染"},
            "kind": "360",
            "status": "open",
            "period_start": None,
            "period_end": None,
        },
        "subject": {"id": 1, "name": "Bench", "job_title": None},
        "form_version_id": form["id"],
        "form_key": "bench-100",
        "visit": None,
    }
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, service_workers="block")

    def route(r: Any) -> None:
        if r.request.url.endswith("/api/v1/me/assignments"):
            r.fulfill(json={"assignments": [assignment]})
        elif r.request.url.endswith(f"/forms/versions/{form['id']}"):
            r.fulfill(json=form)
        else:
            r.continue_()

    ctx.route("**/api/v1/**", route)
    page = ctx.new_page()
    login(page, url)
    page.locator(f'a[href="#/form/{form["id"]}"]').wait_for()
    form_ms, base_ms = [], []
    for _ in range(7):
        page.evaluate("() => { location.hash = '#/settings'; }")
        page.locator(".settings").wait_for()
        form_ms.append(page.evaluate(RENDER_JS, [f"#/form/{form['id']}", 100 - 10]))
        page.evaluate("() => { location.hash = '#/settings'; }")
        page.locator(".settings").wait_for()
        base_ms.append(page.evaluate(RENDER_JS, ["#/", 0]))
    ctx.close()
    return statistics.median(form_ms[1:]), statistics.median(base_ms[1:])


QUEUE_JS = """async ([userId, items]) => {
  const db = await new Promise((res, rej) => {
    const r = indexedDB.open('service-eval');
    r.onsuccess = () => res(r.result);
    r.onerror = () => rej(r.error);
  });
  const tx = db.transaction('outbox', 'readwrite');
  for (const it of items) tx.objectStore('outbox').put(it);
  await new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
  db.close();
  return items.length;
}"""


def measure_sync(browser: Any, app: Any, url: str) -> tuple[float, int]:
    """Time "Sync now" until QUEUED items left the outbox.

    Returns (seconds, submissions stored, direct 50-item baseline seconds)."""
    from sqlalchemy import func, select

    from server.extensions import db
    from server.models.submission import Submission

    user_id, all_ids, version = seed_assignments(app, QUEUED + 50)
    ids, direct_ids = all_ids[:QUEUED], all_ids[QUEUED:]
    answers = answer_all(version["definition"])
    now = datetime.now(UTC).isoformat()
    direct = direct_batch_seconds(url, direct_ids, version["id"], answers, now)
    items = []
    for n, aid in enumerate(ids):
        sub = {
            "id": str(uuid.uuid4()),
            "assignment_id": aid,
            "form_version_id": version["id"],
            "answers": answers,
            "na": [],
            "started_at": now,
            "completed_at": now,
            "device_time": now,
        }
        items.append(
            {
                "id": sub["id"],
                "userId": user_id,
                "assignmentId": aid,
                "title": f"#{n}",
                "submission": sub,
                "photos": [],
                "pendingUploads": [],
                "state": "waiting",
                "attempts": 0,
                "uploadRounds": 0,
                "createdAt": n,
                "lastAttemptAt": None,
                "nextAttemptAt": 10**13,
                "error": None,
            }
        )
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, service_workers="block")
    page = ctx.new_page()
    login(page, url)
    page.evaluate(QUEUE_JS, [user_id, items])
    page.goto(url + "/#/outbox")
    page.wait_for_function(
        "(n) => document.querySelectorAll('.ob-item.state-waiting').length === n",
        arg=QUEUED,
        timeout=60_000,
    )
    t0 = time.perf_counter()
    page.locator(".outbox .row-between .btn-primary").click()
    page.wait_for_function(
        "() => !document.querySelector('.ob-list .state-waiting, .ob-list .state-sending')",
        timeout=300_000,
        polling=50,
    )
    elapsed = time.perf_counter() - t0
    ctx.close()
    with app.app_context():
        stored = db.session.scalar(
            select(func.count()).select_from(Submission).where(Submission.assignment_id.in_(ids))
        )
        db.session.remove()
    return elapsed, int(stored or 0), direct


def direct_batch_seconds(
    url: str, ids: list[int], version_id: int, answers: dict[str, Any], now: str
) -> float:
    """Baseline: one POST /sync of len(ids) items straight from Python (no browser)."""
    import requests

    with requests.Session() as s:
        me = s.post(
            url + "/api/v1/auth/login", json={"email": RATER, "password": PASSWORD}, timeout=30
        ).json()
        subs = [
            {
                "id": str(uuid.uuid4()),
                "assignment_id": aid,
                "form_version_id": version_id,
                "answers": answers,
                "na": [],
                "started_at": now,
                "completed_at": now,
                "device_time": now,
            }
            for aid in ids
        ]
        t0 = time.perf_counter()
        res = s.post(
            url + "/api/v1/sync",
            json={"submissions": subs},
            headers={"X-CSRF-Token": me["csrf_token"]},
            timeout=120,
        )
        elapsed = time.perf_counter() - t0
        statuses = {r["status"] for r in res.json()["results"]}
        assert statuses == {"created"}, res.text[:500]
        return elapsed


def main() -> int:
    if not (DIST / "index.html").is_file():
        print("SKIP pwa/dist is not built (make pwa)")
        return 0
    sizes = shell_size()
    print(f"App shell (index.html + its JS/CSS), gzip: {sizes['index.html'] / 1024:.1f} KB")
    print(f"Customer page, gzip: {sizes['customer.html'] / 1024:.1f} KB")
    print(f"RESULT pwa.shell_gzip {sizes['index.html'] / 1024:.1f} KB target <= 100")
    print(f"RESULT pwa.customer_gzip {sizes['customer.html'] / 1024:.1f} KB")
    if not Path(CHROMIUM).is_file():
        print(f"SKIP {CHROMIUM} not found: browser figures not measured")
        return 0
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app, url = start_server(Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            form_ms, base_ms = measure_render(browser, url)
            print(
                f"100-question form render: {form_ms:.1f} ms "
                f"(median; empty list screen {base_ms:.1f} ms)"
            )
            print(f"RESULT pwa.render_100q {form_ms:.1f} ms target <= 100")
            print(f"RESULT pwa.render_baseline {base_ms:.1f} ms")
            if "--render-only" in sys.argv:
                return 0
            secs, stored, direct = measure_sync(browser, app, url)
            print(
                f"Sync of {QUEUED} queued submissions: {secs:.2f} s "
                f"({QUEUED / secs:.0f}/s), stored {stored}"
            )
            print(
                f"Baseline: one POST /sync of 50 from Python: {direct:.2f} s; "
                f"x{QUEUED // 50} = {direct * QUEUED / 50:.2f} s "
                f"(the PWA's own overhead is the rest)"
            )
            print(f"RESULT pwa.sync_baseline_50_direct {direct:.2f} s")
            print(f"RESULT pwa.sync_500 {secs:.2f} s target <= 15")
            print(f"RESULT pwa.sync_500_stored {stored} items target == {QUEUED}")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
