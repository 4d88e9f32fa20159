"""The demo's inbox: ten weeks of workers writing to the Vĩnh Long unions.

About 300 cases from every intake (the portal form, the Zalo OA, Messenger, e-mail, the
hotline, walk-ins), their texts drawn from the project's own training examples
(`lantoa/vi/data/inbox_train.jsonl`), naming employers of the demo's grassroots unions so
routing finds them; about half give a (fictitious) name and a 0912 000 xxx phone, the
others stay anonymous. Recent cases are new or being handled; older ones were answered in
Vietnamese, on time or late, and most closed; those left unanswered past their deadline
were escalated to the union above. A collective work stoppage of about 300 workers at a
company of the industrial parks, called in this morning on the hotline, is critical: its
union missed the 4-hour deadline, the parks' union got it, and the province took it over.

Written with the inbox's own functions (`intake.receive`, `actions.do_assign`, `do_note`,
`do_classify`, `do_set_status`, `escalate_overdue`), then dated back where the story needs
it. Answers are written as rows rather than through `do_answer`, which would refuse old
Zalo and Messenger cases (their reply window has closed by now), queue sends to platforms
the demo has no connection to and e-mail workers.
"""

from __future__ import annotations

import datetime
import json
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from lantoa.channels.models import Channel, ChannelKind
from lantoa.inbox import actions, deadlines, intake
from lantoa.inbox.models import Case, CaseRoute, CaseStatus, Direction, Intake, Message, SendStatus, Topic, Urgency
from lantoa.org import scope
from lantoa.org.models import Unit, UnitKind
from lantoa.plans import calendar
from lantoa.plans.signals import rollups_paused
from lantoa.vi.classify import TRAIN_FILE
from lantoa.vi.text import fold

SEED = 20261214
CASES = 300
WEEKS = 10
INTAKES = {Intake.ZALO_OA: 30, Intake.PORTAL: 20, Intake.MESSENGER: 15, Intake.HOTLINE: 15, Intake.EMAIL: 10,
           Intake.WALK_IN: 10}  # fmt: skip
TOPICS = {"wages": 15, "social_insurance": 12, "contract": 10, "dismissal": 8, "working_time": 12, "osh": 8,
          "leave_maternity": 9, "dispute_strike": 4, "union_membership": 6, "welfare": 8, "other": 8}  # fmt: skip
# What becomes of a case, by its age: (days younger than, {status: weight}).
FATES = (
    (2, {"new": 35, "assigned": 30, "in_progress": 20, "answered": 15}),
    (14, {"new": 5, "assigned": 7, "in_progress": 13, "answered": 45, "closed": 30}),
    (10_000, {"in_progress": 4, "answered": 26, "closed": 70}),
)
OPEN = {"new", "assigned", "in_progress"}
OLD = datetime.timedelta(days=2)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Lâm", "Dương")
MIDDLE = ("Thị", "Văn", "Thị Ngọc", "Văn Minh", "Thị Kim", "Hoàng", "Thanh", "Thị Mỹ", "Quốc", "Ngọc")
GIVEN = ("Hoa", "Lan", "Tuấn", "Dũng", "Hạnh", "Phúc", "Trang", "Nhung", "Tâm", "Khoa", "Yến", "Sơn", "Thảo",
         "Hùng", "Diễm", "Lộc", "Vy", "Nhân", "Hằng", "Tài")  # fmt: skip
ANSWERS = {
    "wages": "Chào bạn, công đoàn đã nhận phản ánh. Theo Bộ luật Lao động 2019, công ty phải trả lương đầy đủ, đúng "
             "hạn; chậm trả từ 15 ngày trở lên phải đền bù thêm tiền lãi. Công đoàn cơ sở sẽ làm việc với công ty "
             "trong tuần này và báo lại bạn.",
    "social_insurance": "Chào bạn, bạn có thể tra cứu quá trình đóng bảo hiểm xã hội trên ứng dụng VssID. Nếu công "
                        "ty chưa đóng hoặc đóng thiếu, công đoàn sẽ đề nghị công ty đóng bù và báo cơ quan bảo hiểm "
                        "xã hội tỉnh.",
    "contract": "Chào bạn, người lao động làm việc từ 1 tháng trở lên phải được ký hợp đồng lao động bằng văn bản. "
                "Bạn giữ lại các giấy tờ chấm công, phiếu lương; công đoàn sẽ hỗ trợ bạn đề nghị công ty ký hợp đồng.",
    "dismissal": "Chào bạn, công ty chỉ được đơn phương chấm dứt hợp đồng trong các trường hợp luật định và phải báo "
                 "trước. Bạn chưa ký giấy tờ gì thêm; mời bạn mang hợp đồng, quyết định nghỉ việc đến văn phòng công "
                 "đoàn để được tư vấn miễn phí.",
    "working_time": "Chào bạn, làm thêm giờ phải được người lao động đồng ý và không quá 40 giờ mỗi tháng. Công đoàn "
                    "sẽ kiểm tra bảng chấm công tăng ca và trao đổi với công ty.",
    "osh": "Chào bạn, công đoàn đã báo ban an toàn của công ty kiểm tra ngay khu vực bạn phản ánh. Công ty phải cấp "
           "đủ đồ bảo hộ miễn phí; nếu có người bị thương, đề nghị báo công đoàn để hỗ trợ chế độ tai nạn lao động.",
    "leave_maternity": "Chào chị, lao động nữ được nghỉ thai sản 6 tháng và hưởng chế độ từ bảo hiểm xã hội. Công "
                       "ty không được cho nghỉ việc vì lý do mang thai. Công đoàn sẽ hướng dẫn chị làm hồ sơ.",
    "dispute_strike": "Chào bạn, công đoàn cơ sở đã ghi nhận kiến nghị của anh chị em và sẽ đề nghị công ty đối "
                      "thoại trong tuần. Đề nghị anh chị em giữ bình tĩnh, không tự ý ngừng việc, công đoàn sẽ "
                      "thông báo kết quả.",
    "union_membership": "Chào bạn, bạn điền phiếu đăng ký đoàn viên tại văn phòng công đoàn cơ sở hoặc trên cổng "
                        "thông tin; đoàn phí là 1% tiền lương đóng bảo hiểm xã hội, tối đa theo quy định.",
    "welfare": "Chào bạn, công đoàn đã ghi nhận. Phần quà và trợ cấp khó khăn được xét theo danh sách tổ công đoàn "
               "gửi lên; bạn liên hệ tổ trưởng công đoàn để được bổ sung.",
    "other": "Chào bạn, công đoàn đã nhận câu hỏi và chuyển cán bộ phụ trách trả lời. Bạn có thể gọi đường dây nóng "
             "của Liên đoàn Lao động tỉnh trong giờ hành chính.",
}  # fmt: skip
NOTES = (
    "Đã gọi điện cho chủ tịch công đoàn cơ sở, hẹn làm việc với phòng nhân sự.",
    "Cần xin ý kiến Ban Chính sách pháp luật trước khi trả lời.",
    "Đã đối chiếu bảng lương tháng trước, chờ công ty gửi chứng từ.",
    "Người lao động xin giữ kín thông tin, không nêu tên khi làm việc với công ty.",
)
STOPPAGE_TEXT = (
    "Khoảng 300 công nhân {employer} ngừng việc tập thể từ 7 giờ sáng nay, tập trung trước cổng nhà máy, yêu cầu "
    "trả tiền tăng ca còn nợ 2 tháng và tăng lương. Ban giám đốc chưa ra gặp. Đề nghị công đoàn xuống ngay!"
)
STOPPAGE_NOTES = (
    "Công đoàn các Khu công nghiệp đã cử cán bộ xuống nhà máy; công đoàn cơ sở không liên lạc được.",
    "Liên đoàn Lao động tỉnh trực tiếp chỉ đạo: Phó Chủ tịch cùng Ban Quan hệ lao động xuống hiện trường, phối hợp "
    "Sở Nội vụ tổ chức đối thoại giữa công nhân và ban giám đốc trong chiều nay.",
)
STOPPAGE_ANSWER = (
    "Liên đoàn Lao động tỉnh đã nhận tin và cử cán bộ xuống nhà máy ngay. Đề nghị anh chị em giữ trật tự, cử 5–7 "
    "đại diện để đối thoại với ban giám đốc; công đoàn sẽ bảo vệ quyền lợi hợp pháp của người lao động."
)


def load_demo_inbox(*, today: datetime.date, units: dict[str, Unit | None], seed: int = SEED) -> dict:
    """Build the demo's cases; returns their count and the stoppage's id."""
    province = units.get("vinh_long")
    if province is None:
        return {}
    builder = InboxDemo(today=today, units=units, rng=random.Random(seed))
    with rollups_paused():  # the demo rebuilds the figures once, after everything
        return builder.run()


class InboxDemo:
    def __init__(self, *, today: datetime.date, units: dict, rng: random.Random):
        self.today, self.units, self.rng = today, units, rng
        self.province = units["vinh_long"]
        local_now = timezone.localtime()
        moment = local_now.time() if today == local_now.date() else datetime.time(16)
        self.now = timezone.make_aware(datetime.datetime.combine(today, moment))
        self.unions = workplace_unions(self.province, units.get("grassroots"))
        self.texts = texts_by_topic()
        self.channels = {intake_: channel_of(self.province, kind) for intake_, kind in
                         ((Intake.ZALO_OA, ChannelKind.ZALO_OA), (Intake.MESSENGER, ChannelKind.FACEBOOK_PAGE),
                          (Intake.PORTAL, ChannelKind.PORTAL), (Intake.EMAIL, ChannelKind.EMAIL))}  # fmt: skip
        names = ("tinh.tuyengiao", "captren.demo", "coso.demo")
        self.officers = list(get_user_model().objects.filter(username__in=names).order_by("username"))
        self.count = 0

    def run(self) -> dict:
        if not self.unions:
            return {}
        moments = sorted(self.opened_at() for _ in range(CASES))
        for opened in moments:
            self.one_case(opened)
        stoppage = self.stoppage()
        self.escalate()
        self.take_over(stoppage)
        return {"cases": Case.objects.count(), "stoppage": stoppage.pk}

    # --- One case

    def opened_at(self) -> datetime.datetime:
        """A moment of the last ten weeks, mostly in working hours, never after now."""
        days = int(self.rng.triangular(0, WEEKS * 7, 0))
        hour = self.rng.choice((6, 7, 8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19, 20, 21, 22))
        day = self.today - datetime.timedelta(days=days)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, self.rng.randrange(60))))
        return moment if moment < self.now else moment - datetime.timedelta(days=1)

    def one_case(self, opened: datetime.datetime) -> Case:
        rng = self.rng
        topic = weighted(rng, TOPICS)
        text, label = self.texts[topic].pop(rng.randrange(len(self.texts[topic])))
        union = rng.choice(self.unions)
        via = weighted(rng, INTAKES)
        message = intake.receive(self.inbound(via, text, opened, union))
        case = message.case
        if case.topic != label and rng.random() < 0.5:  # staff corrected the model
            actions.do_classify(case, actor=None, topic=label, urgency=case.urgency)
        fate = fate_of(rng, self.now - opened)
        if case.unit.depth <= self.province.depth and fate in OPEN and self.now - opened > OLD:
            fate = "answered"  # left open, the periodic job would escalate it above the province
        self.handle(case, fate)
        return case

    def inbound(self, via: str, text: str, opened: datetime.datetime, union: Unit) -> intake.Inbound:
        rng = self.rng
        self.count += 1
        n = self.count
        known = rng.random() < (0.9 if via in (Intake.HOTLINE, Intake.WALK_IN, Intake.EMAIL) else 0.4)
        person = {}
        if known:
            person = {"name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                      "phone": f"0912000{n % 1000:03d}", "consent": True}  # fmt: skip
            if via == Intake.ZALO_OA:
                person["zalo"] = person["phone"]
        external_id = f"demo-{via}-{n:04d}"
        if via == Intake.EMAIL:  # an e-mail always has its sender's address, the contact's id
            external_id = person["email"] = f"nld.demo{n:03d}@example.vn"
        employer = "" if via == Intake.WALK_IN and rng.random() < 0.3 else employer_as_typed(rng, union.name)
        channel = self.channels.get(via)
        chosen = None
        if channel is None:
            chosen = union.parent_id if via in (Intake.WALK_IN, Intake.PORTAL) else self.province.pk
        return intake.Inbound(
            intake=via, external_id=external_id, text=text, sent_at=opened, message_id=f"demo-msg-{n:04d}",
            channel_id=channel.pk if channel else None, unit_id=chosen, employer=employer,
            to_upper_level=via == Intake.PORTAL and rng.random() < 0.08,
            publish_consent=known and rng.random() < 0.5, **person,
        )  # fmt: skip

    def handle(self, case: Case, fate: str) -> None:
        """Assign, note, answer and close the case as `fate` says, dated back."""
        if fate == "new":
            return
        officer = self.officer_for(case)
        actions.do_assign(case, actor=None, user=officer)
        if fate == "assigned":
            return
        actions.do_set_status(case, actor=None, status=CaseStatus.IN_PROGRESS)
        if self.rng.random() < 0.3:
            note = actions.do_note(case, actor=officer, text=self.rng.choice(NOTES))
            Message.objects.filter(pk=note.pk).update(created_at=case.opened_at + datetime.timedelta(hours=1))
        if fate == "in_progress":
            return
        answered = deadlines.add_working_hours(
            case.opened_at, self.rng.uniform(0.05, 1.35) * deadlines.hours_for(case.urgency)
        )
        if answered >= self.now:
            return  # still being worked on
        self.answer(case, ANSWERS[case.topic], answered, officer)
        if fate == "closed":
            actions.do_set_status(case, actor=None, status=CaseStatus.CLOSED)
            closed = min(answered + datetime.timedelta(days=self.rng.randint(1, 6)), self.now)
            Case.objects.filter(pk=case.pk).update(closed_at=closed)

    def officer_for(self, case: Case):
        """The demo officer who may handle the case's unit (none for most units)."""
        for user in self.officers:
            if scope.has_perm(user, actions.CHANGE, case.unit_id):
                return user
        return None

    def answer(self, case: Case, text: str, at: datetime.datetime, author) -> Message:
        sent = SendStatus.SENT if actions.replied_on_channel(case) else SendStatus.NONE
        message = Message.objects.create(case=case, direction=Direction.OUT, body=text, author=author, created_at=at,
                                         send_status=sent)  # fmt: skip
        case.status, case.first_response_at = CaseStatus.ANSWERED, case.first_response_at or at
        case.save(update_fields=["status", "first_response_at"])
        return message

    # --- Overdue cases and the stoppage

    def escalate(self) -> None:
        """What the periodic job would have done: cases left unanswered past their deadline
        went to the union above, a quarter of an hour after it passed."""
        actions.escalate_overdue(self.now)
        for case in Case.objects.filter(escalated_at=self.now).only("pk", "due_at"):
            escalated = min(case.due_at + datetime.timedelta(minutes=15), self.now)
            Case.objects.filter(pk=case.pk).update(escalated_at=escalated)
            CaseRoute.objects.filter(case=case, at=self.now).update(at=escalated)

    def stoppage(self) -> Case:
        """This working day's 7:20 call: a collective work stoppage at the biggest company
        of the industrial parks (the day before when today is no working day)."""
        day = self.today if calendar.is_working_day(self.today) else calendar.add_working_days(self.today, -1)
        called = min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 20))), self.now)
        if self.now - called < datetime.timedelta(hours=6):  # early in the day: yesterday's, handled by now
            day = calendar.add_working_days(day, -1)
            called = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 20)))
        company = stoppage_union(self.units) or self.unions[0]
        employer = company.name.removeprefix("Công đoàn cơ sở ")
        message = intake.receive(intake.Inbound(
            intake=Intake.HOTLINE, external_id="demo-hotline-stoppage", text=STOPPAGE_TEXT.format(employer=employer),
            sent_at=called, name="Trần Văn Lực", phone="0912000999", employer=employer, unit_id=self.province.pk,
            consent=True,
        ))  # fmt: skip
        case = message.case
        if (case.topic, case.urgency) != (Topic.DISPUTE_STRIKE, Urgency.CRITICAL):
            actions.do_classify(case, actor=None, topic=Topic.DISPUTE_STRIKE, urgency=Urgency.CRITICAL)
        return case

    def take_over(self, stoppage: Case) -> None:
        """The parks' union got the stoppage when its union missed the 4 hours; the province
        took it over, noted what it does, answered the caller and keeps it in progress."""
        case = Case.objects.get(pk=stoppage.pk)
        escalated = case.escalated_at or case.due_at
        actions.do_assign(case, actor=None, unit=self.province)
        for minutes, text in zip((20, 40), STOPPAGE_NOTES, strict=True):
            note = actions.do_note(case, actor=None, text=text)
            Message.objects.filter(pk=note.pk).update(created_at=escalated + datetime.timedelta(minutes=minutes))
        officer = self.officer_for(case)
        self.answer(case, STOPPAGE_ANSWER, escalated + datetime.timedelta(minutes=45), officer)
        actions.do_set_status(case, actor=None, status=CaseStatus.IN_PROGRESS)
        Case.objects.filter(pk=case.pk).update(escalated_at=escalated, assignee=officer)
        CaseRoute.objects.filter(case=case, unit=self.province).update(at=escalated + datetime.timedelta(minutes=10))


# --- Helpers


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def fate_of(rng: random.Random, age: datetime.timedelta) -> str:
    for days, weights in FATES:
        if age < datetime.timedelta(days=days):
            return weighted(rng, weights)
    return "closed"


def texts_by_topic() -> dict[str, list[tuple[str, str]]]:
    """The training examples by topic, as (text, topic); critical ones left out (the
    stoppage is the demo's one emergency)."""
    found: dict[str, list[tuple[str, str]]] = {topic: [] for topic in TOPICS}
    with open(TRAIN_FILE, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("urgency") != Urgency.CRITICAL and row["topic"] in found:
                found[row["topic"]].append((row["text"], row["topic"]))
    return found


def workplace_unions(province: Unit, own: Unit | None) -> list[Unit]:
    """Open company unions of the province (the largest forty), the demo officer's union
    several times so `coso.demo` has cases of their own."""
    companies = Unit.objects.current().in_subtree(province.path).filter(kind=UnitKind.GRASSROOTS,
                                                                      name__contains="Công ty")  # fmt: skip
    unions = list(companies.order_by("-member_count", "code")[:40])
    if own is not None:
        unions += [own] * 6
    return unions


def stoppage_union(units: dict) -> Unit | None:
    park = units.get("vinh_long_park")
    if park is None:
        return None
    return (
        Unit.objects.current().filter(parent=park, kind=UnitKind.GRASSROOTS).order_by("-member_count", "code").first()
    )


def employer_as_typed(rng: random.Random, union_name: str) -> str:
    """The employer as a worker types it: in full, shortened ("cty"), or without marks."""
    name = union_name.removeprefix("Công đoàn cơ sở ")
    short = name.replace("Công ty TNHH", "cty").replace("Công ty Cổ phần", "cty CP").replace("Công ty", "cty")
    return rng.choice((name, name, short, fold(short)))


def channel_of(province: Unit, kind: str) -> Channel | None:
    return Channel.objects.filter(unit=province, kind=kind, active_to__isnull=True).order_by("pk").first()
