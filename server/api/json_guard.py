"""Refuse JSON bodies nested so deeply that the decoder would raise RecursionError (a 500).

`json.loads` (used by Flask and webargs) raises RecursionError, not ValueError,
for a body like `[[[[…` a hundred thousand deep, so neither answers it as a bad
request. Blueprints register `guard` as a before_request hook.
"""

from __future__ import annotations

import json

from flask import request

from server.errors import ApiError


def guard() -> None:
    """Answer 400 for a JSON body that cannot be decoded without exhausting the stack."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.is_json:
        return
    try:
        json.loads(request.get_data(cache=True) or b"null")
    except RecursionError as err:
        raise ApiError(400, "bad_request", "The JSON body is nested too deeply.") from err
    except ValueError:
        return  # malformed JSON: the view's parser answers it in the usual way
