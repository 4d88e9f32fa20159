"""A national-scale union tree for load tests and benchmarks.

One confederation, the 34 provincial federations of 2025, under each a few boards, one
union per commune or ward (real 2025 wards from vietnam-provinces) and an
industrial-park union, and grassroots unions filling the rest up to the asked total.

Rows are written with `bulk_create`, not through `lantoa.org.actions`: primary keys are
assigned here, before the insert, so every materialised path is known up front and each
batch goes to the database in one statement per table. The result is the same shape the
actions produce (each unit has one open `UnitState` with its path, depth, name and
counts). Counts live on grassroots units only; upper levels hold 0 of their own, so a
subtree's totals are the sum of its grassroots unions.
"""

from __future__ import annotations

import datetime
import random
import string
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from vietnam_provinces import Province, Ward

from lantoa.channels.models import Channel, ChannelKind, Purpose, bulk_create_channels
from lantoa.org import actions, paths
from lantoa.org.actions import STATE_FIELDS
from lantoa.org.models import RoleKind, Unit, UnitKind, UnitState
from lantoa.vi.text import normalize

VALID_FROM = datetime.date(2025, 7, 1)
COUNTED_ON = datetime.date(2025, 12, 31)
BATCH_SIZE = 5000

PROVINCIAL_USERNAME = "bench.tinh"
PROVINCIAL_PROVINCE_CODE = 1  # Hà Nội: one of the two largest provinces, a demanding case.

BOARDS = [
    ("Ban Tuyên giáo", "TG"),
    ("Ban Tổ chức", "TC"),
    ("Ban Chính sách – Pháp luật", "CS"),
    ("Văn phòng", "VP"),
]

# Provinces with many industrial parks carry more grassroots unions per ward.
INDUSTRIAL_WEIGHT = {79: 4.0, 1: 3.0, 75: 2.5, 24: 2.5, 31: 2.0, 33: 1.5, 80: 1.5, 19: 1.5, 25: 1.5, 22: 1.5, 48: 1.5}

FOREIGN_SYLLABLES = "Dae Jin Sung Hwa Tai Yuan Kyo Shin Hong Pou Mei Han Seo Fu".split()
VIET_WORDS = [
    "An Phát", "Thành Đạt", "Hưng Thịnh", "Phú Thịnh", "Minh Long", "Tân Tiến", "Hòa Bình", "Đại Dương", "Sao Mai",
    "Phương Nam", "Hồng Hà", "Trường Sơn", "Bình Minh", "Thăng Long", "Cửu Long", "Kim Ngân", "Việt Hưng", "Toàn Cầu",
]  # fmt: skip
# (sector, employer prefix, member median, female share range)
FDI_SECTORS = [
    ("Dệt may", "May mặc", 900, (0.7, 0.85)),
    ("Da giày", "Giày da", 2500, (0.7, 0.85)),
    ("Điện tử", "Điện tử", 1500, (0.55, 0.8)),
    ("Cơ khí", "Cơ khí chính xác", 400, (0.15, 0.35)),
    ("Chế biến gỗ", "Nội thất", 300, (0.3, 0.5)),
]
DOMESTIC_SECTORS = [
    ("Xây dựng", "Xây dựng", 60, (0.1, 0.25)),
    ("Thương mại", "Thương mại", 40, (0.4, 0.6)),
    ("Vận tải – Logistics", "Vận tải", 70, (0.15, 0.3)),
    ("Chế biến thực phẩm", "Thực phẩm", 150, (0.5, 0.7)),
    ("Dệt may", "May", 250, (0.7, 0.85)),
    ("Chế biến thủy sản", "Thủy sản", 300, (0.6, 0.8)),
]
PUBLIC_EMPLOYERS = [
    ("Giáo dục", "Trường Mầm non", 25, (0.9, 1.0)),
    ("Giáo dục", "Trường Tiểu học", 35, (0.75, 0.9)),
    ("Giáo dục", "Trường Trung học cơ sở", 40, (0.65, 0.8)),
    ("Y tế", "Trạm Y tế", 10, (0.6, 0.8)),
    ("Hành chính sự nghiệp", "Cơ quan Ủy ban nhân dân", 30, (0.35, 0.55)),
]


def province_label(province: Province) -> str:
    """'Thành phố Hà Nội' / 'tỉnh Cao Bằng', as used after 'Liên đoàn Lao động'."""
    return province.name if province.name.startswith("Thành phố") else f"tỉnh {province.name}"


def province_bare(province: Province) -> str:
    return province.name.removeprefix("Thành phố ")


def _apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` proportionally to `weights` (largest remainder), each share >= minimum."""
    shares = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    weight_sum = sum(weights)
    exact = [rest * w / weight_sum for w in weights]
    floors = [int(x) for x in exact]
    left = rest - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return [s + f for s, f in zip(shares, floors, strict=True)]


@dataclass
class Result:
    units: int = 0
    states: int = 0
    channels: int = 0
    seconds: float = 0.0
    by_kind: Counter = field(default_factory=Counter)


class NationalBuilder:
    def __init__(self, total: int, *, seed: int = 2025, batch_size: int = BATCH_SIZE):
        self.total = total
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.next_id = 1
        self.units: list[Unit] = []
        self.states: list[UnitState] = []
        self.channels: list[Channel] = []
        self.result = Result()

    # --- Sizing

    @staticmethod
    def minimum_units() -> int:
        provinces = len(list(Province.iter_all()))
        # confederation + per province (federation, boards, industrial park, >= 1 commune, >= 1 grassroots)
        return 1 + provinces * (1 + len(BOARDS) + 1 + 1 + 1)

    # --- Row builders

    def _add(self, *, kind: str, name: str, parent: Unit | None, code: str, **fields) -> Unit:
        pk = self.next_id
        self.next_id += 1
        path = paths.child_path(parent.path if parent else "", pk)
        depth = paths.depth_of(path)
        fields.setdefault("member_count", 0)
        fields.setdefault("worker_count", 0)
        fields.setdefault("female_member_count", 0)
        name = normalize(name)
        unit = Unit(
            pk=pk,
            code=code,
            kind=kind,
            name=name,
            parent_id=parent.pk if parent else None,
            path=path,
            depth=depth,
            valid_from=VALID_FROM,
            counted_on=COUNTED_ON if fields["member_count"] else None,
            **fields,
        )
        self.units.append(unit)
        self.states.append(
            UnitState(
                unit_id=pk,
                parent_id=unit.parent_id,
                path=path,
                depth=depth,
                valid_from=VALID_FROM,
                **{f: getattr(unit, f) for f in STATE_FIELDS},
                valid_to=None,
            )
        )
        self.result.by_kind[kind] += 1
        if len(self.units) >= self.batch_size:
            self.flush()
        return unit

    def _channel(self, unit: Unit, kind: str, name: str, address: str, audience: tuple[int, int] | None = None):
        rng = self.rng
        self.channels.append(
            Channel(
                unit_id=unit.pk,
                kind=kind,
                name=name,
                address=address,
                purpose=rng.choice([Purpose.BOTH, Purpose.BOTH, Purpose.DISSEMINATE, Purpose.FEEDBACK]),
                audience_count=rng.randint(*audience) if audience else None,
                audience_counted_on=COUNTED_ON if audience else None,
                verified=rng.random() < 0.6,
                active_from=VALID_FROM,
            )
        )

    def _token(self, length: int = 6) -> str:
        return "".join(self.rng.choices(string.ascii_lowercase + string.digits, k=length))

    def flush(self) -> None:
        """Write the pending rows: units first, then their states and channels."""
        for row in (*self.units, *self.channels):
            row.refresh_derived()  # collation keys and search text, which save() would fill
        if self.units:
            Unit.objects.bulk_create(self.units, batch_size=self.batch_size)
            UnitState.objects.bulk_create(self.states, batch_size=self.batch_size)
            self.result.units += len(self.units)
            self.result.states += len(self.states)
        if self.channels:
            bulk_create_channels(self.channels, batch_size=self.batch_size)  # with their dated events
            self.result.channels += len(self.channels)
        self.units, self.states, self.channels = [], [], []

    # --- The tree

    def build(self) -> Result:
        started = time.perf_counter()
        provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
        wards = {int(p.code): sorted(Ward.iter_by_province(p.code), key=lambda w: int(w.code)) for p in provinces}
        fixed = 1 + len(provinces) * (1 + len(BOARDS) + 1)
        all_wards = sum(len(w) for w in wards.values())
        commune_budget = min(all_wards, max(len(provinces), (self.total - fixed) // 4))
        ward_counts = [len(wards[int(p.code)]) for p in provinces]
        commune_counts = _apportion(commune_budget, ward_counts, minimum=1)
        # Rounding may give a province more communes than it has: hand the excess to others.
        excess = sum(max(0, c - n) for c, n in zip(commune_counts, ward_counts, strict=True))
        commune_counts = [min(c, n) for c, n in zip(commune_counts, ward_counts, strict=True)]
        for i in range(len(commune_counts)):
            room = min(excess, ward_counts[i] - commune_counts[i])
            commune_counts[i] += room
            excess -= room
        grassroots_total = self.total - fixed - commune_budget
        grassroots_counts = _apportion(
            grassroots_total,
            [len(wards[int(p.code)]) * INDUSTRIAL_WEIGHT.get(int(p.code), 1.0) for p in provinces],
            minimum=1,
        )

        tld = self._add(
            kind=UnitKind.CONFEDERATION,
            name="Tổng Liên đoàn Lao động Việt Nam",
            short_name="Tổng LĐLĐVN",
            code="TLD",
            parent=None,
            address="82 Trần Hưng Đạo, Phường Cửa Nam, Thành phố Hà Nội",
        )
        self._channel(tld, ChannelKind.PORTAL, "Cổng thông tin Công đoàn Việt Nam", "https://congdoan.vn", None)
        self._channel(
            tld,
            ChannelKind.FACEBOOK_PAGE,
            "Công đoàn Việt Nam",
            "https://www.facebook.com/congdoanvn",
            (200_000, 900_000),
        )
        self._channel(
            tld, ChannelKind.YOUTUBE, "Công đoàn Việt Nam TV", "https://www.youtube.com/@congdoanvn", (50_000, 300_000)
        )

        for province, n_communes, n_grassroots in zip(provinces, commune_counts, grassroots_counts, strict=True):
            self._province(tld, province, wards[int(province.code)], n_communes, n_grassroots)
        self.flush()
        self.result.seconds = time.perf_counter() - started
        assert self.result.units == self.total, (self.result.units, self.total)
        return self.result

    def _province(self, tld: Unit, province: Province, wards: list[Ward], n_communes: int, n_grassroots: int) -> None:
        rng = self.rng
        pcode = int(province.code)
        label, bare = province_label(province), province_bare(province)
        slug = province.codename.replace("_", "")
        fed = self._add(
            kind=UnitKind.PROVINCIAL,
            name=f"Liên đoàn Lao động {label}",
            short_name=f"LĐLĐ {bare}",
            code=f"LDLD{pcode:02d}",
            parent=tld,
            province_code=pcode,
        )
        self._channel(fed, ChannelKind.PORTAL, f"Cổng thông tin LĐLĐ {bare}", f"https://ldld{slug}.org.vn")
        self._channel(
            fed,
            ChannelKind.FACEBOOK_PAGE,
            f"Công đoàn {bare}",
            f"https://www.facebook.com/congdoan{slug}",
            (5_000, 80_000),
        )
        self._channel(fed, ChannelKind.ZALO_OA, f"LĐLĐ {bare}", f"https://zalo.me/ldld{slug}", (2_000, 50_000))
        for board, suffix in BOARDS:
            self._add(
                kind=UnitKind.BOARD,
                name=f"{board} – LĐLĐ {bare}",
                short_name=board,
                code=f"LDLD{pcode:02d}-{suffix}",
                parent=fed,
                province_code=pcode,
            )

        chosen = sorted(rng.sample(wards, n_communes), key=lambda w: int(w.code))
        communes: list[tuple[Unit, Ward]] = []
        for ward in chosen:
            commune = self._add(
                kind=UnitKind.COMMUNE,
                name=f"Công đoàn {ward.name}",
                code=f"CDX{int(ward.code):05d}",
                parent=fed,
                province_code=pcode,
                ward_code=int(ward.code),
            )
            communes.append((commune, ward))
            kind = ChannelKind.ZALO_OA if rng.random() < 0.5 else ChannelKind.FACEBOOK_PAGE
            address = (
                f"https://zalo.me/cd{self._token(8)}"
                if kind == ChannelKind.ZALO_OA
                else f"https://www.facebook.com/congdoan.{self._token(8)}"
            )
            self._channel(commune, kind, f"Công đoàn {ward.name}", address, (200, 5_000))

        industrial_weight = INDUSTRIAL_WEIGHT.get(pcode, 1.0)
        park = self._add(
            kind=UnitKind.INDUSTRIAL_PARK,
            name=f"Công đoàn các Khu công nghiệp {label}",
            short_name=f"CĐ KCN {bare}",
            code=f"KCN{pcode:02d}",
            parent=fed,
            province_code=pcode,
        )
        self._channel(park, ChannelKind.ZALO_OA, f"Công đoàn KCN {bare}", f"https://zalo.me/kcn{slug}", (1_000, 30_000))

        # Where each grassroots union sits: the industrial park, or a commune (wards weigh more).
        park_share = min(0.45, 0.1 + 0.1 * (industrial_weight - 1))
        commune_weights = [3.0 if w.name.startswith("Phường") else 1.0 for _u, w in communes]
        scale = (1 - park_share) / sum(commune_weights)
        parents = [(park, None)] + communes
        weights = [park_share] + [w * scale for w in commune_weights]
        placed = Counter(rng.choices(range(len(parents)), weights=weights, k=n_grassroots - 1))
        placed[rng.randrange(len(parents))] += 1  # n_grassroots >= 1: at least one somewhere
        for index in sorted(placed):
            parent, ward = parents[index]
            for _ in range(placed[index]):
                self._grassroots(parent, ward or rng.choice(wards), province, in_park=ward is None)

    def _grassroots(self, parent: Unit, ward: Ward, province: Province, *, in_park: bool) -> None:
        rng = self.rng
        roll = rng.random()
        place = ward.name.split(" ", 1)[1] if " " in ward.name else ward.name
        if in_park or roll < 0.25:
            sector, prefix, median, female = rng.choice(FDI_SECTORS)
            brand = "".join(rng.sample(FOREIGN_SYLLABLES, 2))
            employer = f"Công ty TNHH {prefix} {brand} Việt Nam"
        elif roll < 0.7:
            sector, prefix, median, female = rng.choice(DOMESTIC_SECTORS)
            employer = f"Công ty Cổ phần {prefix} {rng.choice(VIET_WORDS)}"
        else:
            sector, prefix, median, female = rng.choice(PUBLIC_EMPLOYERS)
            employer = f"{prefix} {place}" if rng.random() < 0.7 else f"{prefix} số {rng.randint(1, 9)} {place}"
        members = max(5, min(40_000, int(rng.lognormvariate(0, 0.8) * median)))
        workers = max(members, int(members / rng.uniform(0.75, 0.98)))
        pk = self.next_id
        unit = self._add(
            kind=UnitKind.GRASSROOTS,
            name=f"Công đoàn cơ sở {employer}",
            short_name=f"CĐCS {employer}"[:80],
            code=f"CS{pk:07d}",
            parent=parent,
            province_code=int(province.code),
            ward_code=int(ward.code),
            address=f"{ward.name}, {province_label(province)[0].upper()}{province_label(province)[1:]}",
            employer=employer,
            sector=sector,
            member_count=members,
            worker_count=workers,
            female_member_count=int(members * rng.uniform(*female)),
        )
        roll = rng.random()
        if roll < 0.3:
            self._channel(
                unit,
                ChannelKind.ZALO_GROUP,
                f"Nhóm Zalo CĐCS {employer}"[:255],
                f"https://zalo.me/g/{self._token()}",
                (max(3, members // 4), max(4, members)),
            )
        elif roll < 0.35:
            self._channel(unit, ChannelKind.BULLETIN_BOARD, "Bảng tin công đoàn", "", None)
            self.channels[-1].location = f"Cổng {employer}"[:255]


def reset_sequences() -> None:
    """After inserts with explicit ids, move the id sequences past them (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Unit, UnitState, Channel])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze() -> None:
    """Refresh PostgreSQL's planner statistics, as autovacuum would after a while: without
    them the planner guesses a few rows for any path range and picks nested loops."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Unit, UnitState, Channel))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def provincial_user(province: Unit):
    """The benchmark's provincial editor: role `editor` on one provincial federation."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=PROVINCIAL_USERNAME,
        defaults={"first_name": "Biên tập", "last_name": "Tỉnh", "email": "bench.tinh@example.vn"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    actions.do_assign_role(user=user, unit=province, kind=RoleKind.EDITOR, actor=None, title="Biên tập viên")
    return user


def generate(total: int, *, seed: int = 2025) -> Result:
    """Build the whole tree in one transaction; the caller checks that no unit exists."""
    with transaction.atomic():
        result = NationalBuilder(total, seed=seed).build()
        reset_sequences()
        province = Unit.objects.get(kind=UnitKind.PROVINCIAL, province_code=PROVINCIAL_PROVINCE_CODE)
        provincial_user(province)
    analyze()
    return result
