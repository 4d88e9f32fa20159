"""The inbox classifier: teen-code written out, many messages segmented in one call as
each alone, the shipped model and its evaluation set (never overlapping the training
examples), the rules that settle an unsure topic and raise urgency, and `inbox_eval`."""

import json

import pytest
from django.core.management import CommandError, call_command

from lantoa.vi import classify
from lantoa.vi.text import fold


def test_abbreviations_and_teen_code_are_written_out_on_whole_words():
    assert classify.expand("Cty ko đóng BHXH cho e") == "công ty không đóng bảo hiểm xã hội cho em"
    assert classify.expand("hđlđ 2 năm, tca 4 tiếng") == "hợp đồng lao động 2 năm, tăng ca 4 tiếng"
    assert classify.expand("kế hoạch ctyx") == "kế hoạch ctyx"  # not inside a word


def test_many_messages_are_segmented_in_one_call_as_each_alone():
    from underthesea import word_tokenize

    texts = ["Công ty không đóng bảo hiểm xã hội", "", "em làm ở khu công nghiệp Hòa Phú. Nợ lương 2 tháng",
             f"chữ {classify.SEPARATOR} lạ"]  # fmt: skip
    many = classify.segment_many(texts)
    assert len(many) == 4
    assert many[0] == word_tokenize(texts[0], format="text") == "Công_ty không đóng bảo_hiểm_xã_hội"
    assert many[2] == word_tokenize(texts[2], format="text") and "Hòa_Phú" in many[2]
    assert classify.SEPARATOR not in many[3] and many[1] == ""


def test_the_evaluation_set_was_written_apart_and_never_meets_the_training_examples():
    train = classify.read_examples(classify.TRAIN_FILE)
    evaluation = classify.read_examples(classify.EVAL_FILE)
    for topic in classify.TOPICS:
        assert sum(e.topic == topic for e in train) >= 100, topic
        assert sum(e.topic == topic for e in evaluation) >= 30, topic
    key = lambda e: " ".join(fold(e.text).split())  # noqa: E731
    assert not {key(e) for e in train} & {key(e) for e in evaluation}


@pytest.fixture(scope="module")
def shipped():
    return classify.shipped()


def test_the_shipped_model_reads_workers_messages_with_and_without_diacritics(shipped):
    predictions = shipped.predict([
        "cty no luong 2 thang roi ko tra",
        "Công ty không đóng bảo hiểm xã hội cho em mấy năm nay",
        "Chi em bi duoi viec vi mang thai",
        "cho em hỏi đóng đoàn phí bao nhiêu ạ",
    ])  # fmt: skip
    assert [p.topic for p in predictions][:2] == ["wages", "social_insurance"]
    assert predictions[3].topic == "union_membership"
    assert all(0 < p.confidence <= 1 for p in predictions)


def test_the_shipped_model_alone_reaches_the_target_on_the_evaluation_set(shipped):
    scores = classify.evaluate(shipped, classify.read_examples(classify.EVAL_FILE), rules=False)
    assert scores.macro_f1 >= 0.70
    assert set(scores.per_topic) == set(classify.TOPICS)


def test_a_rule_settles_an_unsure_topic_and_raises_urgency_never_lowers_it():
    unsure = classify.Prediction("other", "normal", 0.2)
    ruled = classify.apply_rules(unsure, "cong ty no luong cong nhan")
    assert (ruled.topic, ruled.by_rule) == ("wages", True)
    sure = classify.Prediction("welfare", "normal", 0.9)
    assert classify.apply_rules(sure, "cong ty no luong").topic == "welfare"  # the model was sure
    stoppage = classify.apply_rules(sure, "hon 200 cong nhan ngung viec tu sang nay")
    assert stoppage.urgency == "critical"
    critical = classify.Prediction("osh", "critical", 0.9)
    assert classify.apply_rules(critical, "hoi ve phep nam").urgency == "critical"


def test_a_stored_model_reads_back_the_same(shipped):
    again = classify.loads(shipped.dumps())
    texts = ["cty bắt tca đến 10h đêm", "Xin hỏi giờ làm việc của công đoàn phường"]
    assert again.predict(texts) == shipped.predict(texts)
    with pytest.raises(TypeError):
        classify.loads(_pickled({"not": "a model"}))


def _pickled(value) -> bytes:
    import io

    import joblib

    buffer = io.BytesIO()
    joblib.dump(value, buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_inbox_eval_prints_each_topic_and_the_macro_f1_last(tmp_path, capsys):
    path = tmp_path / "questions.jsonl"
    rows = [{"text": "cty no luong 3 thang", "topic": "wages"}, {"text": "xin hỏi về đoàn phí", "topic": "other"}]
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    call_command("inbox_eval", str(path))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("macro_f1=") and 0 <= float(lines[-1].split("=")[1]) <= 1
    assert any(line.startswith("wages") for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize("content", ['{"text": "a"}', '{"text": "a", "topic": "lương"}', "không phải JSON", ""])
def test_inbox_eval_names_what_is_wrong_with_a_file(tmp_path, content):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("inbox_eval", str(path))
