"""The classifier the inbox uses: the active `ClassifierVersion` in the database (every
web and worker machine reads the same one), else the one shipped with the project. Read
once per process and again when another version becomes active."""

from __future__ import annotations

from lantoa.vi import classify

from .models import ClassifierVersion

_loaded: dict[str, classify.Classifier] = {}


def active_version() -> str | None:
    return ClassifierVersion.objects.filter(active=True).values_list("version", flat=True).first()


def active_classifier() -> classify.Classifier:
    version = active_version()
    if version is None:
        return classify.shipped()
    if version not in _loaded:
        row = ClassifierVersion.objects.get(version=version)
        _loaded.clear()
        _loaded[version] = classify.loads(bytes(row.data))
    return _loaded[version]
