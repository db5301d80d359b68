"""Shapes of rectification reports (issue 18): invented notices and their expected structure.

``tests/data/shapes/expected.yaml`` says, for each notice in that folder, what a careful
reader sees: whether it is a notice, its genre, and item by item the label, where the
problem and the rectification start, and which labelled fields or table columns the item
carries. The expectations were written from the notices, not from the parser's output.

The examples in ``examples/`` (one per genre) are checked through the command line.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from checker.parse import parse_notice
from checker.source import read_source

REPO = Path(__file__).resolve().parents[1]
SHAPES = REPO / "tests" / "data" / "shapes"
EXAMPLES = REPO / "examples"
EXPECTED: dict = yaml.safe_load((SHAPES / "expected.yaml").read_text(encoding="utf-8"))

# the comparison conventions (independent of how the parser works) ---------------------------

_LABEL_TAIL = ".．、:： \u3000"
_HEAD_WORDS = ("关于", "關於", "针对", "針對")
_OPEN_QUOTES = "“‘\"'「『 \u3000"
_VALUE_TAIL = "。；;，, \u3000\t"
# traditional → simplified for the characters of field names (names may be reported folded)
_T2S = str.maketrans("況責單時進務標狀領導負題問報績", "况责单时进务标状领导负题问报绩")


def _label(s: str | None) -> str | None:
    return None if s is None else s.strip().rstrip(_LABEL_TAIL)


def _problem(s: str) -> str:
    """Problem text for comparison: a leading 关于/针对 and opening quotes are not part of it."""
    s = s.strip()
    for head in _HEAD_WORDS:
        if s.startswith(head):
            s = s[len(head):]
            break
    return s.lstrip(_OPEN_QUOTES)


def _name(s: str) -> str:
    return s.strip().rstrip("：:").translate(_T2S)


def _value(s: str) -> str:
    return s.strip().rstrip(_VALUE_TAIL).strip()


def _read(path: Path) -> str:
    """Bytes decoded as UTF-8; an old-Mac file (CR only) goes through ``read_source``."""
    text = path.read_bytes().decode("utf-8")
    if "\r" in text and "\n" not in text:
        source = read_source(path)
        assert source.text == text.replace("\r", "\n"), "read_source should turn lone CRs into LFs"
        text = source.text
    return text


def _parse(name: str):
    return parse_notice(_read(SHAPES / name))


def _show(s: str | None, n: int = 24) -> str:
    if s is None:
        return "None"
    s = s.replace("\n", "⏎")
    return repr(s[:n] + ("…" if len(s) > n else ""))


FILES = sorted(EXPECTED)


def test_every_shape_file_has_expectations() -> None:
    on_disk = sorted(p.name for p in SHAPES.glob("*.txt"))
    assert on_disk == FILES


@pytest.mark.parametrize("name", FILES)
def test_kind_and_genre(name: str) -> None:
    exp = EXPECTED[name]
    n = _parse(name)
    assert n.kind == exp["kind"], f"{name}: kind {n.kind!r} ({n.kind_reason}), expected {exp['kind']!r}"
    if "genre" in exp:
        assert n.genre == exp["genre"], f"{name}: genre {n.genre!r}, expected {exp['genre']!r}"
    if "to_congress" in exp:
        assert n.to_congress is exp["to_congress"], f"{name}: to_congress {n.to_congress}"
    if "title" in exp:
        assert n.title is not None, f"{name}: no title found"
        assert n.slice(n.title).strip().startswith(exp["title"]), f"{name}: title {_show(n.slice(n.title))}"
    if "groups" in exp:
        got = [g.title for g in n.groups]
        assert len(got) == exp["groups"], f"{name}: groups {got}, expected {exp['groups']}"


def _compare_item(n, it, exp: dict) -> list[str]:
    bad: list[str] = []
    if _label(it.label) != _label(exp["label"]):
        bad.append(f"label {it.label!r}, expected {exp['label']!r}")

    want = exp["problem_starts"]
    got = None if it.problem is None else n.slice(it.problem)
    if want is None:
        if got is not None and got.strip():
            bad.append(f"problem {_show(got)}, expected none")
    elif got is None or not _problem(got).startswith(want):
        bad.append(f"problem {_show(got)}, expected to start {want!r}")

    rect = None if it.rectification is None else n.slice(it.rectification)
    if rect is None or not rect.lstrip(" \u3000").startswith(exp["rect_starts"]):
        bad.append(f"rectification {_show(rect)}, expected to start {exp['rect_starts']!r}")
    if "rect_ends" in exp and (rect is None or not rect.rstrip().endswith(exp["rect_ends"])):
        tail = None if rect is None else rect.rstrip()[-24:]
        bad.append(f"rectification ends {_show(tail)}, expected to end {exp['rect_ends']!r}")

    if "fields" in exp or "field_values" in exp:
        got_fields = {_name(k): v for k, v in (it.fields or {}).items()}
        want_names = {_name(k) for k in exp.get("fields", [])} | {_name(k) for k in exp.get("field_values", {})}
        missing = sorted(want_names - set(got_fields))
        extra = sorted(k for k, span in got_fields.items()
                       if k not in want_names and k != "序号" and "问题" not in k
                       and n.slice(span).strip())
        if missing or extra:
            bad.append(f"fields {sorted(got_fields)}, expected {sorted(want_names)}"
                       + (f" (missing {missing})" if missing else "") + (f" (unexpected {extra})" if extra else ""))
        for k, span in got_fields.items():
            if not it.span.contains(span):
                bad.append(f"field {k} span {span} lies outside the item {it.span}")
        for k, v in exp.get("field_values", {}).items():
            span = got_fields.get(_name(k))
            if span is not None and _value(n.slice(span)) != v:
                bad.append(f"field {k} = {_show(n.slice(span))}, expected {v!r}")

    if "status" in exp:
        got_status = None if it.status is None else _value(n.slice(it.status))
        if got_status != exp["status"]:
            bad.append(f"status {got_status!r}, expected {exp['status']!r}")

    if "measures" in exp:
        markers = [m.marker for m in it.measures]
        if markers != exp["measures"]:
            bad.append(f"measures {markers}, expected {exp['measures']}")
    return bad


@pytest.mark.parametrize("name", FILES)
def test_items(name: str) -> None:
    exp = EXPECTED[name]
    n = _parse(name)
    want = exp["items"]
    problems: list[str] = []
    if len(n.items) != len(want):
        got = [(i.label, _show(n.slice(i.problem), 10)) for i in n.items]
        problems.append(f"{len(n.items)} items, expected {len(want)}: got {got}")
    for k, (it, e) in enumerate(zip(n.items, want)):
        problems += [f"item {k + 1}: {b}" for b in _compare_item(n, it, e)]
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", FILES)
def test_spans_are_well_formed(name: str) -> None:
    n = _parse(name)
    size = len(n.text)
    previous = None
    for it in n.items:
        spans = [it.span, it.problem, it.rectification, it.label_span, it.status, *it.fields.values()]
        for s in spans:
            if s is not None:
                assert 0 <= s.start <= s.end <= size, f"{name}: span {s} outside the text"
        for s in (it.problem, it.rectification):
            if s is not None:
                assert it.span.contains(s), f"{name}: item {it.index} part {s} outside its span {it.span}"
        if previous is not None:
            assert not previous.overlaps(it.span), f"{name}: items overlap: {previous} and {it.span}"
        previous = it.span


# the examples, through the command line ---------------------------------------------------

EXAMPLE_GENRES = {
    "county-water-bureau.txt": ("inspection-tour", 6),
    "university-draft.txt": ("inspection-tour", 4),
    "audit-report-to-congress.txt": ("audit", 9),
    "eco-inspection-rectification.txt": ("eco-inspection", 7),
    "special-check-rectification.txt": ("special-check", 8),
    "self-review-rectification.txt": ("self-review", 7),
    "ledger-table.txt": ("inspection-tour", 8),
}


def test_every_example_is_listed() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.txt")) == sorted(EXAMPLE_GENRES)
    readme = (EXAMPLES / "README.rst").read_text(encoding="utf-8")
    for name in EXAMPLE_GENRES:
        assert f"`{name}`" in readme, f"{name} is not described in examples/README.rst"


def _check_json(cli, path: Path) -> dict:
    r = cli("check", "--format", "json", str(path))
    assert r.returncode in (0, 1), r.stderr.decode("utf-8", "replace")
    data = json.loads(r.stdout.decode("utf-8"))
    assert len(data["files"]) == 1
    return data["files"][0]


@pytest.mark.parametrize("name", sorted(EXAMPLE_GENRES))
def test_example_is_a_notice_with_genre(cli, name: str) -> None:
    f = _check_json(cli, EXAMPLES / name)
    assert f["kind"] == "notice", f"{name}: kind {f['kind']!r}"
    assert len(f["items"]) >= 1, f"{name}: no items"
    assert "genre" in f, f"{name}: no genre key in the JSON"


@pytest.mark.parametrize("name", sorted(EXAMPLE_GENRES))
def test_example_genre_and_item_count(cli, name: str) -> None:
    genre, count = EXAMPLE_GENRES[name]
    f = _check_json(cli, EXAMPLES / name)
    assert (f.get("genre"), len(f["items"])) == (genre, count), \
        f"{name}: genre {f.get('genre')!r} with {len(f['items'])} items, expected {genre!r} with {count}"


def test_audit_report_to_congress_needs_no_contact_line(cli) -> None:
    f = _check_json(cli, EXAMPLES / "audit-report-to-congress.txt")
    contact = [x for x in f["findings"] if x["rule"] == "ZG205"]
    assert not contact, f"a report to a 人大常委会 carries no public contact line: {contact}"


def test_parse_shows_genre_and_fields_of_the_ledger(cli) -> None:
    r = cli("parse", str(EXAMPLES / "ledger-table.txt"))
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    out = r.stdout.decode("utf-8")
    assert "inspection-tour" in out or "巡视巡察" in out, f"genre not shown:\n{out}"
    for column in ("整改措施", "责任单位", "整改时限", "完成情况"):
        assert column in out, f"field {column} not shown:\n{out}"
