"""Who sees which site's staffing plan (docs/access.md): HR every site; a manager (the group
and a seat, as for every subtree rule) the site of their own seat; nobody else any."""

from core.groups import is_hr, is_manager
from people.models import Position, Site


def plan_sites(user) -> list[Site]:
    if is_hr(user):
        return list(Site.objects.all())
    if is_manager(user):
        site_id = (
            Position.objects.active()
            .filter(holder__user=user)
            .values_list("site_id", flat=True)
            .first()
        )
        return list(Site.objects.filter(pk=site_id)) if site_id else []
    return []
