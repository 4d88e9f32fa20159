"""Bench `inbox_classify_per_s`: the inbox classifier on a batch of workers' messages
(issue 14: at least 500 messages/s in batch), with its macro-F1 on the project's own
evaluation set, the model alone and with the rules.

The batch is the evaluation set's texts repeated to BENCH_CLASSIFY (default 5,000)
messages, classified in one call by the shipped model (loaded before the clock starts).

    python -m bench.classify        (also run by `make bench`)
"""

from __future__ import annotations

import os
import time

TARGET_PER_S = 500


def out(line: str) -> None:
    print(line, flush=True)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    import django

    django.setup()
    from lantoa.vi import classify

    classifier = classify.shipped()
    examples = classify.read_examples(classify.EVAL_FILE)
    wanted = int(os.environ.get("BENCH_CLASSIFY", "5000"))
    texts = [examples[i % len(examples)].text for i in range(wanted)]
    classifier.predict(texts[:50])  # warm the segmenter
    started = time.perf_counter()
    classifier.predict(texts)
    elapsed = time.perf_counter() - started
    alone = classify.evaluate(classifier, examples, rules=False).macro_f1
    with_rules = classify.evaluate(classifier, examples, rules=True).macro_f1
    per_s = wanted / elapsed
    out(f"# {wanted} messages in {elapsed:.2f} s, model {classifier.version} ({classifier.examples} examples)")
    out(f"BENCH inbox_classify_per_s {per_s:.0f} messages/s (target >= {TARGET_PER_S})")
    out(f"BENCH inbox_macro_f1_model {alone:.3f} (target >= 0.70, {len(examples)} evaluation messages)")
    out(f"BENCH inbox_macro_f1_with_rules {with_rules:.3f}")


if __name__ == "__main__":
    main()
