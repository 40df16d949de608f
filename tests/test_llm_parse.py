"""parse_model_json: a pure, tolerant parser of model answers (no network, no I/O)."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

import netguard
from docreview.explain import AdviceAnswer, FlagAnswer
from docreview.llm import ParseError, ParseOk, parse_model_json


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    netguard.block_network(monkeypatch)


class Pair(BaseModel):
    a: str
    b: list[str]


GOOD = {"a": "目标120公里，实际108公里", "b": ["核对口径", "核对得分"]}
GOOD_JSON = json.dumps(GOOD, ensure_ascii=False)


@pytest.mark.parametrize("text,repair", [
    (GOOD_JSON, None),
    ("```json\n" + GOOD_JSON + "\n```", "fence"),
    ("```\n" + GOOD_JSON + "\n```", "fence"),
    ("``` JSON\n" + GOOD_JSON + "\n```\n以上。", "fence"),
    ("```json\n" + GOOD_JSON, "fence"),  # unterminated fence
    ("<think>先算完成率 {a:1}。</think>" + GOOD_JSON, "think"),
    ("<think>\n多行\n推理\n</think>\n\n```json\n" + GOOD_JSON + "\n```", "think"),
    ("<THINK>大写标签</THINK>" + GOOD_JSON, "think"),
    ("<think>推理被截断，答案直接跟在后面\n" + GOOD_JSON, "think"),
    ("<think>截断的推理里有个对象 {\"a\": 1}\n" + GOOD_JSON, "think"),
    ("只剩结束标签的推理</think>" + GOOD_JSON, "think"),
    ("好的，下面是 JSON：\n" + GOOD_JSON, "prose"),
    (GOOD_JSON + "\n希望对您有帮助！", None),
    ('{"a": "x", "b": ["y",],}', "trailing_comma"),
    ('{"a": "x", "b": ["y"]，}', "trailing_comma"),
    ("｛“a”：“中文，带逗号：和冒号”，“b”：［“y”，“z”］｝", "fullwidth"),
    ('{"a"："全角冒号"，"b"：["y"]}', "fullwidth"),
    ("{“a”: “智能引号”, “b”: [“y”]}", "smart_quotes"),
    ('{"a": "报告称“资金到位较晚”，但未说明影响", "b": ["y"]}', None),
    ('[{"a": "包在数组里的对象", "b": []}]', "prose"),
    ("{'a': 'single quotes', 'b': ['y']}", "single_quotes"),
    ("{'a': \"it's fine\", 'b': ['y']}", "single_quotes"),
    ('{a: "x", b: ["y"]}', "unquoted_key"),
    ('{"a": "他说"好"的", "b": []}', "unescaped_quote"),
    ('{"a": "第一行\n第二行", "b": ["制表\t符"]}', None),
    ('{"a": "反斜杠 \\d 与 \\n", "b": []}', None),
    ('{"a": "带花括号的文字 {x}", "b": ["}"]}', None),
    ('{"a": "x", "b": ["y"], "extra": true, "n": None}', "python_literal"),
    ('\ufeff' + GOOD_JSON, None),
    ("先给个错误示例 {\"a\": 1} 再给正确的：" + GOOD_JSON, None),
])
def test_tolerated(text: str, repair: str | None) -> None:
    r = parse_model_json(text, Pair)
    assert isinstance(r, ParseOk), r
    assert r.ok is True
    assert isinstance(r.value, Pair)
    if repair is not None:
        assert repair in r.repairs, r.repairs
    json.loads(r.json_text)  # the repaired text is strict JSON


def test_values_survive_repairs() -> None:
    r = parse_model_json("｛“a”：“中文，带逗号：和冒号”，“b”：［“y”，“z”］｝", Pair)
    assert isinstance(r, ParseOk)
    assert r.value.a == "中文，带逗号：和冒号" and r.value.b == ["y", "z"]
    r2 = parse_model_json('{"a": "他说"好"的", "b": []}', Pair)
    assert isinstance(r2, ParseOk) and r2.value.a == '他说"好"的'
    r3 = parse_model_json('{"a": "第一行\n第二行", "b": []}', Pair)
    assert isinstance(r3, ParseOk) and r3.value.a == "第一行\n第二行"
    # Chinese quotes inside an ASCII-quoted string are content, even when followed by ，
    r4 = parse_model_json('{"a": "报告称“资金到位较晚”，但未说明影响", "b": []}', Pair)
    assert isinstance(r4, ParseOk) and r4.value.a == "报告称“资金到位较晚”，但未说明影响"


@pytest.mark.parametrize("text,kind", [
    ("", "empty"),
    ("   \n ", "empty"),
    ("这个指标没有完成，原因是资金到位较晚。", "no_json"),
    ("<think>只有推理，没有答案</think>", "no_json"),
    ('{"a": "x", "b": ["y"]', "truncated"),
    ('{"a": "没有结束的字符串', "truncated"),
    ('{"a": "x"}', "schema"),
    ('{"a": 1, "b": "not a list"}', "schema"),
    ('["a", "b"]', "no_json"),
    ("{这不是 JSON}", "syntax"),
    ('{"a": "x" "b": ["y"]}', "syntax"),
])
def test_rejected_with_an_error_value(text: str, kind: str) -> None:
    r = parse_model_json(text, Pair)
    assert isinstance(r, ParseError), r
    assert r.ok is False and r.kind == kind and r.message


def test_schema_error_names_the_missing_fields() -> None:
    r = parse_model_json('{"what_policy_asks": "x", "what_report_says": "y"}', FlagAnswer)
    assert isinstance(r, ParseError) and r.kind == "schema"
    assert "why_deviation" in r.message and "what_to_check" in r.message and "缺少字段" in r.message


def test_flag_answer_tolerates_a_string_list_and_numbering() -> None:
    text = json.dumps({"what_policy_asks": " 要求 ", "what_report_says": "报告", "why_deviation": "原因",
                       "what_to_check": "1. 核对口径\n2、核对得分；③ 核对原因"}, ensure_ascii=False)
    r = parse_model_json(text, FlagAnswer)
    assert isinstance(r, ParseOk)
    assert r.value.what_policy_asks == "要求"
    assert r.value.what_to_check == ["核对口径", "核对得分", "核对原因"]


@pytest.mark.parametrize("quality,fit,want", [
    ("substantive", "fits", ("substantive", "fits")),
    ("Boilerplate", "MISFIT", ("boilerplate", "misfit")),
    ("空泛", "无法判断", ("boilerplate", "unknown")),
    ("实质性", "恰当", ("substantive", "fits")),
])
def test_advice_answer_enums(quality: str, fit: str, want: tuple[str, str]) -> None:
    text = json.dumps({"reason_quality": quality, "reason_comment": "c", "category_fit": fit,
                       "category_comment": "d"}, ensure_ascii=False)
    r = parse_model_json(text, AdviceAnswer)
    assert isinstance(r, ParseOk), r
    assert (r.value.reason_quality, r.value.category_fit) == want


def test_advice_answer_rejects_unknown_enum() -> None:
    text = '{"reason_quality": "great", "reason_comment": "c", "category_fit": "fits", "category_comment": "d"}'
    r = parse_model_json(text, AdviceAnswer)
    assert isinstance(r, ParseError) and r.kind == "schema" and "reason_quality" in r.message


def test_parser_is_pure_and_never_raises() -> None:
    nasty = ["{" * 500, "}" * 50 + "{", "\x00{\"a\":\x01}", "{'a': '", "{\"a\": \"\\u12\"}", "<think>", "```",
             "{\"a\": [1, 2, {\"b\": [}]}", "{,,,}", "{\"a\"::\"b\"}"]
    for text in nasty:
        r1, r2 = parse_model_json(text, Pair), parse_model_json(text, Pair)
        assert r1 == r2  # deterministic value, no hidden state
        assert isinstance(r1, ParseError)
