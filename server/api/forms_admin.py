"""HR/admin: form list with versions, and YAML upload (a new version only on changed content)."""

from __future__ import annotations

from typing import Any

import yaml
from flask import request
from sqlalchemy import select

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import FILE_UPLOAD, Blueprint, check_request_body
from server.errors import ApiError
from server.extensions import db
from server.models import Competency, Form, FormVersion
from server.schemas.org import FormListSchema, FormUploadResultSchema
from server.services.forms import form_files, forms
from server.services.org import accounts

blp = Blueprint(
    "forms_admin",
    __name__,
    url_prefix="/api/v1/forms",
    description="Form definitions and versions (hr, admin)",
)

MAX_FORM_BYTES = 512 * 1024


@blp.route("", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, FormListSchema)
def list_forms() -> dict[str, Any]:
    """Forms with their versions (id, version, sha256, title, relationships); newest last.
    A version's full definition: GET /api/v1/forms/versions/{id}."""
    result = []
    for form in db.session.scalars(select(Form).order_by(Form.key)):
        result.append(
            {
                "id": form.id,
                "key": form.key,
                "versions": [
                    {
                        "id": v.id,
                        "version": v.version,
                        "sha256": v.sha256,
                        "created_at": v.created_at,
                        "title": v.definition.get("title"),
                        "relationships": v.definition.get("relationships"),
                    }
                    for v in form.versions
                ],
            }
        )
    return {"forms": result}


def _parse_upload() -> dict[str, Any]:
    """The uploaded YAML form definition, validated; ApiError 413/422 otherwise."""
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(
            422,
            "invalid",
            "Send the YAML in the multipart field `file`.",
            {"fields": {"file": "required"}},
        )
    data = upload.read(MAX_FORM_BYTES + 1)
    if len(data) > MAX_FORM_BYTES:
        raise ApiError(413, "too_large", "Form files are limited to 512 KB.")
    name = upload.filename or "upload.yaml"
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=form_files._UniqueKeyLoader)  # noqa: S506, SLF001
        known = set(db.session.scalars(select(Competency.key))) or None
        return forms.validate_definition(raw, known, name)
    except (UnicodeDecodeError, yaml.YAMLError) as err:
        raise ApiError(
            422, "invalid_form", "The file is not valid UTF-8 YAML.", {"errors": [f"{name}: {err}"]}
        ) from err
    except forms.FormDefinitionError as err:
        raise ApiError(
            422, "invalid_form", "The form definition is invalid.", {"errors": err.errors}
        ) from err
    except RecursionError as err:  # YAML nested deeper than the parser's recursion allows
        raise ApiError(
            422,
            "invalid_form",
            "The form definition is invalid.",
            {"errors": [forms.error_line(name, form_files.TOO_DEEP)]},
        ) from err


@blp.route("", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.doc(requestBody=FILE_UPLOAD)
@blp.response(200, FormUploadResultSchema)
def upload_form() -> Any:
    """Upload a form definition (multipart field `file`, YAML). Validated like
    `flask forms check`; 422 `invalid_form` with details.errors (one line per problem).
    201 with created=true for a new version, 200 created=false when the content exists."""
    check_request_body()
    definition = _parse_upload()
    key, version, created = forms.save_definition(db.session, definition)
    row = db.session.scalar(
        select(FormVersion).join(Form).where(Form.key == key, FormVersion.version == version)
    )
    if created:
        accounts.audit(db.session, current(), "form_version_created", row, key=key, version=version)
    db.session.commit()
    body = {
        "key": key,
        "version": version,
        "version_id": row.id if row else None,
        "created": created,
    }
    return body, 201 if created else 200
