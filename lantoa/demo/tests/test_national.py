"""The national-scale generator: a consistent tree, quickly, and only once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from lantoa.channels.models import Channel
from lantoa.demo import national
from lantoa.org import paths, scope
from lantoa.org.models import Role, Unit, UnitKind, UnitState

pytestmark = pytest.mark.django_db


def test_generate_national_builds_a_consistent_tree():
    call_command("generate_national", units=2000, stdout=io.StringIO())

    assert Unit.objects.count() == 2000
    assert Unit.objects.filter(kind=UnitKind.CONFEDERATION).count() == 1
    assert Unit.objects.filter(kind=UnitKind.PROVINCIAL).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).exists()
    assert Unit.objects.filter(kind=UnitKind.INDUSTRIAL_PARK).count() == 34
    assert Unit.objects.filter(kind=UnitKind.GRASSROOTS).count() > 1000

    # Exactly one open period per unit, with the unit's own path and depth.
    open_states = UnitState.objects.filter(valid_to__isnull=True)
    assert open_states.count() == 2000
    assert not open_states.values("unit").annotate(n=Count("id")).filter(n__gt=1).exists()
    units = {u.pk: u for u in Unit.objects.all()}
    for state in open_states:
        unit = units[state.unit_id]
        assert (state.path, state.depth, state.parent_id, state.name) == (
            unit.path,
            unit.depth,
            unit.parent_id,
            unit.name,
        )
        assert state.member_count == unit.member_count

    # Paths agree with parents.
    for unit in units.values():
        assert unit.path.endswith(paths.segment(unit.pk))
        assert unit.depth == paths.depth_of(unit.path)
        if unit.parent_id is None:
            assert unit.depth == 0
        else:
            parent = units[unit.parent_id]
            assert unit.path.startswith(parent.path)
            assert unit.depth == parent.depth + 1
        assert unit.female_member_count <= unit.member_count <= unit.worker_count

    assert len({u.code for u in units.values()}) == 2000
    assert Channel.objects.filter(kind="zalo_group", address__startswith="https://zalo.me/g/").exists()
    assert Channel.objects.values("unit").distinct().count() > 100

    # The provincial editor sees exactly their province's subtree.
    user = get_user_model().objects.get(username=national.PROVINCIAL_USERNAME)
    province = Role.objects.get(user=user).unit
    assert province.kind == UnitKind.PROVINCIAL
    visible = set(scope.visible_units(user).values_list("pk", flat=True))
    assert visible == set(Unit.objects.in_subtree(province.path).values_list("pk", flat=True))
    assert 34 < len(visible) < 2000

    # New rows after the bulk insert get fresh ids (sequences were moved past the inserted ones).
    extra = Unit.objects.create(code="X1", kind=UnitKind.GRASSROOTS, name="X", valid_from=national.VALID_FROM)
    assert extra.pk > 2000
    extra.delete()

    with pytest.raises(CommandError):
        call_command("generate_national", units=2000, stdout=io.StringIO())


def test_generate_national_refuses_too_few_units():
    with pytest.raises(CommandError):
        call_command("generate_national", units=10, stdout=io.StringIO())
    assert not Unit.objects.exists()
