"""REST API: the change feed (`/changes/`, HR) and webhook subscriptions (`/webhooks/`, HR admin).

The feed is HR's: its events are ids, but their times tell when hires, exits, moves and raises
were recorded, which the access rules keep from everyone else (docs/access.md).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.groups import is_hr, is_hr_admin
from core.idempotency import IdempotentPosts

from . import delivery, feed
from .models import WebhookSubscription
from .sources import EVENT_TYPES, is_known_type

MAX_LIMIT = 1000


class HROnly(permissions.BasePermission):
    message = gettext_lazy("The change feed is for HR.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_hr(request.user))


class HRAdminOnly(permissions.BasePermission):
    message = gettext_lazy("Webhooks are managed by HR admins.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_hr_admin(request.user))


# ---------------------------------------------------------------- the feed


class FeedChange(serializers.Serializer):
    cursor = serializers.SerializerMethodField(
        help_text=gettext_lazy("Opaque; pass it as `after`.")
    )
    type = serializers.ChoiceField(choices=EVENT_TYPES)
    object = serializers.CharField(source="object_type")
    id = serializers.IntegerField(source="object_id")
    related = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=gettext_lazy("Ids of related records, e.g. a band's role."),
    )
    occurred_at = serializers.DateTimeField()
    effective_on = serializers.DateField(allow_null=True)

    def get_cursor(self, event) -> str:
        return str(feed.Cursor.of(event))


class FeedPage(serializers.Serializer):
    results = FeedChange(many=True)
    next = serializers.CharField(
        help_text=gettext_lazy("The cursor to ask with next time (the last one given if none).")
    )
    has_more = serializers.BooleanField()


class FeedIn(serializers.Serializer):
    after = serializers.CharField(
        required=False,
        default=feed.START,
        help_text=gettext_lazy("A cursor from an earlier answer; 0 or none: from the start."),
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False, default=100)

    def validate_after(self, value: str) -> feed.Cursor:
        try:
            return feed.Cursor.parse(value)
        except ValueError:
            raise serializers.ValidationError(_("Not a cursor of this feed.")) from None


class ChangesView(APIView):
    """Every change in commit order, as ids: follow `next` (docs/api.md, "What changed since")."""

    permission_classes = [HROnly]

    @extend_schema(parameters=[FeedIn], responses=FeedPage)
    def get(self, request):
        asked = FeedIn(data=request.query_params)
        asked.is_valid(raise_exception=True)
        cursor, limit = asked.validated_data["after"], asked.validated_data["limit"]
        events = list(feed.after(cursor)[: limit + 1])
        more = len(events) > limit
        events = events[:limit]
        last = feed.Cursor.of(events[-1]) if events else cursor
        results = FeedChange(events, many=True).data
        return Response({"results": results, "next": str(last), "has_more": more})


class FeedHead(serializers.Serializer):
    cursor = serializers.CharField()


class ChangesHeadView(APIView):
    """The cursor of the newest change: note it before a full load, then follow from it."""

    permission_classes = [HROnly]

    @extend_schema(responses=FeedHead)
    def get(self, request):
        return Response({"cursor": str(feed.head())})


# ---------------------------------------------------------------- webhooks


class WebhookOut(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    description = serializers.CharField()
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_TYPES))
    active = serializers.BooleanField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class WebhookCreated(WebhookOut):
    secret = serializers.CharField(
        help_text=gettext_lazy("The signing secret, shown this once: keep it.")
    )


def _event_type(value: str) -> str:
    if not is_known_type(value):
        raise serializers.ValidationError(
            _("Unknown event type %(type)s. Known: %(known)s.")
            % {"type": value, "known": ", ".join(EVENT_TYPES)}
        )
    return value


class WebhookIn(serializers.Serializer):
    url = serializers.URLField(max_length=500, help_text=gettext_lazy("http or https."))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=40, validators=[_event_type]),
        required=False,
        max_length=len(EVENT_TYPES),
        help_text=gettext_lazy('E.g. ["person.changed", "position.*"]; empty: every event.'),
    )
    active = serializers.BooleanField(required=False)

    def validate_url(self, value: str) -> str:
        try:
            delivery.check_url(value)
        except delivery.Refused:
            raise serializers.ValidationError(
                _("Give an http or https URL with a host and no password.")
            ) from None
        return value


class WebhookViewSet(IdempotentPosts, viewsets.GenericViewSet):
    """Webhook subscriptions (HR admin): each event of the chosen types is POSTed, signed."""

    permission_classes = [HRAdminOnly]
    serializer_class = WebhookOut
    filter_backends = []
    queryset = WebhookSubscription.objects.select_related("created_by").order_by("id")

    @extend_schema(responses=WebhookOut(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(WebhookOut(page, many=True).data)

    @extend_schema(responses=WebhookOut)
    def retrieve(self, request, pk: int):
        return Response(WebhookOut(self.get_object()).data)

    @extend_schema(request=WebhookIn, responses={201: WebhookCreated})
    def create(self, request):
        data = _valid(request, partial=False)
        subscription = WebhookSubscription(created_by=request.user, **data)
        delivery.start_at_head(subscription)
        subscription.full_clean()
        subscription.save()
        return Response(WebhookCreated(subscription).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WebhookIn(partial=True), responses=WebhookOut)
    def partial_update(self, request, pk: int):
        subscription = self.get_object()
        for name, value in _valid(request, partial=True).items():
            setattr(subscription, name, value)
        subscription.full_clean()
        subscription.save()
        return Response(WebhookOut(subscription).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk: int):
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _valid(request, *, partial: bool) -> dict:
    serializer = WebhookIn(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
