#!/usr/bin/env bash
# Online backup of the database and the attachment store.
#
# Usage: scripts/backup.sh DEST_DIR
#   Writes DEST_DIR/<UTC timestamp>/ with
#     database.sqlite3  (SQLite: the online-backup API, consistent while the app writes) or
#     database.dump     (PostgreSQL: pg_dump custom format),
#     attachments.tar   (the content-addressed photo store when it is files, STORAGE_URL
#                        file://...; empty with s3://: back the bucket up with versioning),
#     MANIFEST          (engine, source, sha256 of every file) and prints that directory.
# The database and attachment locations are the app's own configuration (server/config.py,
# instance/config.py, DATABASE_URL / FLASK_* environment), read through create_app().
# The database is copied first: attachments are write-once and content-addressed, so every
# photo the database snapshot references is already on disk when the store is archived.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
DEST="${1:?usage: scripts/backup.sh DEST_DIR}"

eval "$(cd "$ROOT" && "$PY" - <<'PYEOF'
import shlex, logging
logging.disable(logging.CRITICAL)
from sqlalchemy.engine import make_url
from server import create_app
app = create_app()
url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
print("ENGINE=" + shlex.quote(url.get_backend_name()))
from server import storage
store = storage.for_app(app)  # the file store's folder; empty for S3 (the bucket is not archived)
print("ATTACH=" + shlex.quote(str(store.root) if isinstance(store, storage.LocalStorage) else ""))
if url.get_backend_name() == "sqlite":
    print("SQLITE_PATH=" + shlex.quote(url.database or ""))
else:
    # libpq does not understand SQLAlchemy's "+driver" suffix.
    print("PG_URL=" + shlex.quote(url.set(drivername="postgresql").render_as_string(hide_password=False)))
PYEOF
)"

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$DEST/$STAMP"
mkdir -p "$OUT"
umask 077

case "$ENGINE" in
  sqlite)
    [ -f "$SQLITE_PATH" ] || { echo "backup: no SQLite database at $SQLITE_PATH" >&2; exit 1; }
    "$PY" - "$SQLITE_PATH" "$OUT/database.sqlite3" <<'PYEOF'
import sqlite3, sys
src = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
dst = sqlite3.connect(sys.argv[2])
with dst:
    src.backup(dst, pages=1024)  # copies in steps; writers are not blocked for long
check = dst.execute("PRAGMA integrity_check").fetchone()[0]
dst.close(); src.close()
if check != "ok":
    sys.exit(f"backup: integrity check failed: {check}")
PYEOF
    DBFILE=database.sqlite3
    ;;
  postgresql)
    pg_dump --format=custom --no-owner --no-privileges --file="$OUT/database.dump" "$PG_URL"
    DBFILE=database.dump
    ;;
  *)
    echo "backup: unsupported database engine $ENGINE" >&2; exit 1 ;;
esac

if [ -n "$ATTACH" ] && [ -d "$ATTACH" ]; then
  tar -C "$ATTACH" -cf "$OUT/attachments.tar" .
else
  tar -cf "$OUT/attachments.tar" -T /dev/null
fi

{
  echo "engine $ENGINE"
  echo "created $STAMP"
  (cd "$OUT" && sha256sum "$DBFILE" attachments.tar)
} > "$OUT/MANIFEST"
echo "$OUT"
