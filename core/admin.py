"""What every admin of ours shares: a refusal of a workflow is a message, never an error page."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


class RefusalsAsMessages(admin.ModelAdmin):
    """Deletes and bulk actions go through services that may refuse with a ValidationError
    (a role still in use, a seat with history). Show the reason and change nothing."""

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect(request.path.rsplit("/delete/", 1)[0] + "/change/")

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ValidationError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect(request.get_full_path())
