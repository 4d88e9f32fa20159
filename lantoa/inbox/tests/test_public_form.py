"""The workers' pages on the portal: the form (/gop-y/), the code page and the status page.

Texts are compared through gettext so these tests hold before and after the Vietnamese
catalog has the pages' messages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.inbox.forms import normalize_code
from lantoa.inbox.models import Case, Contact, Direction, Message, RawEvent
from lantoa.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db

FORM = "/gop-y/"
TOKEN = "tok_" + "a" * 28
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def province(db):
    province = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    make_unit(province, "grassroots", "Công đoàn cơ sở Công ty TNHH May Sông Tiền")
    return province


def form_data(**changes) -> dict:
    data = {"text": "Công ty nợ lương tháng 5 của chúng tôi.", "consent": "on", "token": TOKEN}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def post(client, data, **extra):
    return client.post(FORM, data, **extra)


def code_in(response) -> str:
    match = re.search(r"/gop-y/da-gui/(LT-[A-Z0-9]{5}-[A-Z0-9]{5})/$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


# --- The form


def test_the_form_page_has_the_consent_box_not_ticked(client):
    response = client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    box = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in box and "required" in box
    assert re.search(r'<input type="hidden" name="token" value="[A-Za-z0-9_-]{16,64}"', html)
    assert 'name="website"' in html  # the trap
    assert "91/2025/QH15" in html and "356/2025/NĐ-CP" in html
    assert 'enctype="multipart/form-data"' in html
    assert "portal/portal.css" in html  # the portal's look


def test_an_anonymous_worker_gets_a_code_and_the_case_is_made(client, province):
    response = post(client, form_data(employer="cty may song tien", publish_consent="on"))
    assert response.status_code == 302
    code = code_in(response)
    case = Case.objects.get(code=code)
    assert case.intake == "portal" and case.publish_consent and case.employer == "cty may song tien"
    assert not case.contact.has_personal_data and case.contact.consent_at is not None
    assert case.messages.get().body == "Công ty nợ lương tháng 5 của chúng tôi."
    assert RawEvent.objects.get().key == f"portal:{TOKEN}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and code in page.content.decode()
    assert f"/gop-y/tra-cuu/{code}/" in page.content.decode()


def test_contact_details_and_upper_level_reach_the_case(client, province):
    data = form_data(name="Nguyễn Văn A", phone="0912 345 678", zalo="0912345678", email="a@example.vn",
                     employer="Công ty TNHH May Sông Tiền", to_upper_level="on")  # fmt: skip
    case = Case.objects.get(code=code_in(post(client, data)))
    assert case.contact.phone == "+84912345678" and case.contact.email == "a@example.vn"
    assert case.contact.name == "Nguyễn Văn A"
    assert case.to_upper_level and case.unit == province  # the workplace union's parent


def test_consent_is_required(client, province):
    response = post(client, form_data(consent=None, text="Xin hỏi về bảo hiểm xã hội"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xin hỏi về bảo hiểm xã hội" in html  # nothing typed is lost
    assert _("Please tick this box: without your agreement we cannot receive your message.") in html
    assert not RawEvent.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a Vietnamese mobile number, such as 0912 345 678."),
        ("phone", "0212 345 678", "Enter a Vietnamese mobile number, such as 0912 345 678."),
        ("email", "khong-phai-email", "Enter a valid email address."),
        ("text", "x" * 5001, None),
        ("text", "   ", "Please tell us what happened."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_keeps_the_rest(client, province, field, value, message):
    response = post(client, form_data(**{field: value}, name="Trần Thị B", employer="Công ty Hàm Luông"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}-loi"' in html
    assert re.search(rf'<div class="field field--error">\s*<label for="id_{field}"', html)
    if message:
        assert _(message) in html
    assert "Trần Thị B" in html and "Công ty Hàm Luông" in html
    assert not Case.objects.exists()


def test_a_filled_trap_pretends_success_and_stores_nothing(client, province):
    response = post(client, form_data(website="http://spam.example"))
    assert response.status_code == 302
    code = code_in(response)
    assert client.get(response["Location"]).status_code == 200
    assert not RawEvent.objects.exists() and not Case.objects.exists() and not Contact.objects.exists()
    assert client.get(f"/gop-y/tra-cuu/{code}/").status_code == 404


def test_a_double_submit_is_one_case_with_the_same_code(client, province):
    first = post(client, form_data())
    second = post(client, form_data())
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1 and Message.objects.count() == 1 and RawEvent.objects.count() == 1


def test_a_submission_that_fails_to_process_apologises_and_keeps_the_text(client, province, monkeypatch):
    from lantoa.inbox import events

    def broken(raw_id):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(events, "process_event", broken)
    response = post(client, form_data(text="Chúng tôi bị cắt lương"))
    assert response.status_code == 503
    html = response.content.decode()
    assert "Chúng tôi bị cắt lương" in html and f'value="{TOKEN}"' in html  # sending again retries it
    monkeypatch.undo()
    code = code_in(post(client, form_data(text="Chúng tôi bị cắt lương")))
    assert Case.objects.get().code == code and RawEvent.objects.count() == 1


def test_the_form_is_limited_per_address(client, province):
    for number in range(5):
        assert post(client, form_data(token=f"token-number-{number:04d}xx")).status_code == 302
    response = post(client, form_data(token="token-number-0005xx", text="Lần thứ sáu"))
    assert response.status_code == 429
    assert "Lần thứ sáu" in response.content.decode()
    assert Case.objects.count() == 5
    other = post(client, form_data(token="token-other-address0"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_malformed_token_is_refused_and_replaced(client, province):
    response = post(client, form_data(token="<script>"))
    assert response.status_code == 200 and not Case.objects.exists()
    html = response.content.decode()
    assert "&lt;script&gt;" not in html and re.search(r'name="token" value="[A-Za-z0-9_-]{16,64}"', html)


# --- Attachments


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_files_are_checked_by_content_not_by_name(client, province, media):
    fake = upload("anh-chup.jpg", b"this is only text pretending to be a picture")
    response = post(client, form_data(attachments=[fake]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _("“%(name)s” is not a JPEG or PNG picture or a PDF document.") % {"name": "anh-chup.jpg"} in html
    assert _("Files must be chosen again.") in html
    assert not Case.objects.exists() and not (media / "inbox").exists()


def test_good_files_are_stored_under_random_names_and_listed(client, province, media):
    files = [upload("bang-luong.png", PNG, "image/png"), upload("hop-dong.jpg", PDF, "image/jpeg")]
    assert post(client, form_data(attachments=files)).status_code == 302
    listed = RawEvent.objects.get().payload["attachments"]
    assert [(item["name"], item["content_type"], item["size"]) for item in listed] == [
        ("bang-luong.png", "image/png", len(PNG)),
        ("hop-dong.jpg", "application/pdf", len(PDF)),
    ]
    for item in listed:
        stored = media / item["path"]
        assert stored.exists() and item["path"].startswith("inbox/") and "bang-luong" not in item["path"]
    assert post(client, form_data(attachments=[upload("bang-luong.png", PNG, "image/png")])).status_code == 302
    assert len(list((media / "inbox").iterdir())) == 2  # the repeat's copy is removed


def test_too_many_or_too_large_files_are_refused(client, province):
    four = [upload(f"anh-{n}.png", PNG, "image/png") for n in range(4)]
    assert _("Choose at most 3 files.") in post(client, form_data(attachments=four)).content.decode()
    big = upload("lon.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")
    html = post(client, form_data(attachments=[big])).content.decode()
    assert _("“%(name)s” is larger than 5 MB.") % {"name": "lon.pdf"} in html
    assert not Case.objects.exists()


# --- Codes and the status page


@pytest.mark.parametrize("typed", ["LT-ABCDE-23456", "lt-abcde-23456", "ltabcde23456", "ABCDE23456", " abcde 23456 "])
def test_codes_are_read_in_any_case_with_or_without_dashes(typed):
    assert normalize_code(typed) == "LT-ABCDE-23456"


@pytest.mark.parametrize("typed", ["", "LT-ABCDE-2345", "LT-ABCDE-23450", "LT-OBCDE-23456", "XX-ABCDE-23456"])
def test_what_cannot_be_a_code_is_none(typed):
    assert normalize_code(typed) is None


@pytest.fixture
def answered_case(client, province):
    code = code_in(post(client, form_data(text="Công ty không đóng BHXH cho tôi")))
    case = Case.objects.get(code=code)
    later = timezone.now() + datetime.timedelta(hours=1)
    Message.objects.create(case=case, direction=Direction.NOTE, body="GHI CHÚ NỘI BỘ: gọi giám đốc", created_at=later)
    Message.objects.create(case=case, direction=Direction.OUT, body="Công đoàn đã làm việc với công ty.",
                           created_at=later + datetime.timedelta(minutes=5))  # fmt: skip
    Case.objects.filter(pk=case.pk).update(status="answered")
    Contact.objects.filter(pk=case.contact_id).update(name="Lê Văn Bí Mật", phone="+84987654321")
    return Case.objects.get(pk=case.pk)


def test_the_status_page_shows_the_thread_but_no_notes_and_no_personal_data(client, answered_case):
    response = client.get(f"/gop-y/tra-cuu/{answered_case.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Công ty không đóng BHXH cho tôi" in html and "Công đoàn đã làm việc với công ty." in html
    assert html.index("Công ty không đóng BHXH") < html.index("Công đoàn đã làm việc")  # newest last
    assert "GHI CHÚ NỘI BỘ" not in html
    assert "Lê Văn Bí Mật" not in html and "987654321" not in html
    assert answered_case.unit.name in html
    assert _("Answered") in html
    opened = timezone.localtime(answered_case.opened_at)
    assert opened.strftime("%d/%m/%Y %H:%M") in html
    assert response["X-Robots-Tag"] == "noindex" and "no-cache" in response["Cache-Control"]


def test_the_status_page_is_found_by_a_code_typed_loosely(client, answered_case):
    loose = answered_case.code.lower().replace("-", "")
    response = client.get("/gop-y/tra-cuu/", {"ma": loose})
    assert response.status_code == 302 and response["Location"] == f"/gop-y/tra-cuu/{answered_case.code}/"
    direct = client.get(f"/gop-y/tra-cuu/{loose}/")
    assert direct.status_code == 302 and direct["Location"] == f"/gop-y/tra-cuu/{answered_case.code}/"


def test_an_unknown_code_is_a_vietnamese_404(client, province):
    response = client.get("/gop-y/tra-cuu/LT-ABCDE-23456/")
    assert response.status_code == 404
    assert _("Tracking code not found") in response.content.decode()
    assert client.get("/gop-y/tra-cuu/khong-phai-ma/").status_code == 404
    assert client.get("/gop-y/da-gui/khong-phai-ma/").status_code == 404


def test_a_code_typed_badly_on_the_lookup_form_is_explained(client):
    response = client.get("/gop-y/tra-cuu/", {"ma": "abc"})
    assert response.status_code == 200
    assert _("This is not a tracking code: it looks like LT-ABCDE-23456.") in response.content.decode()


def test_lookups_are_limited_per_address(client, answered_case):
    for _number in range(30):
        assert client.get("/gop-y/tra-cuu/LT-ABCDE-23456/").status_code == 404
    assert client.get(f"/gop-y/tra-cuu/{answered_case.code}/").status_code == 429
    assert client.get(f"/gop-y/tra-cuu/{answered_case.code}/", REMOTE_ADDR="10.9.8.7").status_code == 200


# --- Never a 500

FIELDS = ["text", "employer", "to_upper_level", "name", "phone", "zalo", "email", "consent", "publish_consent",
          "token", "website"]  # fmt: skip
junk = st.text(st.characters(codec="utf-8"), max_size=300) | st.sampled_from(["", "on", "0912345678", "a@b.vn"])


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.dictionaries(st.sampled_from(FIELDS), junk, max_size=len(FIELDS)))
def test_the_form_never_answers_500(client, province, data):
    cache.clear()
    response = client.post(FORM, data)
    assert response.status_code in (200, 302, 400, 429, 503), response.status_code


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(typed=st.text(st.characters(codec="utf-8", exclude_characters="/?#%\x00"), min_size=1, max_size=60))
def test_the_lookup_never_answers_500(client, province, typed):
    cache.clear()
    assert client.get("/gop-y/tra-cuu/", {"ma": typed}).status_code in (200, 302)
    assert client.get(f"/gop-y/tra-cuu/{typed}/").status_code in (301, 302, 404)
