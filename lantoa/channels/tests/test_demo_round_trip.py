"""The issue's own repro, on the demo province: tinh.tuyengiao exports the register and
imports the same file back, unchanged. Before: 68 errors (rows of ended units and of units
the editor only reads). Now: nothing refused, nothing added, nothing changed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.channels.models import Channel
from lantoa.demo.province import load_demo_province

from .sheets import private_dir  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_dir")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_demo_register_exported_and_imported_back_changes_nothing(client):
    load_demo_province(with_plans=False)
    client.force_login(get_user_model().objects.get(username="tinh.tuyengiao"))
    exported = client.get(reverse("channels_xlsx_export"))
    assert exported.status_code == 200 and exported["Content-Type"] == XLSX
    before = Channel.objects.count()

    upload = SimpleUploadedFile("so-kenh.xlsx", exported.content, content_type=XLSX)
    response = client.post(reverse("channels_xlsx_import"), {"file": upload}, follow=True)
    page = response.content.decode()
    counts = re.search(r"(\d+) kênh thêm mới, (\d+) kênh thay đổi, (\d+) không đổi, (\d+) không đổi và chỉ đọc, "
                       r"(\d+) dòng bị từ chối", page)  # fmt: skip
    assert counts, page[:3000]
    added, changed, unchanged, read_only, refused = map(int, counts.groups())
    assert (added, changed, refused) == (0, 0, 0)
    assert unchanged > 0 and read_only > 0  # the editor's own rows, and those it only reads
    assert unchanged + read_only == before
    assert Channel.objects.count() == before
