"""SCIM error bodies (RFC 7644 §3.12): status, scimType and detail."""

import json

from django.http import HttpResponse

CONTENT_TYPE = "application/scim+json"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"


class ScimError(Exception):
    """A refusal; raised before anything is written (or inside the transaction it rolls back)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type

    def response(self) -> HttpResponse:
        body = {"schemas": [ERROR_SCHEMA], "status": str(self.status), "detail": str(self.detail)}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return HttpResponse(json.dumps(body), status=self.status, content_type=CONTENT_TYPE)
