"""PATCH operations as Microsoft Entra ID writes them, rewritten into what RFC 7644 says for the
same change before scim2-models reads them (docs/identity.md lists the quirks).

The other Entra habits (capitalised `op`s, "True"/"False" strings, path-less operations) are
read by scim2-models itself; the manager as a bare id is views._normalise_manager."""

import re

# Entra updates the mail as `emails[type eq "work"].value`. The app keeps one e-mail and answers
# it without a type, so the filter would match nothing (400 noTarget): it means "the e-mail".
EMAIL_PATH = re.compile(r'^emails\[type eq \\?"[^"\\]*\\?"\]\.value$', re.IGNORECASE)


def user_operations(operations: list) -> list:
    rewritten = []
    for operation in operations:
        if isinstance(operation, dict) and EMAIL_PATH.match(str(operation.get("path") or "")):
            if str(operation.get("op", "")).lower() == "remove":
                operation = {"op": "remove", "path": "emails"}
            else:  # add or replace: the one e-mail becomes this one
                operation = {
                    "op": "replace",
                    "path": "emails",
                    "value": [{"value": operation.get("value")}],
                }
        rewritten.append(operation)
    return rewritten


def group_operations(operations: list) -> list:
    """Entra removes members as `{"op": "Remove", "path": "members", "value": [{"value": id}]}`;
    RFC 7644 section 3.5.2.2 says a remove carries no value and names members by a filter."""
    rewritten = []
    for operation in operations:
        values = operation.get("value") if isinstance(operation, dict) else None
        if (
            isinstance(values, list)
            and str(operation.get("op", "")).lower() == "remove"
            and str(operation.get("path", "")).lower() == "members"
            and values
            and all(isinstance(v, dict) and str(v.get("value", "")).isdigit() for v in values)
        ):
            rewritten.extend(
                {"op": "remove", "path": f'members[value eq "{v["value"]}"]'} for v in values
            )
        else:
            rewritten.append(operation)
    return rewritten
