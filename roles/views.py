from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Role


def role_detail(request, slug: str):
    role = get_object_or_404(Role, slug=slug)
    return HttpResponse(role.title)
