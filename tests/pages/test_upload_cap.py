"""Uploads are capped at their real sizes: the import page says so, and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pages.views.imports import MAX_UPLOAD_BYTES
from people.models import Person

pytestmark = pytest.mark.django_db


def test_a_csv_one_byte_over_the_cap_is_refused_with_a_message(client, hr_user):
    client.force_login(hr_user)
    header = b"employee_id,first_name,last_name\n"
    big = header + b"x" * (MAX_UPLOAD_BYTES + 1 - len(header))

    response = client.post(reverse("people:import"), {"file": SimpleUploadedFile("big.csv", big)})

    assert response.status_code == 400
    assert "The file is larger than 20 MB." in response.content.decode()
    assert Person.objects.count() == 0


def test_a_form_post_over_the_request_cap_is_refused(client, hr_user, settings):
    client.force_login(hr_user)
    response = client.post(
        reverse("people:import"), {"note": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400
    assert Person.objects.count() == 0
