#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the configured database and attachment store.
#
# Usage: scripts/restore.sh BACKUP_DIR [--force]
#   Stop the app servers first. Without --force the restore refuses to overwrite a database
#   that already exists (SQLite file present, or PostgreSQL schema holding tables).
#   Checksums in BACKUP_DIR/MANIFEST are verified before anything is touched.
#   SQLite: the file is copied into place (stale -wal/-shm files removed).
#   PostgreSQL: pg_restore --clean --if-exists into the configured database.
#   Attachments: the archive is unpacked into the attachment directory (existing files with
#   the same content-addressed name are overwritten by the backed-up bytes).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
SRC="${1:?usage: scripts/restore.sh BACKUP_DIR [--force]}"
FORCE="${2:-}"

[ -f "$SRC/MANIFEST" ] || { echo "restore: $SRC/MANIFEST not found" >&2; exit 1; }
(cd "$SRC" && tail -n +3 MANIFEST | sha256sum --check --quiet) \
  || { echo "restore: checksum mismatch in $SRC" >&2; exit 1; }
BACKUP_ENGINE="$(awk '$1=="engine"{print $2}' "$SRC/MANIFEST")"

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
    print("PG_URL=" + shlex.quote(url.set(drivername="postgresql").render_as_string(hide_password=False)))
PYEOF
)"

[ "$ENGINE" = "$BACKUP_ENGINE" ] \
  || { echo "restore: backup is $BACKUP_ENGINE, configured database is $ENGINE" >&2; exit 1; }

case "$ENGINE" in
  sqlite)
    if [ -s "$SQLITE_PATH" ] && [ "$FORCE" != "--force" ]; then
      echo "restore: $SQLITE_PATH exists; pass --force to overwrite it" >&2; exit 1
    fi
    mkdir -p "$(dirname "$SQLITE_PATH")"
    rm -f "$SQLITE_PATH-wal" "$SQLITE_PATH-shm"
    cp "$SRC/database.sqlite3" "$SQLITE_PATH.restoring"
    mv "$SQLITE_PATH.restoring" "$SQLITE_PATH"
    ;;
  postgresql)
    TABLES="$(psql "$PG_URL" -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")"
    if [ "$TABLES" != "0" ] && [ "$FORCE" != "--force" ]; then
      echo "restore: the database already holds $TABLES tables; pass --force to replace them" >&2
      exit 1
    fi
    pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
      --dbname="$PG_URL" "$SRC/database.dump"
    ;;
esac

if [ -n "$ATTACH" ]; then
  mkdir -p "$ATTACH"
  tar -C "$ATTACH" -xf "$SRC/attachments.tar"
  echo "restored $SRC into $ENGINE database and $ATTACH"
else
  echo "restored $SRC into $ENGINE database (photos are in the S3 bucket: not restored)"
fi
