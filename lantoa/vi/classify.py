"""What a worker's message is about (topic) and how urgent it is, from Vietnamese text.

A scikit-learn model the project trains on its own examples (`data/inbox_train.jsonl`),
plus rules:

- **Text.** Abbreviations and teen-code are written out ("cty" → "công ty", "bhxh" →
  "bảo hiểm xã hội", "ko" → "không"), the text is segmented into words by underthesea
  ("bảo_hiểm_xã_hội") and folded (no diacritics), so a message typed without marks meets
  the same words as one typed with them.
- **Model.** Two logistic regressions (topic; urgency) over TF-IDF of the folded words
  (one and two) and of folded character n-grams (2–5, which carry misspellings and
  unsegmented text).
- **Rules.** Phrases that settle a case the model is unsure of (its best topic below
  `RULE_THRESHOLD`), and that raise urgency: a stoppage, an accident, many workers
  fainting. They may add to the model, never replace it: `inbox_eval` reports both.
- **Versions.** A `Classifier` is pickled with joblib into bytes that the database or media
  storage keeps (`lantoa.inbox`), so every web and worker machine reads the same one; the
  first ships with the project (`data/inbox_model.joblib`). Nothing is downloaded at run
  time. If the shipped file cannot be read (another scikit-learn), it is trained again from
  the shipped examples, in a few seconds.

    classifier = shipped()
    classifier.predict(["cty no luong 2 thang roi"])   # [Prediction(topic="wages", …)]
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import fold, normalize

DATA = Path(__file__).resolve().parent / "data"
TRAIN_FILE = DATA / "inbox_train.jsonl"
EVAL_FILE = DATA / "inbox_eval.jsonl"
MODEL_FILE = DATA / "inbox_model.joblib"

TOPICS = (
    "wages", "social_insurance", "contract", "dismissal", "working_time", "osh", "leave_maternity",
    "dispute_strike", "union_membership", "welfare", "other",
)  # fmt: skip
URGENCIES = ("normal", "high", "critical")
WORD = r"[\w]+"  # a folded, segmented word: letters, digits and "_"
RULE_THRESHOLD = 0.45  # below this the model is unsure and a rule may decide
SEPARATOR = "qqtachqq"  # between messages segmented in one underthesea call
SEGMENT_BATCH = 200

# Abbreviations and teen-code of workers' messages, on whole words (lower case).
ABBREVIATIONS = {
    "cty": "công ty", "ct": "công ty", "bhxh": "bảo hiểm xã hội", "bhyt": "bảo hiểm y tế",
    "bhtn": "bảo hiểm thất nghiệp", "ko": "không", "k": "không", "kh": "không", "hok": "không", "hông": "không",
    "khg": "không", "dc": "được", "đc": "được", "dk": "được", "đk": "được", "nv": "nhân viên", "cn": "công nhân",
    "ng": "người", "nguoi": "người", "lđ": "lao động", "ld": "lao động", "nld": "người lao động",
    "nlđ": "người lao động", "hđlđ": "hợp đồng lao động", "hdld": "hợp đồng lao động", "hđ": "hợp đồng",
    "hd": "hợp đồng", "tca": "tăng ca", "ot": "tăng ca", "cđ": "công đoàn", "cd": "công đoàn",
    "cđcs": "công đoàn cơ sở", "cdcs": "công đoàn cơ sở", "kcn": "khu công nghiệp", "j": "gì", "mk": "mình",
    "mik": "mình", "e": "em", "vs": "với", "r": "rồi", "ntn": "như thế nào", "bn": "bao nhiêu",
    "atvslđ": "an toàn vệ sinh lao động", "atld": "an toàn lao động", "tnld": "tai nạn lao động",
    "tnlđ": "tai nạn lao động", "ts": "thai sản", "sx": "sản xuất", "pc": "phụ cấp", "lg": "lương",
    "thg": "tháng", "t": "tháng", "tr": "triệu", "sdld": "sử dụng lao động", "nsdlđ": "người sử dụng lao động",
    "nsdld": "người sử dụng lao động", "đv": "đoàn viên", "dv": "đoàn viên", "qđ": "quyết định",
}  # fmt: skip
_ABBREVIATION = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, sorted(ABBREVIATIONS, key=len, reverse=True)))
                           + r")(?![\w])")  # fmt: skip

# Rules, on folded text: (pattern, topic). The first that matches decides when the model is unsure.
TOPIC_RULES = [
    (
        r"ngung viec|dinh cong|lan cong|bo viec tap the|khong vao ca|tu tap .*cong nhan|tranh chap tap the",
        "dispute_strike",
    ),
    (r"tai nan|bong|kep tay|dut tay|ngat xiu|ngo doc|chay no|hoa chat|bui|khau trang|bao ho|nong qua", "osh"),
    (r"thai san|mang thai|bau|sinh con|nghi de|cho con bu|nghi phep|phep nam|om dau", "leave_maternity"),
    (r"bao hiem xa hoi|bao hiem y te|so bao hiem|the bao hiem|bao hiem that nghiep|rut mot lan", "social_insurance"),
    (r"sa thai|duoi viec|cho nghi viec|cat giam|thoi viec|buoc nghi|ep nghi|don phuong cham dut", "dismissal"),
    (r"hop dong|thu viec|ky lai|gia han", "contract"),
    (r"no luong|cham luong|tru luong|luong toi thieu|tien luong|thuong tet cua cong ty|phieu luong", "wages"),
    (r"tang ca|gio lam|ca dem|nghi giua ca|chu nhat|lam them gio", "working_time"),
    (r"doan phi|the doan vien|ket nap|vao cong doan|gia nhap cong doan|chuyen sinh hoat", "union_membership"),
    (r"qua tet|tet sum vay|chuyen xe|mai am|hoc bong|tham hoi|tro cap kho khan|phong tro|nha tro", "welfare"),
]
_COMPILED_TOPIC_RULES = [(re.compile(rf"\b(?:{pattern})\b"), topic) for pattern, topic in TOPIC_RULES]
# Urgency rules raise, never lower: many workers, or acute harm.
CRITICAL_RULES = re.compile(
    r"ngung viec|dinh cong|lan cong|bo viec tap the|chet|tu vong|ngat xiu hang loat|nhieu nguoi ngat|"
    r"ngo doc tap the|chay lon|no lo|sap nha xuong|cap cuu"
)
HIGH_RULES = re.compile(r"tai nan|bi thuong|nhap vien|sa thai|duoi viec|no luong (2|3|4|5|6|hai|ba) thang|mang thai")


@dataclass(frozen=True)
class Prediction:
    topic: str
    urgency: str
    confidence: float  # the model's probability of its topic
    by_rule: bool = False  # a rule decided the topic or raised the urgency


@dataclass(frozen=True)
class Example:
    text: str
    topic: str
    urgency: str = "normal"


# --- Text


def expand(text: str) -> str:
    """Abbreviations and teen-code written out, in lower case."""
    return _ABBREVIATION.sub(lambda match: ABBREVIATIONS[match.group(1)], normalize(text).lower())


def segment_many(texts: Sequence[str]) -> list[str]:
    """Each text segmented by underthesea, words joined by "_", many texts per call (one call
    per message costs about 2.4 ms, more than the rest of the classification)."""
    from underthesea import word_tokenize

    out: list[str] = []
    for start in range(0, len(texts), SEGMENT_BATCH):
        chunk = [text.replace(SEPARATOR, " ") or "." for text in texts[start : start + SEGMENT_BATCH]]
        joined = word_tokenize(f" . {SEPARATOR} . ".join(chunk), format="text")
        parts = joined.split(SEPARATOR)
        if len(parts) != len(chunk):  # the separator was split or merged: one by one
            parts = [word_tokenize(text, format="text") for text in chunk]
        out.extend(part.strip(" .") for part in parts)
    return out


def prepare(texts: Iterable[str]) -> list[str]:
    """The text the model reads: written out, segmented, folded."""
    expanded = [expand(text) for text in texts]
    return [fold(text) for text in segment_many(expanded)]


# --- The model


@dataclass
class Classifier:
    """The features, a trained topic and urgency model, and what they were trained on."""

    vectorizer: object
    topic_model: object
    urgency_model: object
    version: str
    trained_at: datetime.datetime
    examples: int
    notes: dict = field(default_factory=dict)

    def predict(self, texts: Sequence[str], *, rules: bool = True) -> list[Prediction]:
        if not texts:
            return []
        prepared = prepare(texts)
        matrix = self.vectorizer.transform(prepared)
        topic_probabilities = self.topic_model.predict_proba(matrix)
        urgencies = self.urgency_model.predict(matrix)
        classes = list(self.topic_model.classes_)
        predictions = []
        for text, folded, probabilities, urgency in zip(texts, prepared, topic_probabilities, urgencies, strict=True):
            best = int(probabilities.argmax())
            prediction = Prediction(classes[best], str(urgency), float(probabilities[best]))
            predictions.append(apply_rules(prediction, fold(expand(text)) + " " + folded) if rules else prediction)
        return predictions

    def dumps(self) -> bytes:
        import joblib

        buffer = io.BytesIO()
        joblib.dump(self, buffer, compress=3)
        return buffer.getvalue()


def loads(data: bytes) -> Classifier:
    """A classifier from its stored bytes (trusted: written by this project's training)."""
    import joblib

    classifier = joblib.load(io.BytesIO(data))
    if not isinstance(classifier, Classifier):
        raise TypeError("not a Lan Tỏa classifier")
    return classifier


def apply_rules(prediction: Prediction, folded: str) -> Prediction:
    topic, urgency, by_rule = prediction.topic, prediction.urgency, False
    if prediction.confidence < RULE_THRESHOLD:
        ruled = next((rule_topic for pattern, rule_topic in _COMPILED_TOPIC_RULES if pattern.search(folded)), None)
        if ruled and ruled != topic:
            topic, by_rule = ruled, True
    if CRITICAL_RULES.search(folded) and urgency != "critical":
        urgency, by_rule = ("critical" if many_workers(folded) or "ngung viec" in folded else "high"), True
    elif HIGH_RULES.search(folded) and urgency == "normal":
        urgency, by_rule = "high", True
    return Prediction(topic, urgency, prediction.confidence, by_rule)


def many_workers(folded: str) -> bool:
    return bool(re.search(r"\b\d{2,}\s*(nguoi|cong nhan|lao dong)|ca xuong|hang loat|tap the|nhieu (nguoi|cong nhan)|"
                          r"ca (phan xuong|day chuyen|ca)", folded))  # fmt: skip


def features():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=WORD, sublinear_tf=True, min_df=1),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=60_000),
    )


def regression():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=8.0, max_iter=3000, class_weight="balanced")


def train(examples: Sequence[Example], *, version: str) -> Classifier:
    """Both models on one set of features (read once per message when predicting)."""
    from django.utils import timezone

    vectorizer = features()
    matrix = vectorizer.fit_transform(prepare([example.text for example in examples]))
    topic_model = regression().fit(matrix, [example.topic for example in examples])
    urgency_model = regression().fit(matrix, [example.urgency for example in examples])
    return Classifier(vectorizer, topic_model, urgency_model, version=version, trained_at=timezone.now(),
                      examples=len(examples))  # fmt: skip


# --- Examples and evaluation


def read_examples(path: Path | str) -> list[Example]:
    """Examples from a JSON-lines file of {"text", "topic", "urgency"?}; ValueError names the
    first bad line."""
    examples = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, topic = str(row["text"]), str(row["topic"])
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"line {number}: {error}") from error
            if topic not in TOPICS:
                raise ValueError(f"line {number}: unknown topic {topic!r}")
            urgency = str(row.get("urgency") or "normal")
            examples.append(Example(text, topic, urgency if urgency in URGENCIES else "normal"))
    return examples


@dataclass(frozen=True)
class Scores:
    per_topic: dict[str, tuple[float, float, float, int]]  # precision, recall, F1, support
    macro_f1: float


def evaluate(classifier: Classifier, examples: Sequence[Example], *, rules: bool) -> Scores:
    from sklearn.metrics import precision_recall_fscore_support

    predicted = [p.topic for p in classifier.predict([e.text for e in examples], rules=rules)]
    truth = [e.topic for e in examples]
    labels = [topic for topic in TOPICS if topic in truth or topic in predicted]
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    per_topic = {
        label: (float(p), float(r), float(f), int(s))
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    }
    present = [label for label in labels if per_topic[label][3]]
    macro = sum(per_topic[label][2] for label in present) / len(present) if present else 0.0
    return Scores(per_topic, macro)


# --- The shipped model


@lru_cache(maxsize=1)
def shipped() -> Classifier:
    """The model that ships with the project; trained again from the shipped examples when
    the file cannot be read here."""
    try:
        return loads(MODEL_FILE.read_bytes())
    except Exception:  # noqa: BLE001 - another library version, a missing file: train it here
        return train(read_examples(TRAIN_FILE), version="shipped-retrained")
