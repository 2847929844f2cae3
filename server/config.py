"""Default configuration; overridden by instance/config.py, FLASK_* variables and tests."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Config:
    SECRET_KEY = "dev-only-change-me"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {}
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # Uploads
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    UPLOAD_MAX_PIXELS = 40_000_000
    ATTACHMENT_DIR = ""  # defaults to instance/attachments
    SYNC_MAX_BATCH = 50
    # Reports: the company's name and logo (a PNG/JPEG/SVG file path) on every PDF review
    COMPANY_NAME = ""
    COMPANY_LOGO = ""
    # Sessions
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True (FLASK_SESSION_COOKIE_SECURE) behind HTTPS
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30
    # Login lockout (LOGIN_LIMIT_*): counted in the database, shared by every worker and app
    # server (server/services/org/login_throttle.py). Flask-Limiter only throttles public links:
    # its store is the app's database with database:// (default, shared by every node:
    # server/ratelimit_store.py), or redis://host:6379/N (shared, no database write per hit);
    # memory:// is per process (tests).
    # Explicit: Flask-Limiter is a process-wide singleton and would inherit a disabled state.
    # RATELIMIT_ENABLED = False also turns the login lockout off (benchmarks, browser tests).
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "database://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "50 per 15 minutes"
    PUBLIC_LIMIT_PER_ADDRESS = "30 per minute"
    #: Calendar day of the customer links' "one response per device per day" policy.
    CUSTOMER_DAY_TIMEZONE = "Asia/Shanghai"
    #: Number of trusted reverse proxies in front of the app (0: none). With N > 0 the
    #: client address, scheme and host come from the last N X-Forwarded-* hops (ProxyFix),
    #: so per-address throttling and Secure cookies work behind a load balancer.
    TRUSTED_PROXIES = 0
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    # OpenAPI (flask-smorest)
    API_TITLE = "Service Evaluation Platform"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    PWA_DIST = str(ROOT / "pwa" / "dist")
    FORMS_DIR = str(ROOT / "forms")
    # The platform (docs/operations.md). The instance folder is `instance/` beside the code,
    # or the INSTANCE_PATH environment variable (one per app server).
    #: Task queue (server/tasks): sqlite:///… (default instance/queue.db), redis://host:6379/N
    QUEUE_URL = ""
    #: Run tasks at once in the caller (tests); a consumer (`flask worker`) is not needed.
    QUEUE_IMMEDIATE = False
    #: Object storage (server/storage/) for photos, thumbnails, PDFs, ZIPs and exports:
    #: file:// (files under ATTACHMENT_DIR), file:///absolute/path, or s3://bucket/prefix
    #: (AWS S3, Alibaba Cloud OSS, MinIO; credentials from the usual AWS_* variables).
    STORAGE_URL = "file://"
    #: The S3 service's address (empty: the S3_ENDPOINT_URL environment variable, else AWS).
    S3_ENDPOINT_URL = ""
    #: The S3 region (empty: AWS_REGION / AWS_DEFAULT_REGION).
    S3_REGION = ""
    #: "" (automatic: path style with an endpoint, for MinIO), "virtual" (Alibaba OSS), "path".
    S3_ADDRESSING_STYLE = ""
    #: Mail (server/mail). MAIL_URL: "file://" (default: each message an .eml file in
    #: instance/mail/; "file:///abs/dir" elsewhere), "smtp://user:pass@host:587?starttls=true"
    #: (STARTTLS), "smtps://user:pass@host:465" (implicit TLS). Sent by `flask worker` with
    #: retries; an address the server refuses for good (5xx) is marked failed, not retried.
    MAIL_URL = "file://"
    MAIL_FROM = "Service Evaluation <no-reply@localhost>"
    MAIL_TIMEOUT = 30
    #: The address links in mail point to (the PWA), e.g. https://eval.example.com; empty:
    #: the address the request that sent the mail came to.
    PUBLIC_URL = ""
    #: Notification e-mails (server/tasks/notifications.py): none are sent between
    #: QUIET_HOURS_START and QUIET_HOURS_END ("HH:MM", local time of the recipient's unit;
    #: start == end: no quiet hours). A unit without OrgUnit.timezone (nor a parent with
    #: one) and a person without a unit use DEFAULT_TIMEZONE (IANA name). It is also the
    #: zone of a new campaign template when HR names none (recurring cycles: periods start at
    #: local midnight; the daily self-check counts local days in it) and of the scorecard's
    #: calendar periods.
    QUIET_HOURS_START = "21:00"
    QUIET_HOURS_END = "08:00"
    DEFAULT_TIMEZONE = "Asia/Shanghai"
    #: One-time links: a password reset is valid 1 hour, an invitation 7 days.
    PASSWORD_RESET_HOURS = 1
    INVITATION_DAYS = 7
    #: Password reset requests, counted like login attempts (per email and per address).
    PASSWORD_RESET_LIMIT_PER_ACCOUNT = "5 per hour"
    PASSWORD_RESET_LIMIT_PER_ADDRESS = "20 per hour"
    #: Seconds between two rounds of a review ZIP job (server.services.reviews.zips).
    REVIEW_ZIP_CHECK_SECONDS = 5
    #: Review timers of mystery-shop visits (server.services.visits.timers), the defaults a
    #: campaign's `review_timers` overrides: a report waiting for review this many hours is
    #: auto-accepted ("accept") or escalated to HR ("escalate"; "off": no timer); HR is
    #: reminded this many hours before; a returned report not resubmitted within
    #: VISIT_RESUBMIT_HOURS closes the visit as rejected ("reject"; "off"), the shopper is
    #: reminded VISIT_RESUBMIT_REMINDER_HOURS before.
    VISIT_REVIEW_HOURS = 72.0
    VISIT_REVIEW_TIMEOUT = "accept"
    VISIT_REVIEW_REMINDER_HOURS = 12.0
    VISIT_RESUBMIT_HOURS = 24.0
    VISIT_RESUBMIT_TIMEOUT = "reject"
    VISIT_RESUBMIT_REMINDER_HOURS = 6.0
    #: Closed-loop escalation levels (server.services.actions.escalation): each level is
    #: reached `after_hours` after a stage's due time and notifies `to` (owner, manager, hr).
    ACTION_ESCALATION_LEVELS = (
        {"after_hours": 0, "to": ["owner"]},
        {"after_hours": 24, "to": ["manager", "hr"]},
    )
    #: Service stars (server/services/stars): how many per unit and period (ties may add
    #: more), the fewest observations to be eligible, the period (month | quarter) and the
    #: days after a period's end before it is computed.
    STARS_COUNT = 3
    STARS_MIN_OBSERVATIONS = 3
    STARS_PERIOD = "month"
    STARS_GRACE_DAYS = 0
    #: API tokens (issue 17 §1, server/api/bearer.py): requests per token, counted in the
    #: Flask-Limiter store (RATELIMIT_STORAGE_URI, shared by every node).
    API_TOKEN_LIMIT = "120 per minute"
    #: Retention periods in days per data kind (server.services.privacy.policy lists the
    #: kinds and their defaults; None keeps a kind for ever). Only the kinds to change.
    RETENTION_DAYS: dict[str, int | None] = {}
    #: Hours a rotated webhook secret still signs beside the new one (0..720; docs/webhooks.md).
    WEBHOOK_SECRET_GRACE_HOURS = 24
    #: The stars' score source: "campaigns" (mean of campaign indices) or "scorecard" (the
    #: weighted scorecard score of forms/indicators.yaml; server/services/stars/score.py).
    STARS_SCORE_SOURCE = "campaigns"
