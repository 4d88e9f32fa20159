"""Work sent down reaches officers outside the app too: by e-mail where they have an
address, else by a text message through the pluggable sender (grassroots officers often
have only a phone)."""

import pytest
from django.core import mail

from lantoa.cascade import actions
from lantoa.org import signin
from lantoa.org.models import Role, RoleKind
from lantoa.org.tests.factories import make_unit, make_user
from lantoa.workspace.actions import send_notice_emails

from .test_dispatch import DUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender(settings):
    settings.LANTOA_CODE_SENDER = "lantoa.org.signin.locmem_sender"
    settings.WAGTAILADMIN_BASE_URL = "https://lantoa.vinhlong.example"
    signin.OUTBOX.clear()
    yield signin.OUTBOX
    signin.OUTBOX.clear()


def person(username, unit, *, email="", phone=""):
    user = make_user(username)
    user.email, user.phone = email, phone
    user.save(update_fields=["email", "phone"])
    Role.objects.create(user=user, unit=unit, kind=RoleKind.UNIT_OFFICER)
    return user


def test_e_mail_where_there_is_an_address_else_a_text_and_nothing_without_either(sender):
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    unit = make_unit(province, name="Công đoàn cơ sở Công ty May Sông Tiền")
    with_mail = person("co.mail", unit, email="songtien@example.vn", phone="0912000111")
    phone_only = person("co.phone", unit, phone="0912000222")
    neither = person("co.none", unit)
    sent = send_notice_emails([with_mail.pk, phone_only.pk, neither.pk], message="Việc mới", url="/viec/")
    assert sent == 2
    assert [m.to for m in mail.outbox] == [["songtien@example.vn"]]
    assert sender == [("0912000222", "Lan Tỏa: Việc mới https://lantoa.vinhlong.example/viec/")]


def test_a_new_dispatch_is_sent_outside_the_app(sender, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    unit = make_unit(province, name="Công đoàn cơ sở Công ty Thủy sản Hàm Luông")
    person("hamluong", unit, phone="0912000333")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_dispatch(sender=province, actor=None, title="Tháng Công nhân 2027", actions=["poster"],
                            due_on=DUE, targets={"kinds": ["grassroots"]})  # fmt: skip
    assert len(sender) == 1 and "Tháng Công nhân 2027" in sender[0][1]
