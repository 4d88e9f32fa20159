"""Draft: exploration."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import UploadedFile

from lantoa.channels.actions import do_save_channel
from lantoa.channels.models import Channel
from lantoa.org import actions
from lantoa.org.models import Reorganisation, Role

D = datetime.date


def iter_patterns(resolver=None, prefix="", namespaces=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from iter_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else None
            yield SimpleNamespace(route=prefix + str(entry.pattern), name=name, pattern=entry.pattern)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user_model = get_user_model()
    root = user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-123")
    unit = actions.do_create_unit
    confederation = unit(code="TLD", kind="confederation", name="Tổng Liên đoàn Lao động Việt Nam",
                         parent=None, valid_from=D(1929, 7, 28), actor=root)
    province = unit(code="VL", kind="provincial", name="Liên đoàn Lao động tỉnh Vĩnh Long",
                    parent=confederation, valid_from=D(1976, 1, 1), actor=root)
    commune = unit(code="VL-PK", kind="commune", name="Công đoàn phường Phú Khương",
                   parent=province, valid_from=D(2025, 7, 1), actor=root)
    a = unit(code="SONGTIEN-A", kind="grassroots", name="Công đoàn cơ sở Công ty TNHH May Sông Tiền",
             parent=commune, valid_from=D(2025, 7, 1), actor=root)
    b = unit(code="HAMLUONG-B", kind="grassroots", name="Công đoàn cơ sở Công ty CP Thủy sản Hàm Luông",
             parent=commune, valid_from=D(2025, 7, 1), actor=root)
    out = SimpleNamespace(root=root, confederation=confederation, province=province, commune=commune)
    image_model, document_model = get_image_model(), get_document_model()
    for key, u, slug in (("a", a, "songtien"), ("b", b, "hamluong")):
        officer = user_model.objects.create_user(f"{slug}_officer", f"{slug}@example.vn", "mat-khau-123")
        role = actions.do_assign_role(user=officer, unit=u, kind="unit_officer", actor=root)
        channel = do_save_channel(Channel(), actor=root, unit=u, kind="zalo_group",
                                  name=f"Nhóm Zalo {slug} công nhân", address=f"https://zalo.me/g/{slug}")
        collection = actions.ensure_unit_collection(u)
        image = image_model.objects.create(title=f"Ảnh {slug} hội nghị", collection=collection,
                                           file=get_test_image_file(f"{slug}.png", size=(8, 8)),
                                           uploaded_by_user=officer)
        document = document_model.objects.create(title=f"Tài liệu {slug} nghị quyết", collection=collection,
                                                 file=ContentFile(b"hello", name=f"{slug}.txt"),
                                                 uploaded_by_user=officer)
        upload = UploadedFile.objects.create(for_content_type=ContentType.objects.get_for_model(image_model),
                                             file=ContentFile(b"x", name=f"{slug}-upload.png"),
                                             uploaded_by_user=officer)
        setattr(out, key, SimpleNamespace(
            unit=u, officer=officer, role=role, channel=channel, collection=collection, image=image,
            document=document, upload=upload, reorganisation=Reorganisation.objects.get(unit=u),
        ))
    return out


@pytest.mark.django_db
def test_explore(world, client):
    client.force_login(world.a.officer)
    b = world.b
    ids = {"pk": b.channel.pk}
    for p in iter_patterns():
        print(p.route, p.name, getattr(p.pattern, "converters", None))
