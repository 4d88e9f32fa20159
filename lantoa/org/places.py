"""Administrative places from vietnam-provinces (34 provinces and 3,321 communes of 2025)."""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province, Ward


@cache
def province_choices() -> list[tuple[int, str]]:
    return sorted(((int(p.code), p.name) for p in Province.iter_all()), key=lambda c: c[1])


@cache
def province_name(code: int | None) -> str:
    if not code:
        return ""
    try:
        province = Province.from_code(code)
    except (ValueError, KeyError):
        return ""
    if province.name.startswith("Thành phố"):
        return province.name
    prefix = "Thành phố" if province.division_type.value == "thành phố trung ương" else "Tỉnh"
    return f"{prefix} {province.name}"


@cache
def ward_name(code: int | None) -> str:
    if not code:
        return ""
    try:
        return Ward.from_code(code).name
    except (ValueError, KeyError):
        return ""


@cache
def ward_choices(province_code: int) -> list[tuple[int, str]]:
    return sorted(((int(w.code), w.name) for w in Ward.iter_by_province(province_code)), key=lambda c: c[1])


def ward_in_province(ward_code: int, province_code: int) -> bool:
    try:
        return int(Ward.from_code(ward_code).province_code) == province_code
    except (ValueError, KeyError):
        return False


def place_label(unit) -> str:
    """ "Xã X, Tỉnh Y" for current places, the recorded district and province otherwise."""
    if unit.province_code:
        parts = [ward_name(unit.ward_code), province_name(unit.province_code)]
    else:
        parts = [unit.old_district, unit.old_province]
    return ", ".join(p for p in parts if p)
