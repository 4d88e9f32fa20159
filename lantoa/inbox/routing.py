"""Which union handles a case, and who hears of a critical one at once.

The workplace union matched from the employer the worker named handles it; the worker
may send it to the union above instead (fear of retaliation), and then the workplace
union never sees it. Without a match: the union the worker chose on the form, else the
union owning the channel it came through, else the top of the tree.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from lantoa.org.models import RoleKind, Unit


def route(*, topic: str, urgency: str, employer_unit: Unit | None, chosen_unit_id: int | None,
          channel_id: int | None, to_upper_level: bool) -> Unit:  # fmt: skip
    from .intake import channel_unit_id

    unit = employer_unit
    if unit is None and chosen_unit_id:
        unit = Unit.objects.filter(pk=chosen_unit_id).first()
    if unit is None and channel_id:
        unit = Unit.objects.filter(pk=channel_unit_id(channel_id)).first()
    if unit is None:
        unit = Unit.objects.current().order_by("depth", "path").first()
    if to_upper_level and unit.parent_id:
        unit = unit.parent
    return unit


def propaganda_heads(unit: Unit) -> set[int]:
    """Heads of the propaganda board ("Ban Tuyên giáo") of the federations above `unit`."""
    from lantoa.org import paths
    from lantoa.org.models import Role, UnitKind

    boards = Unit.objects.current().filter(
        kind=UnitKind.BOARD, parent_id__in=paths.ancestor_ids(unit.path), search_text__contains="tuyen giao"
    )
    roles = Role.objects.filter(kind=RoleKind.BOARD_HEAD, unit__in=boards, user__is_active=True)
    return set(roles.values_list("user_id", flat=True))


def alert_critical(case) -> int:
    """A critical case (a stoppage, an accident) reaches at once the propaganda board's
    head and the spokesperson nearest above its unit (R13), in the app and outside it."""
    from lantoa.org.approval import nearest_holders
    from lantoa.workspace.actions import do_notify

    people = nearest_holders(case.unit_id, RoleKind.SPOKESPERSON) | propaganda_heads(case.unit)
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Critical case %(code)s at %(unit)s: %(subject)s") % {
            "code": case.code, "unit": case.unit.name, "subject": case.subject,
        }  # fmt: skip
    return do_notify(people, kind="inbox.critical", message=message, unit_id=case.unit_id, email=True)
