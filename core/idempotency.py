"""Idempotency keys on POST (IETF draft-ietf-httpapi-idempotency-key-header).

A client that sends `Idempotency-Key: <key>` with a POST may send the same request again after
a timeout: the second answer is the first one (same status and body, with
`Idempotent-Replayed: true`), and nothing is created twice. The same key with another body (or
another endpoint) answers 422; a retry while the first is still running answers 409.

Keys belong to the signed-in user and are kept 24 hours; older ones are removed by the next keyed
request. The key is claimed with an insert before the view runs, and (user, key) is unique, so of
two concurrent retries one runs and the other is refused. Answers of 500 and up are not kept: the
key is released and the request may be sent again.
"""

import datetime
import hashlib
import re
from typing import Any

import orjson
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from . import problems
from .models import IdempotencyKey
from .rest import Conflict, ORJSONRenderer

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEY_TTL = datetime.timedelta(hours=24)
# Printable ASCII without spaces; the draft's sf-string may come quoted.
KEY = re.compile(r'"?([\x21\x23-\x7e]{1,255})"?')


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class _Replay(Exception):  # not an error: the way back to the stored answer
    def __init__(self, record: IdempotencyKey) -> None:
        self.record = record


def _hash_value(digest: Any, value: Any) -> None:
    if hasattr(value, "chunks"):  # an uploaded file: its content
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
    else:
        digest.update(orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS))


def fingerprint(request) -> str:
    """The request's method, path and parsed body: the same JSON with other spacing or key order
    is the same request."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    data = request.data
    if isinstance(data, QueryDict):
        for name in sorted(data):
            digest.update(name.encode() + b"\0")
            for value in data.getlist(name):
                _hash_value(digest, value)
    else:
        _hash_value(digest, data)
    return digest.hexdigest()


def claim(request) -> IdempotencyKey | None:
    """Reserve the request's key for it, or raise: _Replay with the stored answer, Conflict while
    the first request runs, Unprocessable for a key used with another request. None without a
    key."""
    raw = request.headers.get(HEADER)
    if raw is None or request.method != "POST" or not request.user.is_authenticated:
        return None
    match = KEY.fullmatch(raw.strip())
    if match is None:
        raise exceptions.ValidationError(
            {HEADER: [_("An idempotency key is 1 to 255 printable characters without spaces.")]}
        )
    key, print_ = match.group(1), fingerprint(request)
    now = timezone.now()
    IdempotencyKey.objects.filter(created_at__lt=now - KEY_TTL).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=request.user, key=key, fingerprint=print_, created_at=now
            )
    except IntegrityError:
        pass
    earlier = IdempotencyKey.objects.filter(user=request.user, key=key).first()
    if earlier is not None and earlier.fingerprint != print_:
        raise Unprocessable(
            _(
                "This idempotency key was used for another request; send a new key for a new "
                "request."
            )
        )
    if earlier is None or earlier.status is None:
        raise Conflict(
            _("A request with this idempotency key is still running; try again in a moment."),
            code="idempotency_key_in_progress",
        )
    raise _Replay(earlier)


def keep_answer(record: IdempotencyKey, response: Response) -> None:
    """Store the answer for retries; an answer of 500 or more releases the key instead."""
    if response.status_code >= 500:
        record.delete()
        return
    data = getattr(response, "data", None)
    record.status = response.status_code
    record.body = b"" if data is None else ORJSONRenderer().render(data)
    record.save(update_fields=["status", "body"])


def replay(record: IdempotencyKey) -> Response:
    body = bytes(record.body)
    data = orjson.loads(body) if body else None
    response = Response(data, status=record.status, headers={REPLAYED: "true"})
    if record.status >= 400:  # every refusal of the API is a problem document (core/problems.py)
        response.content_type = problems.MEDIA_TYPE
    return response


class IdempotentPosts:
    """For every API view that takes POST: answers a retried request with the stored answer."""

    idempotency_record: IdempotencyKey | None = None

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # sign-in, permissions, throttles first
        self.idempotency_record = claim(request)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, _Replay):
            return replay(exc.record)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.idempotency_record is not None:
            keep_answer(self.idempotency_record, response)
            self.idempotency_record = None
        return response

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:  # an unhandled error (a 500): the key is free for the retry
            if self.idempotency_record is not None:
                self.idempotency_record.delete()
                self.idempotency_record = None


IDEMPOTENCY_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "A key of your choice (1-255 printable characters) that makes a retry of "
    "this request safe: sent again with the same key and body within 24 hours, the request "
    "answers as the first time did, with `Idempotent-Replayed: true`.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}  # core/schema.py: RFC 9457
UNPROCESSABLE = {
    "description": "The idempotency key was used with another request (body or endpoint): "
    "problem `idempotency_key_reused`.",
    "content": {"application/problem+json": {"schema": PROBLEM_REF}},
}


def document_idempotency(result: dict, generator, request, public) -> dict:
    """Every POST but the token request takes an Idempotency-Key header and may answer 422."""
    for path, operations in result.get("paths", {}).items():
        operation = operations.get("post")
        if operation is None or path.endswith("/auth/token/"):
            continue
        operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
        responses = operation.setdefault("responses", {})
        if "422" not in responses:
            responses["422"] = UNPROCESSABLE
            continue
        # The operation answers 422 for its own reason too (an import with problems): either,
        # both problem documents (core.schema.document_errors ran first).
        content = responses["422"].setdefault("content", {})
        body = content.get("application/problem+json") or content.get("application/json")
        if body is None:
            content["application/problem+json"] = {"schema": PROBLEM_REF}
        else:
            body["schema"] = {"anyOf": [body["schema"], PROBLEM_REF]}
        responses["422"]["description"] += " Or: " + UNPROCESSABLE["description"]
    return result
