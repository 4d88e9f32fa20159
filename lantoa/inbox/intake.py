"""From a delivery to a case: store the raw event first (idempotent), then, in the
background, find or make the contact, add the message to their open case or open one,
classify it, route it and set its deadline.

    raw, new = store_event(Intake.ZALO_OA, key="zalo:<msg_id>", payload=…, channel=oa)
    process_event(raw.pk)          # the worker's task (`tasks.process_raw_event`)

Every intake path builds an `Inbound` (what the worker said, who they are where they said
it, what they asked for) and calls `receive`; the model never holds intake up: a missing
or broken model leaves the topic "other" for staff to set.
"""

from __future__ import annotations

import datetime
import difflib
import logging
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantoa.org.models import Unit, UnitKind
from lantoa.vi.text import fold

from . import deadlines, notices, search
from .models import Case, CaseRoute, CaseStatus, Contact, Direction, Message, RawEvent, Urgency

log = logging.getLogger(__name__)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
REOPEN_WITHIN = datetime.timedelta(days=30)  # a new message reopens a closed case this recent
MAX_TEXT = 20_000
EMPLOYER_NOISE = {"cong", "ty", "tnhh", "co", "phan", "cp", "mtv", "thanh", "vien", "mot", "trach", "nhiem",
                  "huu", "han", "doanh", "nghiep", "chi", "nhanh", "viet", "nam", "vn", "cty"}  # fmt: skip
UNION_NOISE = EMPLOYER_NOISE | {"doan", "so"}  # "Công đoàn cơ sở …" before the employer's name


@dataclass(frozen=True)
class Inbound:
    """One message from a worker, whatever the path."""

    intake: str
    external_id: str  # the person's id on the platform (a fresh one per anonymous form)
    text: str
    sent_at: datetime.datetime
    channel_id: int | None = None
    message_id: str = ""
    name: str = ""
    phone: str = ""
    zalo: str = ""
    email: str = ""
    employer: str = ""
    unit_id: int | None = None  # the union the worker chose (the portal form), else the channel's
    to_upper_level: bool = False
    consent: bool = False
    publish_consent: bool = False
    attachments: tuple = field(default_factory=tuple)


def new_code(length: int = 10) -> str:
    """A tracking code: 10 letters and digits of 32 (50 bits), shown as LT-XXXXX-XXXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return f"LT-{raw[:5]}-{raw[5:]}"


def new_pseudonym() -> str:
    return "NLĐ-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


# --- Storing what arrived


def store_event(
    intake: str, *, key: str, payload: dict, channel=None, channel_id: int | None = None, error: str = ""
) -> tuple[RawEvent, bool]:
    """The delivery stored once by `key`; (the row, whether it is new). Safe under
    concurrent redeliveries: the unique key decides, the loser reads the winner's row.
    `channel_id` spares a caller that only holds the id a read of the channel. With an
    `error` the row is stored already processed: kept for staff to see, never given to the
    worker (whose own refusals read "invalid: …" the same way)."""
    now = timezone.now()
    owner = {"channel": channel} if channel is not None else {"channel_id": channel_id}
    try:
        with transaction.atomic():
            raw = RawEvent.objects.create(intake=intake, key=key[:200], payload=payload, received_at=now,
                                          error=error[:1000], processed_at=now if error else None, **owner)  # fmt: skip
    except IntegrityError:
        return RawEvent.objects.get(key=key[:200]), False
    return raw, True


# --- Contact, case, message


def contact_for(inbound: Inbound) -> Contact:
    contact, _new = Contact.objects.get_or_create(
        platform=inbound.intake, channel_id=inbound.channel_id, external_id=inbound.external_id[:200],
        defaults={"pseudonym": new_pseudonym()},
    )  # fmt: skip
    given = {"name": inbound.name, "phone": inbound.phone, "zalo": inbound.zalo, "email": inbound.email}
    changed = [name for name, value in given.items() if value and getattr(contact, name) != value[:200]]
    for name in changed:
        setattr(contact, name, given[name][:200])
    if inbound.consent and not contact.consent_at:
        contact.consent_at, changed = inbound.sent_at, [*changed, "consent_at"]
    if changed:
        contact.save(update_fields=changed)
    return contact


def open_case_of(contact: Contact, at: datetime.datetime) -> Case | None:
    """The contact's case a new message belongs to: one not closed, or one closed recently."""
    cases = Case.objects.filter(contact=contact).select_for_update().order_by("-opened_at", "-pk")
    case = cases.exclude(status=CaseStatus.CLOSED).first()
    if case is None:
        case = cases.filter(closed_at__gte=at - REOPEN_WITHIN).first()
    return case


@dataclass(frozen=True)
class Reading:
    """What opening a case needs that takes time and writes nothing: the model's topic and
    urgency, and the union of the employer the worker named."""

    prediction: Classified
    employer_unit: Unit | None


def prepare(inbound: Inbound) -> Reading:
    """The message's `Reading`, worked out before any write transaction (`events.process_event`)."""
    within = inbound.unit_id or channel_unit_id(inbound.channel_id)
    return Reading(classify(inbound.text[:MAX_TEXT]), match_employer(inbound.employer, within=within))


@transaction.atomic
def receive(inbound: Inbound, *, raw: RawEvent | None = None, reading: Reading | None = None) -> Message:
    """Add the worker's message to their case (reopened if answered or recently closed) or
    open a new one, classified, routed and with its deadline (`reading`: prepared before,
    else worked out here)."""
    contact = contact_for(inbound)
    text = inbound.text[:MAX_TEXT]
    case = open_case_of(contact, inbound.sent_at)
    new = case is None
    if new:
        case = open_case(contact, inbound, text, reading or prepare(inbound))
    else:
        reopen(case, inbound.sent_at)
    message = Message.objects.create(case=case, direction=Direction.IN, body=text, raw=raw,
                                     external_id=inbound.message_id[:200], created_at=inbound.sent_at)  # fmt: skip
    Case.objects.filter(pk=case.pk).update(last_inbound_at=inbound.sent_at)
    search.refresh_case(case.pk)  # what staff search the case by: the worker's words too
    if not new:
        notices.worker_wrote(case)
    elif case.assignee_id:
        notices.case_assigned(case, None)
    else:
        notices.case_arrived(case)
    return message


def open_case(contact: Contact, inbound: Inbound, text: str, reading: Reading) -> Case:
    from . import routing

    prediction, employer_unit = reading.prediction, reading.employer_unit
    # The base routing, then the unions' rules (routing.apply_rules): the unit, maybe a person.
    routed = routing.route_case(
        topic=prediction.topic, urgency=prediction.urgency, employer_unit=employer_unit,
        chosen_unit_id=inbound.unit_id, channel_id=inbound.channel_id, to_upper_level=inbound.to_upper_level,
    )  # fmt: skip
    unit = routed.unit
    status = CaseStatus.ASSIGNED if routed.assignee is not None else CaseStatus.NEW
    case = Case.objects.create(
        code=unique_code(), contact=contact, intake=inbound.intake, channel_id=inbound.channel_id, unit=unit,
        assignee=routed.assignee, status=status,
        employer=inbound.employer[:255], employer_unit=employer_unit, to_upper_level=inbound.to_upper_level,
        subject=subject_of(text), topic=prediction.topic, urgency=prediction.urgency,
        classified_by=prediction.source, opened_at=inbound.sent_at, last_inbound_at=inbound.sent_at,
        due_at=deadlines.due_at(inbound.sent_at, prediction.urgency), publish_consent=inbound.publish_consent,
    )  # fmt: skip
    CaseRoute.objects.create(case=case, unit=unit, at=inbound.sent_at)
    if case.urgency == Urgency.CRITICAL:
        routing.alert_critical(case)
    return case


def reopen(case: Case, at: datetime.datetime) -> None:
    if case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED):
        case.status = CaseStatus.IN_PROGRESS if case.assignee_id else CaseStatus.NEW
        case.closed_at = None
        case.due_at = deadlines.due_at(at, case.urgency)
        case.save(update_fields=["status", "closed_at", "due_at"])


def unique_code() -> str:
    while True:
        code = new_code()
        if not Case.objects.filter(code=code).exists():
            return code


def subject_of(text: str) -> str:
    first = " ".join(text.split())
    return first if len(first) <= 120 else first[:119].rsplit(" ", 1)[0] + "…"


def channel_unit_id(channel_id: int | None) -> int | None:
    if channel_id is None:
        return None
    from lantoa.channels.models import Channel

    return Channel.objects.filter(pk=channel_id).values_list("unit_id", flat=True).first()


# --- Classification, never in the way


@dataclass(frozen=True)
class Classified:
    topic: str
    urgency: str
    source: str


def classify(text: str) -> Classified:
    from .classifier import active_classifier

    try:
        classifier = active_classifier()
        (prediction,) = classifier.predict([text])
    except Exception:  # noqa: BLE001 - intake never fails on the model: staff set the topic
        log.exception("inbox: classification failed; the case waits for staff")
        return Classified("other", Urgency.NORMAL, "")
    source = classifier.version + ("+rules" if prediction.by_rule else "")
    return Classified(prediction.topic, prediction.urgency, source[:40])


# --- The workplace union, by the employer's name


def employer_words(name: str, noise: frozenset | set = EMPLOYER_NOISE) -> list[str]:
    return [word for word in fold(name).replace(".", " ").replace(",", " ").split() if word not in noise]


def match_employer(employer: str, *, within: int | None) -> Unit | None:
    """The open grassroots union whose name best matches the employer the worker typed,
    with or without diacritics ("cty may song tien" finds "Công đoàn cơ sở Công ty May
    Sông Tiền"), under `within` when given; None below a close enough match. Two or more
    words that all appear in one union's name are a match ("Hàm Luông"); otherwise the
    names must be alike (difflib ratio ≥ 0.6)."""
    words = employer_words(employer)
    if not words:
        return None
    candidates = Unit.objects.current().filter(kind=UnitKind.GRASSROOTS)
    if within:
        root = Unit.objects.filter(pk=within).first()
        if root is not None and root.kind != UnitKind.GRASSROOTS:
            candidates = candidates.in_subtree(root.path)
    for word in sorted(words, key=len, reverse=True)[:2]:
        candidates = candidates.filter(search_text__contains=word)
    wanted = " ".join(words)
    best, best_score = None, (0.0, 0.0)
    for unit in candidates.only("pk", "name", "path", "kind")[:200]:
        names = employer_words(unit.name, UNION_NOISE)
        ratio = difflib.SequenceMatcher(None, wanted, " ".join(names)).ratio()
        covered = len(words) >= 2 and set(words) <= set(names)
        score = (max(ratio, 0.8) if covered else ratio, ratio)
        if score > best_score:
            best, best_score = unit, score
    return best if best_score[0] >= 0.6 else None
