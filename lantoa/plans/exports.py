"""A plan as its official document, and its progress report as a document and a workbook.

    plan_document(plan)            # the plan in the Decree 30/2020 layout (an OfficialDocument)
    report_document(plan, day)     # "BÁO CÁO Kết quả thực hiện Kế hoạch số 196/KH-LĐLĐ ..."
    report_workbook(plan, day)     # .xlsx bytes: sheets "Chỉ tiêu", "Chiến dịch", "Đơn vị"

Every figure of the report comes from `progress.plan_progress` (and its drill-down
`progress.child_progress`), the numbers the dashboard shows. Nothing here writes.

The Vietnamese text written here is the content of official documents and of the report's
file format: the parts of a union plan (I. MỤC TIÊU VÀ CHỈ TIÊU … IV. TỔ CHỨC THỰC HIỆN, as in
plan 196/KH-LĐLĐ), the report's wording and the column headers. Like `lantoa.reports.official`
and `lantoa.channels.xlsx`, it stays Vietnamese whatever the interface language and is not in
the translation catalog. Labels of statuses, campaign states and indicators come from the
catalog, rendered in Vietnamese.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lantoa.org.models import Unit, UnitState
from lantoa.reports.downloads import cell_value, text_cells_as_strings
from lantoa.reports.official import OfficialDocument, Section, Signature, Table
from lantoa.reports.queries import proposed_signer, reporting_unit, succession_date
from lantoa.vi import formats

from . import indicators, progress
from .actions import suggest_number
from .models import CampaignState, DocumentType, Plan, PlanSection, SectionKind

LANGUAGE = "vi"
DEFAULT_ARCHIVE = "VT"

# Decree 30/2020, Phụ lục III: the names of the document types.
DOCUMENT_TYPE_NAMES = {
    DocumentType.PLAN: "Kế hoạch",
    DocumentType.PROGRAMME: "Chương trình",
    DocumentType.DECISION: "Quyết định",
    DocumentType.REPORT: "Báo cáo",
    DocumentType.NOTICE: "Thông báo",
    DocumentType.RESOLUTION: "Nghị quyết",
}

# The four parts of a union communication plan and the section kinds each holds (plan 196/KH-LĐLĐ).
PLAN_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Mục tiêu và chỉ tiêu", (SectionKind.OBJECTIVES, SectionKind.TARGETS)),
    ("Đối tượng và kênh truyền thông", (SectionKind.AUDIENCES, SectionKind.CHANNELS, SectionKind.PRINCIPLES)),
    ("Nội dung và lộ trình truyền thông", (SectionKind.CONTENT, SectionKind.ROADMAP)),
    ("Tổ chức thực hiện", (SectionKind.RESPONSIBILITIES,)),
)
TARGETS_HEADING = "Chỉ tiêu:"
KEY_MESSAGES_HEADING = "Thông điệp truyền thông:"
THEMES_HEADING = "Chủ đề các chiến dịch truyền thông:"
THEMES_LEAD = "Tùy từng thời điểm, Ban Thường vụ chọn chủ đề phù hợp để xây dựng kế hoạch triển khai thực hiện:"

BULLETS = ("- ", "+ ", "* ")
NO_VALUE = "—"


class UnregisteredNumber(int):
    """A document number not yet taken from the register: prints as "…" in "Số: …/BC-LĐLĐ".

    Its integer value is the register's next number, a suggestion for the clerk; nothing is
    reserved. (``OfficialDocument.number`` is an int; a ``None`` number there would say this
    more plainly.)"""

    def __format__(self, spec: str) -> str:
        return "…"


# --------------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; a line starting with "- " (or "+ ", "* ") is a bullet
    of its own, other lines continue the paragraph or bullet above them."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        current: list[str] = []
        for line in (line.strip() for line in block.splitlines()):
            if not line:
                continue
            if line.startswith(BULLETS) and current:
                found.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            found.append(" ".join(current))
    return found


def figure(value: float | Decimal | None, measure: str) -> str:
    """A value as the report writes it: "25%", "1.200", "1.500.000 đ", "—" when there is none."""
    if value is None:
        return NO_VALUE
    decimals = 0 if float(value).is_integer() else 1
    if measure == "money":
        return formats.money(value)
    text = formats.number(value, decimals)
    return f"{text}%" if measure == "percent" else text


def share_text(item: progress.TargetProgress) -> str:
    """The value, with the counts behind a share: "25% (1/4)"."""
    text = figure(item.value, item.kind.measure)
    if item.value is not None and item.numerator is not None and item.denominator is not None:
        text += f" ({formats.number(item.numerator)}/{formats.number(item.denominator)})"
    return text


def period_text(start: datetime.date, end: datetime.date) -> str:
    return f"{formats.date(start)} – {formats.date(end)}"


def plan_reference_text(plan: Plan) -> str:
    """ "Kế hoạch số 196/KH-LĐLĐ ngày 05/10/2020" (a draft without number: "Kế hoạch “title”")."""
    name = DOCUMENT_TYPE_NAMES.get(plan.doc_type, DOCUMENT_TYPE_NAMES[DocumentType.PLAN])
    if plan.number:
        return f"{name} số {plan.reference} ngày {formats.date(plan.issued_on)}"
    return f"{name} “{plan.title}”"


def report_symbol(plan: Plan) -> str:
    """The report's symbol: the plan's with its document type replaced, "KH-LĐLĐ" → "BC-LĐLĐ"."""
    _type, dash, body = plan.symbol.partition("-")
    return f"{DocumentType.REPORT}-{body if dash else plan.symbol}"


def parent_body(plan: Plan) -> str:
    if plan.parent_unit_name:
        return plan.parent_unit_name
    parent = plan.issuing_unit.parent
    return parent.name if parent else ""


def recipients(plan: Plan) -> list[str]:
    return [line.strip() for line in plan.recipients.splitlines() if line.strip()]


def signature(plan: Plan) -> Signature:
    return Signature(plan.signer_capacity, plan.signer_title, plan.signer_name)


# --------------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------------


def plan_document(plan: Plan) -> OfficialDocument:
    """The plan as issued: header, "KẾ HOẠCH" and title, basis, the four parts, recipients, signature."""
    with translation.override(LANGUAGE):
        number = plan.number or UnregisteredNumber(
            suggest_number(plan.issuing_unit_id, plan.doc_type, plan.issued_on.year)
        )
        return OfficialDocument(
            parent_body=parent_body(plan),
            issuing_body=plan.issuing_unit.name,
            number=number,
            symbol=plan.symbol,
            place=plan.place,
            date=plan.issued_on,
            doc_type=DOCUMENT_TYPE_NAMES.get(plan.doc_type, plan.doc_type),
            title=plan.title,
            introduction=paragraphs(plan.basis),
            sections=plan_parts(plan),
            closing=f"Trên đây là {DOCUMENT_TYPE_NAMES.get(plan.doc_type, '').lower()} {plan.title} "
            f"của {plan.issuing_unit.name}./.",
            recipients=recipients(plan),
            archive=plan.archive or DEFAULT_ARCHIVE,
            signature=signature(plan),
        )


def plan_parts(plan: Plan) -> list[Section]:
    """The non-empty parts, in order, each with its sections and the plan's structured lists."""
    sections = list(plan.sections.all())  # modelcluster: unsaved children too, in their order
    parts = []
    for heading, kinds in PLAN_PARTS:
        subsections = _part_subsections(plan, [s for s in sections if s.kind in kinds], kinds)
        if subsections:
            parts.append(Section(heading, subsections=subsections))
    return parts


# A heading typed with its part, as copied from a plan: "I. MỤC TIÊU VÀ CHỈ TIÊU – 1. Mục tiêu chung".
_PART_PREFIX = re.compile(r"^\s*[IVXLCDM]+\.\s+.+?\s+[–—-]\s+(?=\d+(?:\.\d+)*\.\s)")
# A number typed before a heading: "II. ", "2. ", "1.2. ".
_NUMBER_PREFIX = re.compile(r"^\s*(?:[IVXLCDM]+|\d+(?:\.\d+)*)\.\s+")


def unnumbered(heading: str) -> str:
    """The heading without the numbers typed into it: the document numbers its parts and sections
    itself, so "I. MỤC TIÊU VÀ CHỈ TIÊU – 1. Mục tiêu chung" is "Mục tiêu chung", never "1. I. …"."""
    return _NUMBER_PREFIX.sub("", _PART_PREFIX.sub("", heading), count=1).strip() or heading.strip()


def _part_subsections(plan: Plan, sections: list[PlanSection], kinds: tuple[str, ...]) -> list[Section]:
    """A part's own sections; the targets go under the last "targets" section (or a "Chỉ tiêu:" of
    their own), key messages and themes after the content, responsibilities at the end of part IV."""
    subsections = [Section(unnumbered(s.heading), paragraphs(s.body)) for s in sections]
    if SectionKind.TARGETS in kinds:
        subsections = _with_targets(plan, sections, subsections)
    if SectionKind.CONTENT in kinds:
        subsections += _message_and_theme_sections(plan)
    if SectionKind.RESPONSIBILITIES in kinds:
        subsections += [Section(unnumbered(r.heading), paragraphs(r.duties)) for r in plan.responsibilities.all()]
    return subsections


def _with_targets(plan: Plan, sections: list[PlanSection], subsections: list[Section]) -> list[Section]:
    lines = [_target_line(target) for target in plan.targets.all()]
    if not lines:
        return subsections
    own = [index for index, section in enumerate(sections) if section.kind == SectionKind.TARGETS]
    if not own:
        return [*subsections, Section(TARGETS_HEADING, lines)]
    last = subsections[own[-1]]
    subsections[own[-1]] = Section(last.heading, [*last.paragraphs, *lines])
    return subsections


def _target_line(target) -> str:
    kind = indicators.REGISTRY.get(target.indicator)
    value = figure(target.target_value, kind.measure if kind else "count")
    return f"- {target.title}: {value}, thời hạn {formats.date(target.deadline)}."


def _message_and_theme_sections(plan: Plan) -> list[Section]:
    messages = [_message_line(message) for message in plan.key_messages.all()]
    themes = [f"- {theme.title}" for theme in plan.themes.all()]
    found = [Section(KEY_MESSAGES_HEADING, messages)] if messages else []
    return found + ([Section(THEMES_HEADING, [THEMES_LEAD, *themes])] if themes else [])


def _message_line(message) -> str:
    if message.valid_from and message.valid_to:
        return f"- “{message.text}” (từ {formats.date(message.valid_from)} đến {formats.date(message.valid_to)})."
    if message.valid_from:
        return f"- “{message.text}” (từ {formats.date(message.valid_from)})."
    if message.valid_to:
        return f"- “{message.text}” (đến {formats.date(message.valid_to)})."
    return f"- “{message.text}”."


# --------------------------------------------------------------------------------------------------
# The progress report
# --------------------------------------------------------------------------------------------------


TARGET_COLUMNS = ("STT", "Chỉ tiêu", "Chỉ số", "Kết quả", "Mục tiêu", "Thời hạn", "Đánh giá")
# Column widths in mm, 165 in all (the text's width): the target's and the campaign's names get the
# room, so "Nhóm truyền thông trên mạng xã hội ở LĐLĐ huyện" reads in two or three lines, not ten.
TARGET_WIDTHS_MM = (10, 55, 27, 22, 17, 17, 17)
# Seven columns fit the portrait page with amounts on one line ("20.000.000" is 19 mm at 12 pt);
# the theme and the cost per person are in the workbook.
CAMPAIGN_COLUMNS = (
    "STT", "Chiến dịch", "Trạng thái", "Thời gian", "Dự toán (đ)", "Thực chi (đ)", "Số người được tiếp cận",
)  # fmt: skip
CAMPAIGN_WIDTHS_MM = (9, 42, 20, 24, 23, 23, 24)


@dataclass(frozen=True)
class Disbursement:
    """The report's one figure of money spent against money planned, and what it covers."""

    estimate: Decimal
    spent: Decimal
    covers: str

    @property
    def share(self) -> float | None:
        return round(100 * float(self.spent) / float(self.estimate), 1) if self.estimate else None


BUDGET_INDICATOR = "budget_spent"


def disbursement(result: progress.PlanProgress) -> Disbursement:
    """The plan's own disbursement target when it has one (the figure Bảng 1 shows), otherwise the
    plan's budget as of the day (`PlanProgress.budget`): one figure, never two that disagree."""
    for item in result.targets:
        if item.target.indicator == BUDGET_INDICATOR and item.denominator is not None:
            return Disbursement(
                Decimal(item.denominator), Decimal(item.numerator or 0), f"theo chỉ tiêu “{item.target.title}”"
            )
    budget = result.budget or {}
    return Disbursement(
        budget.get("estimate", Decimal(0)),
        budget.get("actual", Decimal(0)),
        "các chiến dịch đã được phê duyệt của kế hoạch",
    )


@dataclass(frozen=True)
class Issuer:
    """Who issues the report: the unit that holds the plan on the report's date, its seat and signer."""

    unit: Unit
    parent_body: str
    place: str
    signature: Signature
    succeeded_on: datetime.date | None  # when the plan's own unit merged into `unit`; None: the same unit


def report_issuer(
    plan: Plan, on: datetime.date, *, signature: Signature | None = None, place: str | None = None
) -> Issuer:
    """The unit holding `plan` on `on` (Bến Tre's plan is Vĩnh Long's after their merger in 2025).
    Signer and place default to the unit's last signed document's (`proposed_signer`)."""
    unit = reporting_unit(plan.issuing_unit, on=on)
    if signature is None or place is None:
        proposal = proposed_signer(unit)
        signature = signature or Signature(proposal.authority, proposal.position, proposal.name)
        place = place or proposal.place or (plan.place if unit.pk == plan.issuing_unit_id else "")
    same = unit.pk == plan.issuing_unit_id
    return Issuer(
        unit=unit,
        parent_body=parent_body(plan) if same else (unit.parent.name if unit.parent else ""),
        place=place,
        signature=signature,
        succeeded_on=None if same else succession_date(plan.issuing_unit, unit),
    )


def report_document(
    plan: Plan,
    day: datetime.date | None = None,
    *,
    on: datetime.date | None = None,
    signature: Signature | None = None,
    place: str | None = None,
    viewer=None,
) -> OfficialDocument:
    """The progress report on `plan` as of `day` (default: the dashboard's day), dated `on` (today),
    issued by the unit that holds the plan on `on` and signed by `signature` (default: the signer
    of that unit's last signed document). With `viewer`, the campaigns listed are those the
    viewer sees (`progress.plan_progress`); targets and the budget stay plan-wide.

    Numbered as a report of the issuing unit, "Số: …/BC-LĐLĐ": the number is the register's next
    one only as a suggestion (see `UnregisteredNumber`); nothing is registered."""
    on = on or timezone.localdate()
    with translation.override(LANGUAGE):
        result = progress.plan_progress(plan, day, viewer=viewer)
        campaigns = result.campaign_rows
        issuer = report_issuer(plan, on, signature=signature, place=place)
        reporter = issuer.unit.name
        as_of = formats.date(result.day)
        cited = f"{plan_reference_text(plan)} của {plan.issuing_unit.name} về “{plan.title}”"
        same = issuer.succeeded_on is None
        return OfficialDocument(
            parent_body=issuer.parent_body,
            issuing_body=reporter,
            number=UnregisteredNumber(suggest_number(issuer.unit.pk, DocumentType.REPORT, on.year)),
            symbol=report_symbol(plan),
            place=issuer.place,
            date=on,
            doc_type=DOCUMENT_TYPE_NAMES[DocumentType.REPORT],
            title=f"Kết quả thực hiện {plan_reference_text(plan)}"
            + ("" if same else f" của {plan.issuing_unit.name}")
            + f" về “{plan.title}” tính đến ngày {as_of}",
            introduction=[*_succession_paragraphs(plan, issuer), _report_lead(cited, reporter, as_of)],
            sections=report_sections(result),
            tables=[targets_table(result), campaigns_table(campaigns)],
            closing=f"Trên đây là báo cáo kết quả thực hiện {plan_reference_text(plan)} "
            f"tính đến ngày {as_of} của {reporter}./.",
            recipients=recipients(plan),
            archive=(plan.archive or DEFAULT_ARCHIVE) if same else DEFAULT_ARCHIVE,
            signature=issuer.signature,
        )


def _report_lead(cited: str, reporter: str, as_of: str) -> str:
    return f"Thực hiện {cited}, {reporter} báo cáo kết quả thực hiện tính đến ngày {as_of} như sau:"


def _succession_paragraphs(plan: Plan, issuer: Issuer) -> list[str]:
    if issuer.succeeded_on is None:
        return []
    return [
        f"Từ ngày {formats.date(issuer.succeeded_on)}, {plan.issuing_unit.name} hợp nhất vào {issuer.unit.name}; "
        f"{issuer.unit.name} tiếp tục tổ chức thực hiện và báo cáo kế hoạch này."
    ]


def report_sections(result: progress.PlanProgress) -> list[Section]:
    return [
        Section("Kết quả thực hiện các chỉ tiêu", _target_paragraphs(result.targets)),
        Section("Các chiến dịch truyền thông", _campaign_paragraphs(result.campaign_rows)),
        Section("Kinh phí", _budget_paragraphs(disbursement(result))),
    ]


def _target_paragraphs(targets: Sequence[progress.TargetProgress]) -> list[str]:
    if not targets:
        return ["Kế hoạch chưa có chỉ tiêu được theo dõi."]
    counts = _count_by(item.status for item in targets)
    by_status = "; ".join(
        f"{progress.Status.LABELS[status]}: {formats.number(count)}" for status, count in counts.items()
    )
    lines = [f"Tổng số chỉ tiêu: {formats.number(len(targets))} ({by_status})."]
    for item in targets:
        goal = figure(item.target_value, item.kind.measure)
        lines.append(f"- {item.target.title}: kết quả {share_text(item)}, chỉ tiêu {goal} ({item.status_label}).")
    return lines


def _campaign_paragraphs(campaigns: Sequence[progress.CampaignFigures]) -> list[str]:
    if not campaigns:
        return ["Chưa có chiến dịch truyền thông."]
    counts = _count_by(row.state for row in campaigns)
    by_state = "; ".join(f"{CampaignState(state).label}: {formats.number(n)}" for state, n in counts.items())
    reached = sum(row.people_reached or 0 for row in campaigns)
    return [
        f"Tổng số chiến dịch: {formats.number(len(campaigns))} ({by_state}).",
        f"Số người được tiếp cận: {formats.number(reached)}.",
    ]


def _budget_paragraphs(money: Disbursement) -> list[str]:
    line = f"Kinh phí {money.covers}: dự toán {formats.money(money.estimate)}; thực chi {formats.money(money.spent)}"
    if money.share is not None:
        line += f" ({figure(money.share, 'percent')} dự toán)"
    return [line + "."]


def _count_by(keys: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


def targets_table(result: progress.PlanProgress) -> Table:
    rows = [list(TARGET_COLUMNS)]
    for index, item in enumerate(result.targets, start=1):
        rows.append(
            [
                str(index),
                item.target.title,
                str(item.kind.label),
                share_text(item),
                figure(item.target_value, item.kind.measure),
                formats.date(item.target.deadline),
                str(item.status_label),
            ]
        )
    return Table(rows, caption="Bảng 1. Kết quả thực hiện các chỉ tiêu", widths_mm=TARGET_WIDTHS_MM)


def campaigns_table(campaigns: Sequence[progress.CampaignFigures]) -> Table:
    rows = [list(CAMPAIGN_COLUMNS)]
    for index, row in enumerate(campaigns, start=1):
        rows.append(
            [
                str(index),
                row.campaign.title,
                row.state_label,
                period_text(row.campaign.start_date, row.campaign.end_date),
                formats.number(row.estimate),
                formats.number(row.actual),
                formats.number(row.people_reached),
            ]
        )
    return Table(rows, caption="Bảng 2. Các chiến dịch truyền thông", widths_mm=CAMPAIGN_WIDTHS_MM)


# --------------------------------------------------------------------------------------------------
# The workbook
# --------------------------------------------------------------------------------------------------

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.0"%"'  # the value stays the dashboard's 25.0, shown as 25.0%

SHEET_TARGETS, SHEET_CAMPAIGNS, SHEET_UNITS = "Chỉ tiêu", "Chiến dịch", "Đơn vị"
WORKBOOK_TARGET_COLUMNS = (
    "STT", "Chỉ tiêu", "Chỉ số", "Giá trị", "Tử số", "Mẫu số", "Mục tiêu", "Thời hạn", "Đánh giá",
)  # fmt: skip
WORKBOOK_CAMPAIGN_COLUMNS = (
    "STT", "Chiến dịch", "Chủ đề", "Đơn vị tổ chức", "Trạng thái", "Bắt đầu", "Kết thúc",
    "Dự toán (đ)", "Thực chi (đ)", "Số người được tiếp cận", "Chi phí/người (đ)",
)  # fmt: skip
WORKBOOK_UNIT_COLUMNS = ("Chỉ tiêu", "Đơn vị", "Giá trị", "Tử số", "Mẫu số", "Mục tiêu", "Đánh giá")
FIRST_DATA_ROW = 5  # rows 1–2: the plan and the day; row 4: the column headers
TOTAL_LABEL = "Tổng cộng"


def report_workbook(plan: Plan, day: datetime.date | None = None, *, viewer=None) -> bytes:
    """The progress report as an .xlsx workbook: targets, campaigns and each target per child
    unit, as of `day`. With `viewer`, the campaigns and units are those the dashboard shows
    that user (a lower unit: its own subtree's and its upper units' campaigns, its own lines)."""
    with translation.override(LANGUAGE):
        result = progress.plan_progress(plan, day, viewer=viewer)
        workbook = Workbook()
        _targets_sheet(workbook.active, result)
        _campaigns_sheet(workbook.create_sheet(SHEET_CAMPAIGNS), result)
        _units_sheet(workbook.create_sheet(SHEET_UNITS), result, viewer)
        text_cells_as_strings(workbook)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def _append(sheet: Worksheet, values: Sequence) -> None:
    """The next row; stored text goes in as written, less the control characters XML refuses."""
    sheet.append([cell_value(value) for value in values])


def _value_format(measure: str) -> str:
    return PERCENT_FORMAT if measure == "percent" else MONEY_FORMAT if measure == "money" else COUNT_FORMAT


def _start_sheet(sheet: Worksheet, title: str, result: progress.PlanProgress, columns: Sequence[str]) -> None:
    """The plan and the as-of day on top, then the bold column headers, frozen under them."""
    sheet.title = title
    plan = result.plan
    _append(sheet, [DOCUMENT_TYPE_NAMES.get(plan.doc_type, ""), f"{plan.reference} – {plan.title}"])
    _append(sheet, ["Tính đến ngày", result.day])
    sheet["B2"].number_format = DATE_FORMAT
    sheet["B2"].alignment = Alignment(horizontal="left")
    _append(sheet, [])
    _append(sheet, list(columns))
    for cell in sheet[FIRST_DATA_ROW - 1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = sheet["A2"].font = Font(bold=True)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"  # a coordinate: sheet.cell() would move append() down


def _formats(sheet: Worksheet, row: int, formats_by_column: dict[int, str]) -> None:
    for column, number_format in formats_by_column.items():
        sheet.cell(row=row, column=column).number_format = number_format


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _targets_sheet(sheet: Worksheet, result: progress.PlanProgress) -> None:
    _start_sheet(sheet, SHEET_TARGETS, result, WORKBOOK_TARGET_COLUMNS)
    for index, item in enumerate(result.targets, start=1):
        target = item.target
        _append(
            sheet,
            [index, target.title, str(item.kind.label), item.value, item.numerator, item.denominator,
             item.target_value, target.deadline, str(item.status_label)],
        )  # fmt: skip
        value_format = _value_format(item.kind.measure)
        _formats(sheet, sheet.max_row, {4: value_format, 5: COUNT_FORMAT, 6: COUNT_FORMAT, 7: value_format})
        _formats(sheet, sheet.max_row, {8: DATE_FORMAT})
    _widths(sheet, (6, 50, 32, 12, 10, 10, 12, 12, 18))


def _campaigns_sheet(sheet: Worksheet, result: progress.PlanProgress) -> None:
    _start_sheet(sheet, SHEET_CAMPAIGNS, result, WORKBOOK_CAMPAIGN_COLUMNS)
    rows = result.campaign_rows
    for index, row in enumerate(rows, start=1):
        campaign = row.campaign
        _append(
            sheet,
            [index, campaign.title, campaign.theme.title if campaign.theme else "", campaign.unit.name,
             row.state_label, campaign.start_date, campaign.end_date, row.estimate, row.actual,
             row.people_reached, row.cost_per_reach],
        )  # fmt: skip
        _formats(sheet, sheet.max_row, {6: DATE_FORMAT, 7: DATE_FORMAT, 8: MONEY_FORMAT, 9: MONEY_FORMAT})
        _formats(sheet, sheet.max_row, {10: COUNT_FORMAT, 11: MONEY_FORMAT})
    estimate, actual = sum(row.estimate for row in rows), sum(row.actual for row in rows)
    _append(sheet, [None, TOTAL_LABEL, None, None, None, None, None, estimate, actual])
    _formats(sheet, sheet.max_row, {8: MONEY_FORMAT, 9: MONEY_FORMAT})
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _widths(sheet, (6, 40, 32, 32, 18, 12, 12, 14, 14, 14, 14))


def _units_sheet(sheet: Worksheet, result: progress.PlanProgress, viewer=None) -> None:
    """Each target over each unit below the viewer's line (the dashboard's drill-down: the
    measured unit's children, or a lower unit's own line and its children) that the target
    covers, worst first; figures entered by hand have no per-unit value and are left out."""
    from .queries import drill_units

    _start_sheet(sheet, SHEET_UNITS, result, WORKBOOK_UNIT_COLUMNS)
    targets = [item.target for item in result.targets]
    lines = drill_units(viewer, targets, result.day) if viewer else {t.pk: t.measured_unit_id for t in targets}
    for item in result.targets:
        line = lines.get(item.target.pk)
        if not item.kind.drills_down or line is None:
            continue
        _unit_rows(sheet, item, line, result)
    _widths(sheet, (50, 45, 12, 10, 10, 12, 18))


def _unit_rows(sheet: Worksheet, item: progress.TargetProgress, line: int, result: progress.PlanProgress) -> None:
    target = item.target
    rows = progress.child_progress(target, line, result.day, live=result.live)
    if line != target.measured_unit_id:
        rows.insert(0, (line, progress.target_progress(target, result.day, live=True, unit_id=line)))
    names = _unit_names([unit_id for unit_id, _row in rows], result.day)
    value_format = _value_format(item.kind.measure)
    for unit_id, row in rows:
        _append(
            sheet,
            [target.title, names.get(unit_id, ""), row.value, row.numerator, row.denominator,
             row.target_value, str(row.status_label)],
        )  # fmt: skip
        _formats(sheet, sheet.max_row, {3: value_format, 4: COUNT_FORMAT, 5: COUNT_FORMAT, 6: value_format})


def _unit_names(unit_ids: list[int], day: datetime.date) -> dict[int, str]:
    """The units' names as they were on `day`."""
    return dict(UnitState.objects.on(day).filter(unit_id__in=unit_ids).values_list("unit_id", "name"))
