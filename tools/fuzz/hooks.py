"""Leadflow's own schemathesis check, loaded through SCHEMATHESIS_HOOKS by tools/fuzz/api-fuzz.ts.

The public contract (shared/ARCHITECTURE.md): every error answer is RFC 9457
application/problem+json with `type`, `title`, `status` (equal to the HTTP status) and a
stable `code`. schemathesis' content_type_conformance only compares against what the
OpenAPI document lists, so this check holds every 4xx/5xx to the contract directly.
"""

import json

import schemathesis


@schemathesis.check
def problem_json_errors(ctx, response, case):
    if response.status_code < 400:
        return None
    values = response.headers.get("content-type") or [""]
    media_type = values[0].split(";")[0].strip().lower()
    if media_type != "application/problem+json":
        raise AssertionError(
            f"{response.status_code} answered as {values[0]!r}, not application/problem+json"
        )
    try:
        body = json.loads(response.content)
    except ValueError as err:
        raise AssertionError(f"{response.status_code} problem+json body is not JSON: {err}")
    if not isinstance(body, dict):
        raise AssertionError(f"{response.status_code} problem+json body is not an object")
    missing = [key for key in ("type", "title", "status", "code") if key not in body]
    if missing:
        raise AssertionError(f"{response.status_code} problem+json lacks {', '.join(missing)}")
    if body["status"] != response.status_code:
        raise AssertionError(
            f"problem+json status {body['status']!r} differs from the HTTP status {response.status_code}"
        )
    return None
