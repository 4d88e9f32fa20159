"""The Q&A knowledge base (`Answer`): ready answers for staff, and the portal's "Hỏi đáp".

Decisions:
- A case becomes an entry through `draft_from_case`: the worker's first messages (those
  before the union's first answer) as the question, the last answer that went out as the
  answer, both passed through `anonymise`. The draft is never public; staff read it, edit
  it, then publish it.
- `anonymise` removes what names the worker or their workplace: the contact's name, phone,
  Zalo, e-mail and platform id, the case's employer and workplace union (also their core
  name without "Công ty TNHH…"), e-mail addresses, phone numbers (0… or +84…, 9 to 11
  digits whatever the separators) and runs of 9 digits or more (ID cards, social insurance
  numbers). Names are matched without diacritics or case ("nguyen thi hoa" too). Money
  ("15.000.000 đồng") and dates stay: they are what makes an answer useful.
- Only an entry not made from a case, or made from a case whose worker agreed
  (`Case.publish_consent`), may be public; an erasure withdraws that agreement
  (`erase_answers_of` unpublishes and scrubs).
- Rights: `inbox.change_case` on the entry's unit to write or publish, `inbox.view_case`
  to read, checked on the roles that grant them (as for cases).
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as Choose
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.org import paths, scope
from lantoa.org.models import Unit
from lantoa.vi.search import searchable
from lantoa.vi.text import strip_marks

from .models import Answer, Case, Direction, SendStatus, Topic

CHANGE = "inbox.change_case"
VIEW = "inbox.view_case"
READY_LIMIT = 50
MIN_NAME_LENGTH = 3
MAX_QUESTION_MESSAGES = 5
# Words of a company's legal form: "Công ty TNHH May Sông Tiền" is also named "May Sông Tiền".
LEGAL_FORM_WORDS = {
    "cong", "ty", "cty", "tnhh", "co", "phan", "cp", "mtv", "thanh", "vien", "mot", "doan", "so", "nghiep",
    "doanh", "xi", "tap", "chi", "nhanh", "jsc", "ltd", "co.,", "ltd.", "viet", "nam",
}  # fmt: skip
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<![\w+.,])(?:\+?84|0)[\s.\-]?\d(?:[\s.\-]?\d){7,9}(?!\w)")
DIGIT_RUN = re.compile(r"(?<!\w)\d{9,}(?!\w)")
ZALO_ID = re.compile(r"(?i)(zalo\s*(?:id)?\s*[:=]?\s*)([\w.+-]*\d[\w.+-]*)")


def hidden_marker() -> str:
    """What stands for a removed detail, in the site's language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[hidden]")


# --- Anonymising


def _fold_chars(text: str) -> str:
    """The text lower case without diacritics, one character for one (so positions match)."""
    folded = []
    for char in text:
        plain = strip_marks(unicodedata.normalize("NFC", char)).casefold()
        folded.append(plain if len(plain) == 1 else char)
    return "".join(folded)


def _words_pattern(text: str) -> re.Pattern | None:
    """A pattern finding the words of `text` (folded) in a folded text, any spacing between."""
    words = _fold_chars(unicodedata.normalize("NFC", text)).split()
    if not words or len(" ".join(words)) < MIN_NAME_LENGTH:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def core_name(name: str) -> str:
    """An employer's name without its legal form: "Công ty TNHH May Sông Tiền" → "May Sông Tiền"
    (empty when fewer than two words are left: one word alone is too common to hide)."""
    kept = [word for word in name.split() if _fold_chars(word) not in LEGAL_FORM_WORDS]
    return " ".join(kept) if len(kept) >= 2 else ""


def _identifiers(contact, employers) -> list[str]:
    values = []
    if contact is not None:
        values += [contact.name, contact.phone, contact.zalo, contact.email]
        external = contact.external_id or ""
        if len(external) >= 6 and not external.startswith(("erased-", "form-", "staff-")):
            values.append(external)
    for employer in employers:
        values += [employer, core_name(employer or "")]
    found = {value.strip() for value in values if value and len(value.strip()) >= MIN_NAME_LENGTH}
    return sorted(found, key=len, reverse=True)


def _hide_spans(text: str, pattern: re.Pattern, marker: str) -> str:
    """Replace in `text` what `pattern` finds in its folded copy."""
    folded = _fold_chars(text)
    spans = [match.span() for match in pattern.finditer(folded)]
    for start, end in reversed(spans):
        text = text[:start] + marker + text[end:]
    return text


def anonymise(text: str, contact=None, employers=()) -> str:
    """`text` without the worker's name and ways to reach them, the employers named in
    `employers`, e-mail addresses, phone numbers and long digit runs (ID numbers)."""
    text = unicodedata.normalize("NFC", text or "")
    marker = hidden_marker()
    for value in _identifiers(contact, employers):
        pattern = _words_pattern(value)
        if pattern is not None:
            text = _hide_spans(text, pattern, marker)
    text = EMAIL.sub(marker, text)
    text = ZALO_ID.sub(lambda match: match.group(1) + marker, text)
    text = PHONE.sub(marker, text)
    return DIGIT_RUN.sub(marker, text)


def case_employers(case: Case) -> list[str]:
    names = [case.employer]
    if case.employer_unit_id:
        names.append(case.employer_unit.name)
    return [name for name in names if name]


# --- Rights


def require_change(actor, unit_id: int) -> None:
    scope.require_perm(actor, CHANGE, unit_id, _("questions and answers"))


def readable_answers(user) -> QuerySet[Answer]:
    """Entries of the units where a role of the user grants reading cases."""
    answers = Answer.objects.all()
    user_scope = scope.scope_for(user)
    if user_scope.everything:
        return answers
    return answers.filter(unit__in=Unit.objects.filter(user_scope.perm_q(VIEW)))


def may_be_public(answer: Answer) -> bool:
    """Not from a case, or from a case whose worker agreed to its publication."""
    if answer.case_id is None:
        return True
    return bool(Case.objects.filter(pk=answer.case_id, publish_consent=True).exists())


# --- Saving, publishing


def refresh_search_text(answer: Answer) -> str:
    """The folded question and answer, for the staff listing and the portal's search."""
    answer.search_text = searchable(answer.question, answer.answer)
    return answer.search_text


@transaction.atomic
def do_save_answer(entry: Answer, /, *, actor, **fields) -> Answer:
    """Save an entry (new or changed) with `fields` (unit, topic, question, answer)."""
    if entry.pk:
        require_change(actor, Answer.objects.filter(pk=entry.pk).values_list("unit_id", flat=True).first())
    for name, value in fields.items():
        setattr(entry, name, value)
    require_change(actor, entry.unit_id)
    entry.question, entry.answer = (entry.question or "").strip(), (entry.answer or "").strip()
    errors = {}
    if not entry.question:
        errors["question"] = _("Write the question.")
    if not entry.answer:
        errors["answer"] = _("Write the answer.")
    if entry.topic not in Topic.values:
        errors["topic"] = _("Choose a topic from the list.")
    if errors:
        raise ValidationError(errors)
    if entry.public and not may_be_public(entry):
        entry.public, entry.published_at = False, None
    if entry.created_by_id is None and actor is not None and entry.pk is None:
        entry.created_by = actor
    refresh_search_text(entry)
    entry.save()
    return entry


@transaction.atomic
def do_publish(answer: Answer, *, actor) -> Answer:
    """Show the entry on the portal's "Hỏi đáp"; refused for a case's entry without the
    worker's consent."""
    require_change(actor, answer.unit_id)
    if not may_be_public(answer):
        raise ValidationError(_("The worker did not agree that their question be published: it stays internal."))
    answer.public, answer.published_at = True, timezone.now()
    answer.save(update_fields=["public", "published_at", "updated_at"])
    return answer


@transaction.atomic
def do_unpublish(answer: Answer, *, actor) -> Answer:
    require_change(actor, answer.unit_id)
    answer.public = False
    answer.save(update_fields=["public", "updated_at"])
    return answer


# --- From a case


def question_of(case: Case) -> str:
    """The worker's messages before the union's first answer (a few at most)."""
    messages = case.messages.filter(direction__in=[Direction.IN, Direction.OUT]).order_by("created_at", "pk")
    texts = []
    for direction, body in messages.values_list("direction", "body")[:50]:
        if direction == Direction.OUT:
            if texts:
                break
            continue
        texts.append(body.strip())
        if len(texts) >= MAX_QUESTION_MESSAGES:
            break
    return "\n\n".join(text for text in texts if text)


def last_answer_of(case: Case) -> str:
    last = (
        case.messages.filter(direction=Direction.OUT)
        .exclude(send_status=SendStatus.FAILED)
        .order_by("-created_at", "-pk")
        .first()
    )
    return last.body if last else ""


def draft_from_case(case: Case, *, actor, save: bool = True) -> Answer:
    """An internal entry from an answered case, its texts anonymised; saved unless `save`
    is False. Refused when the case has no answer yet."""
    require_change(actor, case.unit_id)
    contact, employers = case.contact, case_employers(case)
    question = anonymise(question_of(case), contact, employers)
    text = anonymise(last_answer_of(case), contact, employers)
    if not text:
        raise ValidationError(_("The case has no answer yet: answer it first."))
    answer = Answer(unit_id=case.unit_id, topic=case.topic, case=case, public=False, created_by=actor,
                    question=question or text, answer=text)  # fmt: skip
    if not save:
        refresh_search_text(answer)
        return answer
    return do_save_answer(answer, actor=actor)


# --- Ready answers


def ready_answers_for(case: Case) -> list[Answer]:
    """Entries of the case's unit and the unions above it: the case's topic first, then the
    most recently changed; READY_LIMIT at most."""
    unit_path = Unit.objects.filter(pk=case.unit_id).values_list("path", flat=True).first() or ""
    unit_ids = paths.ancestor_ids(unit_path) if unit_path else [case.unit_id]
    same_topic = Choose(When(topic=case.topic, then=Value(0)), default=Value(1), output_field=IntegerField())
    answers = (
        Answer.objects.filter(unit_id__in=unit_ids)
        .exclude(answer="")
        .annotate(topic_rank=same_topic)
        .order_by("topic_rank", "-updated_at", "-pk")
    )
    return list(answers[:READY_LIMIT])


# --- The portal


def public_answers(unit: Unit | None = None) -> QuerySet[Answer]:
    """Public entries, newest first; with `unit`, only those of its subtree."""
    answers = Answer.objects.filter(public=True)
    if unit is not None:
        low, high = paths.subtree_bounds(unit.path)
        answers = answers.filter(unit__path__gte=low, unit__path__lt=high)
    return answers.order_by("-published_at", "-pk")


# --- Erasure


def erase_answers_of(cases, scrub) -> int:
    """Entries made from the erased worker's `cases`: no longer public (the worker's consent
    goes with their data), their texts without the worker's identifiers (`scrub`, the
    erasure's replacement), the cases' employers, e-mails and phone numbers. Call it before
    the cases' employer is blanked. Returns how many entries changed."""
    cases = list(cases.select_related("contact", "employer_unit")) if isinstance(cases, QuerySet) else list(cases)
    if not cases:
        return 0
    employers = {case.pk: case_employers(case) for case in cases}
    changed = 0
    for answer in Answer.objects.filter(case__in=[case.pk for case in cases]).select_related("case"):
        clean = {
            name: anonymise(scrub(getattr(answer, name)), None, employers.get(answer.case_id, ()))
            for name in ("question", "answer")
        }
        answer.question, answer.answer = clean["question"], clean["answer"]
        answer.public = False
        refresh_search_text(answer)
        answer.save(update_fields=["question", "answer", "public", "search_text", "updated_at"])
        changed += 1
    return changed
