"""Score the inbox classifier on a file of labelled messages.

    python manage.py inbox_eval FILE.jsonl        # lines {"text": …, "topic": …}

Prints precision, recall and F1 per topic for the model alone and with the rules, then a
last line `macro_f1=<value>` of the model alone (the figure the issue's target reads)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lantoa.vi import classify


class Command(BaseCommand):
    help = "Score the inbox topic classifier on a JSON-lines file of {text, topic}."

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON lines: {"text": …, "topic": …}')

    def handle(self, *args, **options):
        try:
            examples = classify.read_examples(options["file"])
        except (OSError, ValueError) as error:
            raise CommandError(f"{options['file']}: {error}") from error
        if not examples:
            raise CommandError(f"{options['file']}: no examples")
        classifier = current_classifier()
        self.stdout.write(f"model {classifier.version}, trained on {classifier.examples} examples; "
                          f"{len(examples)} to score")  # fmt: skip
        with_rules = classify.evaluate(classifier, examples, rules=True)
        alone = classify.evaluate(classifier, examples, rules=False)
        for title, scores in (("with rules", with_rules), ("model alone", alone)):
            self.stdout.write(f"\n{title}:\n{'topic':<18} precision  recall     f1  support")
            for topic, (precision, recall, f1, support) in scores.per_topic.items():
                self.stdout.write(f"{topic:<18} {precision:9.3f} {recall:7.3f} {f1:6.3f} {support:8d}")
            self.stdout.write(f"{'macro':<18} {'':9} {'':7} {scores.macro_f1:6.3f}")
        self.stdout.write(f"\nmacro_f1_with_rules={with_rules.macro_f1:.4f}")
        self.stdout.write(f"macro_f1={alone.macro_f1:.4f}")


def current_classifier():
    """The model the inbox uses now (the latest trained one where the inbox keeps them),
    else the one shipped with the project."""
    try:
        from lantoa.inbox.classifier import active_classifier
    except ImportError:
        return classify.shipped()
    return active_classifier()
