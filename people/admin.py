from django import forms
from django.conf import global_settings
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.admin.widgets import AdminDateWidget, FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import RefusalsAsMessages
from core.groups import is_hr_admin, is_manager
from core.history import HistoryAdmin
from roles.admin import RoleAdmin
from roles.models import Role

from . import services
from .access import managed_seat_id
from .models import Assignment, Person, PersonSkill, Position, Site
from .tree import subtree_ids_sql

# ---------------------------------------------------------------- roles, as a manager edits them


def _team_only(request) -> bool:
    """A manager (not an HR admin) edits only the roles their subtree's seats hold."""
    return is_manager(request.user) and not is_hr_admin(request.user)


def team_roles(user):
    """The roles held by seats at or below the manager's own seat (one subquery; none without a
    seat: the group is the grant, the seat the scope, as for everything a manager sees)."""
    top = managed_seat_id(user)
    if top is None:
        return Role.objects.none()
    sql, params = subtree_ids_sql(top)
    seats = Position.objects.filter(pk__in=RawSQL(sql, params)).values("role_id")
    return Role.objects.filter(pk__in=seats)


class TeamRoleAdmin(RoleAdmin):
    """The role admin of roles/admin.py, narrowed for managers to their team's roles: the list
    shows only those, another role's pages are 403. The role layer cannot read the reporting
    lines, so the narrowing lives here and replaces the registration."""

    def get_queryset(self, request):
        roles = super().get_queryset(request)
        if _team_only(request):
            roles = roles.filter(pk__in=team_roles(request.user).values("pk"))
        return roles

    def log_change(self, request, obj, message):
        """The role's history row also says what changed in its inlines (a responsibility, a
        skill's level): the admin's own change message as the row's change reason, so the
        History page shows who changed what, not only that the role was saved."""
        entry = super().log_change(request, obj, message)
        text = entry.get_change_message() if entry is not None else ""
        latest = obj.history.order_by("-history_id").first()
        if text and latest is not None and latest.history_user_id == request.user.pk:
            reason = latest._meta.get_field("history_change_reason")
            limit = reason.max_length or len(text)
            latest.history_change_reason = text if len(text) <= limit else text[: limit - 1] + "…"
            latest.save(update_fields=["history_change_reason"])
        return entry

    @staticmethod
    def _outside_team(request, role) -> bool:
        if role is None or not _team_only(request):
            return False
        if not hasattr(request, "_team_role_ids"):  # one read a request
            request._team_role_ids = set(team_roles(request.user).values_list("pk", flat=True))
        return role.pk not in request._team_role_ids

    def has_view_permission(self, request, obj=None):
        """Also asked by the history pages, which find a role without get_queryset."""
        return not self._outside_team(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._outside_team(request, obj) and super().has_change_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        role = super().get_object(request, object_id, from_field)
        if role is None and _team_only(request):
            # another branch's role: refused, not "perhaps it was deleted"
            field = from_field or "pk"
            try:
                if Role.objects.filter(**{field: object_id}).exists():
                    raise PermissionDenied
            except (ValueError, ValidationError):
                pass
        return role


admin.site.unregister(Role)
admin.site.register(Role, TeamRoleAdmin)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "country"]
    search_fields = ["code", "name", "city"]
    list_filter = ["country"]


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    autocomplete_fields = ["skill"]
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "person"
    fields = ["position", "started_on", "ended_on", "reason", "end_reason", "note", "approved_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-started_on"]

    def has_add_permission(self, request, obj=None):
        return False


class LeaverFilter(admin.SimpleListFilter):
    title = _("leavers")
    parameter_name = "leaver"

    def lookups(self, request, model_admin):
        return [("yes", _("People who left")), ("no", _("People employed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.leavers()
        if self.value() == "no":
            return queryset.employed()
        return queryset


def language_choices(extra=()) -> list[tuple[str, str]]:
    """Every language Django names (in the reader's language), with its code; codes a person
    already has that Django does not know are kept, so saving the form never drops one."""
    known = dict(global_settings.LANGUAGES)
    choices = [(code, f"{gettext(name)} ({code})") for code, name in known.items()]
    choices += [(code, code) for code in extra if code not in known]
    return sorted(choices, key=lambda choice: choice[1].casefold())


class LanguageChooser(FilteredSelectMultiple):
    """The admin's two-list chooser, in the box the admin puts around a many-to-many field:
    SelectFilter2.js puts the chooser first in its parent, which for a plain field is the row,
    so it came before the field's label."""

    def render(self, name, value, attrs=None, renderer=None):
        chooser = super().render(name, value, attrs, renderer)
        return format_html('<div class="related-widget-wrapper">{}</div>', chooser)


def _https_urls(db_field, **kwargs):
    """As PersonAdmin.formfield_overrides, for the fields made when the form class is made."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class PersonAdminForm(forms.ModelForm):
    """Languages as a list to pick from (the JSON list the model keeps): typing "de, pl, en" into
    a JSON field said "Enter a valid JSON"."""

    languages = forms.MultipleChoiceField(
        label=capfirst(_("languages")),
        required=False,
        widget=LanguageChooser(_("languages"), is_stacked=False),
        help_text=_("The languages the person speaks; type to filter the list."),
    )

    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 - the admin lists the fields (and their order)
        formfield_callback = _https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        held = [c for c in (self.instance.languages or []) if isinstance(c, str)]
        self.fields["languages"].choices = language_choices(held)

    def clean_languages(self) -> list[str]:
        return list(dict.fromkeys(self.cleaned_data["languages"]))  # as chosen, each once


class VacantSeatChoice(forms.ModelChoiceField):
    def label_from_instance(self, seat: Position) -> str:
        under = seat.manager.holder if seat.manager and seat.manager.holder else None
        label = f"#{seat.pk} {seat.role}"
        if under is not None:
            label += " · " + _("reports to %(name)s") % {"name": under}
        return label + (f" ({seat.site.code})" if seat.site else "")


class MoveForm(forms.Form):
    """Where a person moves, from when, and why (the admin's "Move this person")."""

    position = VacantSeatChoice(
        label=_("Vacant seat"),
        queryset=Position.objects.none(),
        help_text=_("Create a vacancy first (Seats → Add) if the seat does not exist yet."),
    )
    on = forms.DateField(
        label=_("From"),
        widget=AdminDateWidget,
        help_text=_("A day after today plans the move; it takes effect on that day by itself."),
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept with the new assignment in the person's history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (
            Position.objects.vacant()
            .select_related("role", "site", "manager__holder")
            .order_by("role__title", "pk")
        )


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    form = PersonAdminForm
    change_form_template = "admin/people/person/change_form.html"

    def get_urls(self):
        move = path(
            "<path:object_id>/move/",
            self.admin_site.admin_view(self.move_view),
            name="people_person_move",
        )
        return [move, *super().get_urls()]

    def move_view(self, request, object_id):
        """Move the person to a vacant seat through people.services, with a reason; the
        assignments, the seats' holders and this log record it."""
        person = self.get_object(request, object_id)
        if person is None:
            raise Http404
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        form = MoveForm(request.POST or None, initial={"on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                message = self.move_person(request, person, form.cleaned_data)
            except ValidationError as refusal:
                if hasattr(refusal, "error_dict"):
                    for field, errors in refusal.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, refusal)
            else:
                self.log_change(request, person, message)
                self.message_user(request, message, messages.SUCCESS)
                return redirect(reverse("admin:people_person_change", args=[person.pk]))
        current = Position.objects.filter(holder=person).select_related("role").first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": person,
            "title": _("Move %(name)s") % {"name": person},
            "form": form,
            "media": self.media + form.media,
            "current": current,
        }
        return TemplateResponse(request, "admin/people/person/move.html", context)

    def move_person(self, request, person: Person, data: dict) -> str:
        """Make the move the form asks for; returns the message for the log and the user.
        (planning/admin.py plans it instead when the day is in the future.)"""
        assignment = services.person_move(
            person=person,
            to_position=data["position"],
            on=data["on"],
            note=data["note"],
            approved_by=request.user,
        )
        return _("Moved to seat #%(seat)s (%(role)s) from %(day)s: %(note)s") % {
            "seat": assignment.position_id,
            "role": assignment.position.role,
            "day": formats.date_format(assignment.started_on, "SHORT_DATE_FORMAT"),
            "note": assignment.note,
        }

    list_display = [
        "employee_id",
        "last_name",
        "first_name",
        "email",
        "site",
        "hire_date",
        "external_id",
    ]
    list_display_links = ["employee_id", "last_name"]
    list_filter = [LeaverFilter, "site", "hire_date"]
    search_fields = ["employee_id", "first_name", "last_name", "email", "external_id"]
    list_select_related = ["site"]
    date_hierarchy = "hire_date"
    autocomplete_fields = ["user"]
    inlines = [PersonSkillInline, AssignmentInline]
    readonly_fields = ["promote"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("promotion"))
    def promote(self, person: Person) -> str:
        if not person.pk:
            return "—"
        # The promotion workflow lives in the ladder app; the admin links to its form.
        return format_html(
            '<a href="{}">{}</a>',
            reverse("ladder:promote", args=[person.pk]),
            _("Promote or move this person…"),
        )


class VacancyFilter(admin.SimpleListFilter):
    title = _("vacancy")
    parameter_name = "vacant"

    def lookups(self, request, model_admin):
        return [("yes", _("Vacant seats")), ("no", _("Filled seats"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.vacant()
        if self.value() == "no":
            return queryset.filled()
        return queryset


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Seats of the org")), ("yes", _("Archived seats"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.archived()
        if self.value() == "no":
            return queryset.active()
        return queryset


class PositionAdminForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "role",
            "manager",
            "holder",
            "site",
            "dotted_line_managers",
            "is_assistant",
            "external_id",
        ]

    def clean(self):
        data = super().clean()
        manager, holder = data.get("manager"), data.get("holder")
        seat = self.instance
        if "manager" in data and (
            refusal := services.reporting_line_refusal(position=seat, manager=manager)
        ):
            self.add_error("manager", refusal)
        if (
            holder is not None
            and Position.objects.filter(holder=holder).exclude(pk=seat.pk).exists()
        ):
            self.add_error("holder", _("This person already holds another seat."))
        return data


@admin.register(Position)
class PositionAdmin(RefusalsAsMessages, HistoryAdmin):
    list_display = [
        "id",
        "role",
        "holder",
        "manager",
        "site",
        "direct_count",
        "headcount",
        "is_assistant",
        "external_id",
        "archived_on",
    ]
    list_filter = [VacancyFilter, ArchivedFilter, "site", "role__track", "role", "is_assistant"]
    search_fields = [
        "id",
        "external_id",
        "holder__first_name",
        "holder__last_name",
        "holder__employee_id",
        "role__title_en",
        "role__title_de",
        "role__title_pl",
    ]
    list_select_related = ["role", "holder", "manager__role", "manager__holder", "site"]
    autocomplete_fields = ["role", "manager", "holder", "dotted_line_managers"]
    readonly_fields = ["direct_count", "seat_count", "headcount", "archived_on"]
    list_per_page = 50
    actions = ["archive_seats"]

    @admin.action(description=_("Archive the selected seats (vacant, without reports)"))
    def archive_seats(self, request, queryset):
        """Through the service, seat by seat, all or nothing: a refusal becomes a message."""
        with transaction.atomic():
            for position in queryset:
                services.position_archive(position=position, on=timezone.localdate())

    form = PositionAdminForm

    def save_model(self, request, obj, form, change):
        """Every change goes through people.services (locks, counts, history); the form has
        checked the rules already and the services check them again under the lock."""
        today = timezone.localdate()
        with transaction.atomic():
            if not change:
                created = services.position_create(
                    role=obj.role,
                    manager=obj.manager,
                    site=obj.site,
                    is_assistant=obj.is_assistant,
                    external_id=obj.external_id,
                )
                obj.pk = created.pk
                if obj.holder is not None:
                    services.person_hire(
                        person=obj.holder,
                        position=created,
                        started_on=today,
                        approved_by=request.user,
                    )
                return
            seat = services.position_update(
                position=obj,
                role=obj.role,
                site=obj.site,
                is_assistant=obj.is_assistant,
                external_id=obj.external_id,
            )
            if obj.manager is not None and obj.manager_id != seat.manager_id:
                services.position_move(position=seat, new_manager=obj.manager)
            if obj.holder_id != seat.holder_id:
                services.position_change_holder(
                    position=seat, holder=obj.holder, on=today, approved_by=request.user
                )

    delete_confirmation_template = "admin/people/position/delete_confirmation.html"

    def get_deleted_objects(self, objs, request):
        """A seat's reports do not block its removal: they move (see delete_model). Anything
        else that points at the seat (its history) still does."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        removed = {o.pk for o in objs}
        collector = NestedObjects(using=router.db_for_write(Position))
        collector.collect(objs)
        if all(isinstance(p, Position) and p.manager_id in removed for p in collector.protected):
            protected = []
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        """The seat's reports go where the HR admin chose, else to the seat's own manager."""
        services.position_delete(position=obj, reports_to=self._reports_to(request))

    @staticmethod
    def _reports_to(request) -> Position | None:
        raw = request.POST.get("reports_to", "").strip().lstrip("#")
        if not raw:
            return None
        if not raw.isdigit() or not (target := Position.objects.filter(pk=int(raw)).first()):
            raise ValidationError(_("There is no seat number %(n)s.") % {"n": raw})
        return target

    def delete_queryset(self, request, queryset):
        """Bulk delete seat by seat through the service, so counts and reports stay right."""
        with transaction.atomic():  # all or nothing
            for position in queryset:
                services.position_delete(position=position)


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    """History is written by the workflows; here it is read and searched."""

    list_display = ["person", "position", "started_on", "ended_on", "reason", "end_reason"]
    list_filter = ["reason", "end_reason", "started_on"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id"]
    list_select_related = ["person", "position__role"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["person", "position", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
