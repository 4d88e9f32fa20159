"""A new model from the project's examples and staff's corrections, kept in the database
and made active only when it reads the project's evaluation set at least as well as the
target (macro-F1 ≥ `MIN_MACRO_F1`) and not worse than the active one.

The worker retrains weekly, and sooner once `RETRAIN_AFTER` corrections have come in
(`tasks.retrain_classifier`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from lantoa.vi import classify

from .classifier import active_classifier
from .models import ClassifierVersion, TrainingExample

MIN_MACRO_F1 = 0.70
RETRAIN_AFTER = 20
TOLERANCE = 0.01  # a new model may read the evaluation set this much worse and still replace


def examples() -> list[classify.Example]:
    shipped = classify.read_examples(classify.TRAIN_FILE)
    corrected = [classify.Example(row.text, row.topic, row.urgency) for row in TrainingExample.objects.order_by("pk")]
    return shipped + corrected


def corrections_since_last_model() -> int:
    last = ClassifierVersion.objects.order_by("-trained_at").values_list("trained_at", flat=True).first()
    rows = TrainingExample.objects.all()
    return rows.filter(created_at__gt=last).count() if last else rows.count()


def retrain(*, force: bool = False) -> ClassifierVersion | None:
    """Train, evaluate, store; activate when good enough. None when there was nothing new."""
    if not force and corrections_since_last_model() == 0:
        return None
    now = timezone.now()
    version = f"db-{now:%Y%m%d-%H%M%S}"
    trained = classify.train(examples(), version=version)
    evaluation = classify.read_examples(classify.EVAL_FILE)
    score = classify.evaluate(trained, evaluation, rules=False).macro_f1
    current = classify.evaluate(active_classifier(), evaluation, rules=False).macro_f1
    good = score >= MIN_MACRO_F1 and score >= current - TOLERANCE
    with transaction.atomic():
        row = ClassifierVersion.objects.create(version=version, data=trained.dumps(), trained_at=now,
                                               examples=trained.examples, macro_f1=score)  # fmt: skip
        if good:
            ClassifierVersion.objects.exclude(pk=row.pk).update(active=False)
            ClassifierVersion.objects.filter(pk=row.pk).update(active=True)
            row.active = True
    return row


def due(now: datetime.datetime | None = None) -> bool:
    """Weekly, or sooner with enough corrections."""
    now = now or timezone.now()
    last = ClassifierVersion.objects.order_by("-trained_at").values_list("trained_at", flat=True).first()
    pending = corrections_since_last_model()
    return pending >= RETRAIN_AFTER or (pending > 0 and (last is None or now - last >= datetime.timedelta(days=7)))
