"""Train the inbox classifier from the project's examples and write the shipped model.

    python manage.py inbox_train                  # lantoa/vi/data/inbox_train.jsonl → inbox_model.joblib

Run it when the shipped examples change; the evaluation set is never read here."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from lantoa.vi import classify


class Command(BaseCommand):
    help = "Train the shipped inbox classifier from lantoa/vi/data/inbox_train.jsonl."

    def add_arguments(self, parser):
        parser.add_argument("--label", default="shipped-1", help="the version name stored with the model")

    def handle(self, *args, **options):
        examples = classify.read_examples(classify.TRAIN_FILE)
        started = time.perf_counter()
        classifier = classify.train(examples, version=options["label"])
        data = classifier.dumps()
        classify.MODEL_FILE.write_bytes(data)
        self.stdout.write(f"{len(examples)} examples, {time.perf_counter() - started:.1f} s, "
                          f"{len(data) / 1024:.0f} KB → {classify.MODEL_FILE.name}")  # fmt: skip
