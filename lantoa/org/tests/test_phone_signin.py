"""Signing in with a phone number and a code: validation of numbers, codes that expire
and allow five attempts, throttles per phone and per address, and the same answer whether
or not the number belongs to an account."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from hypothesis import given, settings
from hypothesis import strategies as st

from lantoa.org import bulk_accounts, signin
from lantoa.org.models import SignInCode
from lantoa.org.phones import normalize_phone
from lantoa.org.tests.factories import make_unit, make_user

SENDER = "lantoa.org.signin.locmem_sender"
PHONE = "+84912345678"


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.LANTOA_CODE_SENDER = SENDER
    signin.OUTBOX.clear()
    yield signin.OUTBOX
    signin.OUTBOX.clear()


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(db):
    root = make_unit(None, kind="confederation")
    unit = make_unit(make_unit(root, kind="commune"))
    (user,) = bulk_accounts.do_create_officer_accounts([unit], actor=None)
    signin.do_set_phone(user, "0912 345 678", actor=None)
    return user


def ask(client, phone="0912.345.678"):
    return client.post("/dang-nhap/dien-thoai/", {"phone": phone})


def code_of(outbox):
    phone, message = outbox[-1]
    return next(word for word in message.replace(".", " ").split() if word.isdigit() and len(word) == 6)


# --- Numbers


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    first=st.sampled_from("35789"),
    rest=st.text("0123456789", min_size=8, max_size=8),
    style=st.sampled_from(["0{}", "+84{}", "84{}", "(+84) {}", "0084{}"]),
    sep=st.sampled_from(["", " ", ".", "-"]),
)
def test_usual_spellings_normalise_to_one_form(first, rest, style, sep):
    national = first + rest
    spaced = sep.join([national[:3], national[3:6], national[6:]])
    assert normalize_phone(style.format(spaced)) == "+84" + national


@settings(max_examples=30, derandomize=True, deadline=None)
@given(st.text(max_size=20))
def test_anything_else_is_refused_or_a_valid_mobile(text):
    try:
        phone = normalize_phone(text)
    except ValidationError:
        return
    assert phone.startswith("+84") and len(phone) == 12 and phone[3] in "35789" and phone[1:].isdigit()


@pytest.mark.parametrize("bad", ["", "0212345678", "091234567", "09123456789", "+1 912345678", "abc"])
def test_landlines_and_wrong_lengths_are_refused(bad):
    with pytest.raises(ValidationError):
        normalize_phone(bad)


def test_a_phone_belongs_to_one_user(officer):
    other = make_user("nguoi_khac")
    with pytest.raises(ValidationError):
        other.phone = "0912345678x"
        other.full_clean()
    other.phone = PHONE
    with pytest.raises(IntegrityError):
        other.save(update_fields=["phone"])


def test_setting_a_taken_phone_is_refused_in_vietnamese(officer):
    other = make_user("nguoi_khac")
    with pytest.raises(ValidationError, match="tài khoản khác"):
        signin.do_set_phone(other, "+84 912 345 678", actor=None)


def test_many_users_without_a_phone(db):
    make_user("khong_so_1")
    make_user("khong_so_2")  # the empty phone is not unique


# --- Codes


def test_code_signs_in_and_lands_on_tasks(officer, client, outbox):
    assert ask(client).status_code == 302
    assert outbox[0][0] == PHONE
    assert "Mã đăng nhập" in outbox[0][1]
    stored = SignInCode.objects.get()
    assert code_of(outbox) not in stored.code_hash
    answer = client.post("/dang-nhap/dien-thoai/ma/", {"code": code_of(outbox)})
    assert answer.status_code == 302 and answer["Location"] == "/viec/"
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_same_answer_whether_or_not_the_phone_exists(officer, client, outbox):
    known = ask(client)
    unknown_client = type(client)()
    unknown = ask(unknown_client, "0987 654 321")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    known_page = client.get("/dang-nhap/dien-thoai/ma/").content.decode().replace("+84912345678", "PHONE")
    unknown_page = unknown_client.get("/dang-nhap/dien-thoai/ma/").content.decode().replace("+84987654321", "PHONE")
    strip = lambda page: page.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(known_page) == strip(unknown_page)
    assert len(outbox) == 1  # only the real account got a message
    wrong = unknown_client.post("/dang-nhap/dien-thoai/ma/", {"code": "123456"})
    assert "Mã không đúng" in wrong.content.decode()


def test_code_expires_after_ten_minutes(officer, client, outbox):
    ask(client)
    SignInCode.objects.update(expires_at=signin.timezone.now() - datetime.timedelta(seconds=1))
    answer = client.post("/dang-nhap/dien-thoai/ma/", {"code": code_of(outbox)})
    assert answer.status_code == 200 and "_auth_user_id" not in client.session
    created = SignInCode.objects.get()
    assert created.expires_at - created.created_at <= datetime.timedelta(minutes=10)


def test_five_wrong_attempts_burn_the_code(officer, client, outbox):
    ask(client)
    code = code_of(outbox)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(signin.CODE_ATTEMPTS):
        client.post("/dang-nhap/dien-thoai/ma/", {"code": wrong})
    client.post("/dang-nhap/dien-thoai/ma/", {"code": code})
    assert "_auth_user_id" not in client.session


def test_a_code_works_once_and_a_new_one_replaces_the_old(officer, client, outbox):
    ask(client)
    old = code_of(outbox)
    ask(client)
    new = code_of(outbox)
    if old != new:
        client.post("/dang-nhap/dien-thoai/ma/", {"code": old})
        assert "_auth_user_id" not in client.session
    client.post("/dang-nhap/dien-thoai/ma/", {"code": new})
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert signin.check_code(PHONE, new, address="203.0.113.9") is None


def test_codes_are_throttled_per_phone(officer, client, outbox):
    for _ in range(signin.CODES_PER_PHONE_PER_HOUR):
        assert ask(client).status_code == 302
    answer = ask(client)
    assert answer.status_code == 200 and "Quá nhiều" in answer.content.decode()
    assert len(outbox) == signin.CODES_PER_PHONE_PER_HOUR


def test_codes_are_throttled_per_address(db, client, outbox):
    for i in range(signin.CODES_PER_ADDRESS_PER_HOUR):
        assert ask(client, f"09{i:08d}").status_code == 302
    assert "Quá nhiều" in ask(client, "0977777777").content.decode()


def test_code_page_without_a_phone_goes_back(client, db):
    answer = client.get("/dang-nhap/dien-thoai/ma/")
    assert answer.status_code == 302 and answer["Location"] == "/dang-nhap/dien-thoai/"


def test_invalid_number_is_explained_in_vietnamese(client, db):
    answer = ask(client, "12345")
    assert answer.status_code == 200
    assert "số điện thoại di động" in answer.content.decode()


def test_console_sender_prints(capsys, settings):
    settings.LANTOA_CODE_SENDER = ""
    signin.send_text(PHONE, "xin chào")
    assert "xin chào" in capsys.readouterr().out
