"""The Q&A knowledge base (lantoa/inbox/answers.py and its screens): a case's draft is
anonymised (name, phone, e-mail, Zalo, ID numbers, employer gone; money and dates kept);
only entries the worker agreed to, of units where the actor handles cases, are published;
ready answers come from the case's unit and those above, its topic first; the staff
screens follow the case rights; the portal's "Hỏi đáp" shows only public entries of the
site's units, searched without diacritics, and no parameter gives a 500; an erasure
leaves no personal data in the entries made from the worker's cases."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site

from lantoa.inbox import actions, answers
from lantoa.inbox.models import Answer, Case, Direction, Message, Topic
from lantoa.portal.models import PortalHomePage
from lantoa.privacy.registry import Erasure

from . import staff_world
from .staff_world import PASSWORD, worker_writes

world = staff_world.world  # the fixture
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_only]  # the same answer on every database
FUZZ = settings(derandomize=True, max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture],
                deadline=None)  # fmt: skip
NAME, PHONE, EMAIL, ZALO = "Nguyễn Thị Hoa", "0912000111", "hoa.nguyen@example.vn", "hoa.zalo88"
ANSWER = "Chào chị Nguyễn Thị Hoa, công ty phải trả 15.000.000 đồng trước ngày 15/6/2026; gọi 0912 000 111 nếu cần."


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def answered(case: Case, actor, text=ANSWER) -> Case:
    actions.do_answer(case, actor=actor, text=text)
    case.refresh_from_db()
    return case


def entry(unit, *, topic=Topic.WAGES, question="Công ty nợ lương thì làm gì?", answer="Gửi đơn tới công đoàn.",
          public=False, case=None, days_ago=0) -> Answer:  # fmt: skip
    row = Answer(unit=unit, topic=topic, question=question, answer=answer, case=case, public=public)
    answers.refresh_search_text(row)
    if public:
        row.published_at = timezone.now() - datetime.timedelta(days=days_ago)
    row.save()
    return row


@pytest.fixture
def hoa(world):
    """A worker who left a name, phone, e-mail and Zalo, and agreed to publication."""
    case = worker_writes(
        f"Tôi là {NAME}, công nhân Công ty TNHH May Sông Tiền. Công ty nợ lương 2 tháng. "
        f"SĐT {PHONE}, email {EMAIL}, zalo: {ZALO}, CCCD 079123456789.",
        employer="Công ty TNHH May Sông Tiền", external_id="form-hoa", name=NAME, phone=PHONE, email=EMAIL,
        zalo=ZALO, publish_consent=True, unit_id=world.song_tien.pk,
    )  # fmt: skip
    assert case.unit_id == world.song_tien.pk
    return answered(case, world.officer)


# --- Anonymising


def test_anonymise_removes_the_worker_and_the_workplace_but_keeps_money_and_dates():
    contact = SimpleNamespace(name=NAME, phone=PHONE, zalo=ZALO, email="", external_id="form-1")
    text = answers.anonymise(
        "Em là nguyen thi HOA ở Công ty TNHH May Sông Tiền, số 0912.000.111, +84 912 000 111, mail a.b@gmail.com, "
        f"zalo {ZALO}, BHXH 7912345678. Công ty nợ 15.000.000 đồng, 2.000.000.000 đ từ 15/6/2026.",
        contact, ["Công ty TNHH May Sông Tiền"],
    )  # fmt: skip
    for secret in ("nguyen thi HOA", "Sông Tiền", "0912", "912 000", "a.b@gmail.com", ZALO, "7912345678"):
        assert secret not in text
    assert "15.000.000 đồng" in text and "2.000.000.000 đ" in text and "15/6/2026" in text
    assert text.count("[hidden]") >= 7 or text.count("[đã ẩn]") >= 7


def test_a_draft_from_a_case_is_anonymised_internal_and_keeps_topic_and_unit(world, hoa):
    draft = answers.draft_from_case(hoa, actor=world.officer)
    assert (draft.unit_id, draft.topic, draft.case_id, draft.public) == (hoa.unit_id, hoa.topic, hoa.pk, False)
    assert "Công ty nợ lương 2 tháng" in draft.question
    assert "15.000.000 đồng" in draft.answer
    for secret in (NAME, PHONE, "0912 000 111", EMAIL, ZALO, "079123456789", "May Sông Tiền"):
        assert secret not in draft.question and secret not in draft.answer
    assert draft.search_text == answers.searchable(draft.question, draft.answer)


def test_no_draft_from_a_case_without_an_answer_nor_by_someone_who_does_not_handle_it(world):
    with pytest.raises(ValidationError):
        answers.draft_from_case(world.wages, actor=world.officer)  # not answered yet
    answered(world.wages, world.officer)
    with pytest.raises(ValidationError):
        answers.draft_from_case(world.wages, actor=world.approver)  # reads, does not handle
    assert not Answer.objects.exists()


# --- Publishing


def test_publishing_needs_the_workers_consent(world):
    case = answered(world.wages, world.officer)  # the worker did not agree
    draft = answers.draft_from_case(case, actor=world.officer)
    with pytest.raises(ValidationError):
        answers.do_publish(draft, actor=world.officer)
    draft.refresh_from_db()
    assert not draft.public
    answers.do_save_answer(draft, actor=world.officer, public=True)  # a form cannot sneak it out either
    draft.refresh_from_db()
    assert not draft.public


def test_publishing_needs_change_case_on_the_entrys_unit(world, hoa):
    draft = answers.draft_from_case(hoa, actor=world.officer)
    other = entry(world.ham_luong)
    for actor, row in ((world.approver, draft), (world.viewer, draft), (world.officer, other)):
        with pytest.raises(ValidationError):
            answers.do_publish(row, actor=actor)
    assert not Answer.objects.filter(public=True).exists()
    answers.do_publish(draft, actor=world.park_editor)  # the park's editor handles Sông Tiền's cases
    draft.refresh_from_db()
    assert draft.public and draft.published_at is not None
    answers.do_unpublish(draft, actor=world.officer)
    draft.refresh_from_db()
    assert not draft.public


def test_an_entry_not_from_a_case_may_be_published(world):
    row = entry(world.park)
    answers.do_publish(row, actor=world.park_editor)
    assert Answer.objects.get(pk=row.pk).public


# --- Ready answers


def test_ready_answers_come_from_the_unit_and_above_the_cases_topic_first(world):
    case = world.wages
    case.topic = Topic.WAGES
    case.save(update_fields=["topic"])
    own_other = entry(world.song_tien, topic=Topic.OSH, question="An toàn")
    province_same = entry(world.province, topic=Topic.WAGES, question="Lương tỉnh")
    park_same = entry(world.park, topic=Topic.WAGES, question="Lương khu")
    entry(world.ham_luong, topic=Topic.WAGES, question="Lương Hàm Luông")  # a sibling: never offered
    ready = answers.ready_answers_for(case)
    assert [row.pk for row in ready] == [park_same.pk, province_same.pk, own_other.pk]


def test_ready_answers_are_bounded(world):
    Answer.objects.bulk_create(
        [Answer(unit=world.song_tien, topic=Topic.WAGES, question=f"Q{i}", answer=f"A{i}") for i in range(60)]
    )
    assert len(answers.ready_answers_for(world.wages)) == answers.READY_LIMIT


def test_the_case_page_offers_ready_answers_and_fills_the_text_without_script(world):
    ready = entry(world.park, answer="Câu trả lời mẫu về lương.")
    client = client_for(world.officer)
    url = reverse("inbox_case", args=[world.wages.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{ready.pk}"' in page and "lantoa-inbox-ready-texts" in page
    typed = "Chị chờ em kiểm tra đã"
    response = client.post(url, {"action": "answer", "ready": str(ready.pk), "text": typed, "use_ready": "1"})
    assert response.status_code == 200
    form = response.context["forms"]["answer"]
    assert form.initial["text"] == "Câu trả lời mẫu về lương." and form.initial["typed"] == typed
    assert not Message.objects.filter(case=world.wages, direction=Direction.OUT).exists()  # nothing sent
    restored = client.post(url, {"action": "answer", "ready": str(ready.pk), "text": ready.answer, "typed": typed,
                                 "restore_typed": "1"})  # fmt: skip
    assert restored.context["forms"]["answer"].initial["text"] == typed
    unknown = client.post(url, {"action": "answer", "ready": "999999", "text": typed, "use_ready": "1"})
    assert unknown.status_code == 200 and unknown.context["forms"]["answer"].non_field_errors()


def test_save_as_qa_on_the_case_page_makes_a_draft_and_opens_it(world, hoa):
    client = client_for(world.officer)
    page = client.get(reverse("inbox_case", args=[hoa.pk])).content.decode()
    assert "data-save-qa" in page and "data-no-consent" not in page
    response = client.post(reverse("inbox_case", args=[hoa.pk]), {"action": "save_qa"})
    draft = Answer.objects.get(case=hoa)
    assert response.status_code == 302 and response["Location"] == reverse("inbox_answer:edit", args=[draft.pk])
    assert NAME not in draft.question
    edit = client.get(response["Location"])
    assert edit.status_code == 200 and reverse("inbox_answer:publish", args=[draft.pk]).encode() in edit.content


def test_save_as_qa_notes_a_missing_consent(world):
    answered(world.wages, world.officer)
    client = client_for(world.officer)
    assert b"data-no-consent" in client.get(reverse("inbox_case", args=[world.wages.pk])).content
    client.post(reverse("inbox_case", args=[world.wages.pk]), {"action": "save_qa"})
    draft = Answer.objects.get(case=world.wages)
    page = client.get(reverse("inbox_answer:publish", args=[draft.pk])).content.decode()
    assert "data-no-consent" in page and "data-publish" not in page
    client.post(reverse("inbox_answer:publish", args=[draft.pk]))
    assert not Answer.objects.get(pk=draft.pk).public


# --- Staff screens


def test_staff_screens_follow_the_case_rights(world):
    own, sibling = entry(world.song_tien, question="Của Sông Tiền"), entry(world.ham_luong, question="Của Hàm Luông")
    officer, approver, viewer = client_for(world.officer), client_for(world.approver), client_for(world.viewer)
    listing = officer.get(reverse("inbox_answer:index")).content.decode()
    assert "Của Sông Tiền" in listing and "Của Hàm Luông" not in listing
    assert officer.get(reverse("inbox_answer:edit", args=[sibling.pk])).status_code == 404
    assert officer.get(reverse("inbox_answer:publish", args=[sibling.pk])).status_code == 404
    for name in ("inspect", "history", "history_results", "usage", "delete"):
        assert officer.get(reverse(f"inbox_answer:{name}", args=[sibling.pk])).status_code == 404, name
    # The approver reads every entry of the province, changes none.
    assert "Của Hàm Luông" in approver.get(reverse("inbox_answer:index")).content.decode()
    assert approver.get(reverse("inbox_answer:inspect", args=[own.pk])).status_code == 200
    assert approver.get(reverse("inbox_answer:edit", args=[own.pk])).status_code in (302, 403)
    assert approver.post(reverse("inbox_answer:publish", args=[own.pk])).status_code in (302, 403)
    assert not Answer.objects.get(pk=own.pk).public
    # A viewer of the province reads the units, not the cases nor the entries.
    assert viewer.get(reverse("inbox_answer:index")).status_code in (302, 403)
    assert viewer.get(reverse("inbox_answer:inspect", args=[own.pk])).status_code in (302, 403, 404)


def test_staff_create_edit_publish_and_search_folded(world):
    client = client_for(world.park_editor)
    response = client.post(reverse("inbox_answer:add"), {"unit": world.song_tien.pk, "topic": Topic.SOCIAL_INSURANCE,
                                                         "question": "Công ty không đóng bảo hiểm xã hội?",
                                                         "answer": "Báo cho công đoàn cơ sở."})  # fmt: skip
    assert response.status_code == 302
    row = Answer.objects.get()
    assert row.created_by == world.park_editor and "bao hiem" in row.search_text
    found = client.get(reverse("inbox_answer:index"), {"q": "bao hiem"}).content.decode()
    assert "bảo hiểm xã hội" in found
    assert "bảo hiểm xã hội" not in client.get(reverse("inbox_answer:index"), {"q": "thai san"}).content.decode()
    refused = client.post(reverse("inbox_answer:add"), {"unit": world.province.pk, "topic": Topic.OTHER,
                                                        "question": "Q", "answer": "A"})  # fmt: skip
    assert refused.status_code == 200 and Answer.objects.count() == 1  # the province is not the editor's
    client.post(reverse("inbox_answer:publish", args=[row.pk]))
    assert Answer.objects.get(pk=row.pk).public


# --- The portal


def test_the_portal_shows_only_public_entries_newest_first(world):
    hidden = entry(world.song_tien, question="Câu hỏi nội bộ")
    older = entry(world.song_tien, question="Câu hỏi cũ hơn", public=True, days_ago=3)
    newer = entry(world.park, question="Câu hỏi mới nhất", public=True, days_ago=1)
    page = Client().get("/hoi-dap/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Câu hỏi nội bộ" not in text and text.index("Câu hỏi mới nhất") < text.index("Câu hỏi cũ hơn")
    assert reverse("inbox_public_form") in text
    assert Client().get(f"/hoi-dap/{hidden.pk}/").status_code == 404
    detail = Client().get(f"/hoi-dap/{older.pk}/").content.decode()
    assert "Câu hỏi cũ hơn" in detail and older.published_at.astimezone(timezone.get_current_timezone()).strftime(
        "%d/%m/%Y") in detail  # fmt: skip
    assert "Set-Cookie" not in page.headers and "page" not in page.context
    assert newer.pk


def test_the_portal_search_ignores_diacritics_and_filters_by_topic(world):
    entry(world.song_tien, topic=Topic.SOCIAL_INSURANCE, question="Công ty không đóng bảo hiểm", public=True)
    entry(world.song_tien, topic=Topic.WAGES, question="Công ty nợ lương", public=True)
    found = Client().get("/hoi-dap/", {"q": "bao hiem"}).content.decode()
    assert "đóng bảo hiểm" in found and "nợ lương" not in found
    by_topic = Client().get("/hoi-dap/", {"topic": Topic.WAGES}).content.decode()
    assert "nợ lương" in by_topic and "đóng bảo hiểm" not in by_topic


def test_a_portal_shows_only_the_entries_of_its_units(world):
    entry(world.song_tien, question="Hỏi ở Sông Tiền", public=True)
    entry(world.province, question="Hỏi ở tỉnh", public=True)
    root = Page.get_first_root_node()
    home = root.add_child(instance=PortalHomePage(title="Công đoàn các KCN", slug="kcn", unit=world.park))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    text = Client().get("/hoi-dap/").content.decode()
    assert "Hỏi ở Sông Tiền" in text and "Hỏi ở tỉnh" not in text


def test_the_portal_pages_entries(world):
    Answer.objects.bulk_create([
        Answer(unit=world.park, topic=Topic.OTHER, question=f"Câu số {i:02d}", answer="Đáp", public=True,
               published_at=timezone.now() - datetime.timedelta(minutes=i))
        for i in range(25)
    ])  # fmt: skip
    first = Client().get("/hoi-dap/").content.decode()
    second = Client().get("/hoi-dap/", {"trang": "2"}).content.decode()
    assert "Câu số 00" in first and "Câu số 24" not in first and 'rel="next"' in first
    assert "Câu số 24" in second and "Câu số 00" not in second


@FUZZ
@given(
    page=st.one_of(st.text(max_size=12), st.integers(-5, 10**20).map(str)),
    topic=st.one_of(st.sampled_from([*Topic.values, "xyz", ""]), st.text(max_size=20)),
    query=st.text(max_size=300).map(lambda text: text + "\x00"),
)
def test_no_portal_parameter_gives_a_500(world, page, topic, query):
    client = Client()
    for params in ({"trang": page, "topic": topic, "q": query}, {"page": page}, {"topic": "xyz", "q": "\x00"}):
        assert client.get("/hoi-dap/", params).status_code == 200
    assert client.get("/hoi-dap/abc/").status_code == 404
    assert client.get(f"/hoi-dap/{10**18}/").status_code == 404


# --- Erasure


def test_erasure_unpublishes_and_scrubs_the_entries_of_the_workers_cases(world, hoa):
    draft = answers.draft_from_case(hoa, actor=world.officer)
    answers.do_save_answer(draft, actor=world.officer, question=f"{NAME} ({PHONE}, {EMAIL}) hỏi về lương",
                           answer=f"Trả lời chị {NAME} ở May Sông Tiền")  # fmt: skip
    answers.do_publish(draft, actor=world.officer)
    erasure = Erasure(person=hoa.contact, identifiers=[NAME, PHONE, EMAIL, ZALO], pseudonym=hoa.contact.pseudonym,
                      actor=None)  # fmt: skip
    pattern = answers.re.compile("|".join(answers.re.escape(i) for i in erasure.identifiers), answers.re.IGNORECASE)
    changed = answers.erase_answers_of(Case.objects.filter(contact=hoa.contact),
                                       lambda text: pattern.sub(erasure.pseudonym, text))  # fmt: skip
    draft.refresh_from_db()
    assert changed == 1 and not draft.public
    for secret in (NAME, PHONE, EMAIL, "Sông Tiền"):
        assert secret not in draft.question and secret not in draft.answer
    assert "nguyen thi hoa" not in draft.search_text
