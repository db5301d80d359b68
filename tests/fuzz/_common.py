"""What the atheris harnesses share: import paths, instrumented imports of the checker, a seed
corpus and a token dictionary written to a temporary folder, and the one-line-error property.

Nothing here is collected by pytest (``norecursedirs`` excludes ``tests/fuzz``); the harnesses
are run by hand or by ``tests/test_fuzz_atheris.py`` (see ``tests/fuzz/README.md``).
"""
from __future__ import annotations

import atexit
import importlib
import io
import os
import pkgutil
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
if str(REPO) not in sys.path:          # this checkout's checker, not an installed copy
    sys.path.insert(0, str(REPO))


SCRATCH = "ZGCHECK_FUZZ_SCRATCH"       # the scratch folder a supervised harness process works in


def supervise() -> None:
    """Run this harness again as a child process and remove its scratch folder when the child
    ends; exit with the child's status. libFuzzer ends a process with C ``exit()``, which skips
    Python's ``atexit``: a harness cannot clean up after itself. Returns at once in the child."""
    if os.environ.get(SCRATCH):
        return
    scratch = tempfile.mkdtemp(prefix="zgcheck-fuzz-")
    try:
        code = subprocess.call([sys.executable, *sys.argv], env=dict(os.environ, **{SCRATCH: scratch}))
    except KeyboardInterrupt:
        code = 130
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(code if code >= 0 else 128 - code)


def instrument_checker() -> None:
    """Import every ``checker`` module under atheris' coverage instrumentation.

    The package imports most of its modules lazily, inside functions; a module first imported
    outside ``instrument_imports`` would run uninstrumented, so all of them are imported here.
    """
    import atheris

    if "checker" in sys.modules:
        raise RuntimeError("checker was imported before instrument_checker(): it would not be instrumented")
    with atheris.instrument_imports(include=["checker"]):
        import checker

        for info in pkgutil.walk_packages(checker.__path__, "checker."):
            if not info.name.endswith("__main__"):      # runs the CLI on import
                importlib.import_module(info.name)


def fail(what: str, detail: object) -> None:
    """A property broke: raise, so that libFuzzer saves the input as a crash artefact."""
    raise AssertionError(f"{what}: {detail!r}")


def check_one_line(message: object, what: str) -> None:
    """A documented error is one non-empty line (it is printed as one line per bad file)."""
    if not isinstance(message, str) or not message.strip():
        fail(f"{what}: empty or not a string", message)
    if any(c in message for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        fail(f"{what}: more than one line", message)


# ------------------------------------------------------------------ seeds and dictionary

def example_texts() -> list[str]:
    """The bundled example notices (invented texts, see examples/README.rst)."""
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]


NOTICE_TOKENS = [
    "关于", "巡察", "巡视", "整改进展情况的通报", "一、", "二、", "（一）", "（二）", "(一)", "1.", "2.", "3、", "（1）",
    "①", "问题1：", "第一项", "一是", "二是", "整改情况：", "整改措施：", "存在问题：", "责任单位：", "完成时限：",
    "整改时限：", "整改状态：", "已完成", "已完成整改", "正在推进", "将于", "计划于", "2024年底", "2025年6月",
    "下一步", "联系电话：", "电子邮箱：", "欢迎广大干部群众监督", "《", "》", "“", "”", "；", "。", "\t", "\n", "\r\n",
    "|", "| --- |", "# ", "**", "<!-- zgcheck: disable ZG101 -->", "zgcheck: disable-next-line",
    "<p>", "</p>", "<br>", "<table><tr><td>", "</td><td>", "&amp;", "&#x4e00;", "<script>", "<!DOCTYPE html>",
    "<w:p>", "</w:p>", "<w:r><w:t>", "</w:t></w:r>", "<w:tab/>", "<w:br/>", '<w:numPr><w:ilvl w:val="0"/>',
    '<w:numId w:val="1"/></w:numPr>', "<w:tbl>", "<w:tr>", "<w:tc>", 'w:val="', "<!ENTITY", "<!DOCTYPE",
    "一一一一", "0000000000", "\u202e", "\x1b[2J", "\ufeff",
]

CONFIG_TOKENS = [
    "select:", "ignore:", "severity:", "rule_paths:", "lexicons:", "issuer_aliases:", "rule_options:",
    "fail_on:", "max_file_size:", "include:", "exclude:", "per_path_ignores:", "lang:", "error", "warning",
    "info", "ZG101", "ZG201", "ZG901", "deadline-missing", "vague", "&a ", "*a", "<<: ", "!!python/object",
    "[", "]", "{", "}", "- ", ": ", "'", '"', "\n  ", "[tool.zgcheck]", " = ", "id:", "name:", "category:",
    "scope:", "condition:", "type:", "exists", "absent", "requires", "all_of", "any_of", "not", "field",
    "function", "lexicon:", "terms:", "patterns:", "except:", "except_patterns:", "in:", "min:", "examples:",
    "flag:", "pass:", "suggestion:", "escalate:", "with:", "(?<=", "(?=", "(?:", ")+", "{1,4294967295}",
    "[\\u4e00-\\u9fff]+", ".*", "\\b", "future_markers", "deadlines", "user_words", "\\n", "\\u2028", "\\r",
]


def _dict_entry(token: str) -> str:
    body = "".join(chr(b) if 0x20 <= b < 0x7f and chr(b) not in '"\\' else f"\\x{b:02x}"
                   for b in token.encode("utf-8"))
    return f'"{body}"'


def prepare(argv: list[str], name: str, seeds: Iterable[bytes], tokens: list[str]) -> tuple[list[str], Path]:
    """(``argv`` for ``atheris.Setup``, a scratch folder: the one ``supervise`` removes, or else
    a new one). When no corpus folder is given, a temporary one holding ``seeds``; when the
    given folder is empty, ``seeds`` are written into it; when no ``-dict=`` is given, a
    dictionary of ``tokens``."""
    args = list(argv)
    folders = [a for a in args[1:] if not a.startswith("-")]
    if os.environ.get(SCRATCH):
        scratch = Path(os.environ[SCRATCH])
    else:                           # not supervised: removed at exit when the process gets there
        scratch = Path(tempfile.mkdtemp(prefix=f"zgcheck-fuzz-{name}-"))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    if not folders:
        corpus = scratch / "corpus"
        args.append(str(corpus))
    else:
        corpus = Path(folders[0])
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        for number, seed in enumerate(seeds):
            (corpus / f"seed-{number:03d}").write_bytes(seed)
    if not any(a.startswith("-dict=") for a in args):
        dictionary = scratch / f"{name}.dict"
        dictionary.write_text("\n".join(_dict_entry(t) for t in tokens) + "\n", encoding="ascii")
        args.insert(1, f"-dict={dictionary}")
    return args, scratch


# ------------------------------------------------------------------ a minimal .docx

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             b'numbering" Target="numbering.xml"/>'
             b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             b'styles" Target="styles.xml"/></Relationships>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_xml(lines: list[str], numbered_level: dict[int, int] | None = None,
                 table: list[list[str]] | None = None) -> bytes:
    """A document part: one paragraph per line (line k on list level ``numbered_level[k]``), then
    an optional table."""
    body = []
    for k, line in enumerate(lines):
        ppr = ""
        if numbered_level and k in numbered_level:
            ppr = (f'<w:pPr><w:numPr><w:ilvl w:val="{numbered_level[k]}"/><w:numId w:val="1"/>'
                   f'</w:numPr></w:pPr>')
        runs = "<w:r><w:tab/></w:r>".join(f"<w:r><w:t xml:space=\"preserve\">{_escape(part)}</w:t></w:r>"
                                           for part in line.split("\t"))
        body.append(f"<w:p>{ppr}{runs}</w:p>")
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{_escape(c)}</w:t></w:r></w:p></w:tc>"
                                          for c in row) + "</w:tr>" for row in table)
        body.append(f"<w:tbl>{rows}</w:tbl>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'
            + "".join(body) + "<w:sectPr/></w:body></w:document>").encode("utf-8")


def numbering_xml() -> bytes:
    """One list: 一、 / （一） / 1. on levels 0–2, the third restarting after level 0."""
    levels = [("chineseCounting", "%1、", ""), ("chineseCounting", "（%2）", ""),
              ("decimal", "%3.", '<w:lvlRestart w:val="1"/>')]
    lvls = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{restart}'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for k, (fmt, text, restart) in enumerate(levels))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {_W}>'
            f'<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>').encode("utf-8")


def styles_xml() -> bytes:
    """A heading style numbered on level 0 of list 1."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}>'
            f'<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
            f'<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>').encode("utf-8")


def docx_package(document: bytes, numbering: bytes | None = None, styles: bytes | None = None) -> bytes:
    """A .docx holding these parts (stored, not deflated: byte mutations reach the XML)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        package.writestr("word/document.xml", document)
        if numbering is not None:
            package.writestr("word/numbering.xml", numbering)
        if styles is not None:
            package.writestr("word/styles.xml", styles)
    return out.getvalue()


# ------------------------------------------------------------------ properties of a result

SEVERITIES = ("error", "warning", "info")


def _in_text(span, size: int, what: str) -> None:
    if span is not None and not 0 <= span.start <= span.end <= size:
        fail(f"{what} outside the text (length {size})", span)


def check_notice(notice) -> None:
    """Every span of a parsed notice lies in its text; an item's parts lie in the item."""
    size = len(notice.text)
    if len(notice.view) != size:
        fail("the folded view is not as long as the text", (len(notice.view), size))
    for name in ("title", "issuer_span", "contact", "signature"):
        _in_text(getattr(notice, name), size, name)
    for name in ("unplaced", "unread", "glued"):
        for span in getattr(notice, name):
            _in_text(span, size, name)
    for section in notice.sections:
        _in_text(section.span, size, "section")
        _in_text(section.heading, size, "section heading")
    for group in notice.groups:
        _in_text(group.span, size, "group")
        if group.parent is not None and not 0 <= group.parent < len(notice.groups):
            fail("group parent out of range", group.parent)
    for label in notice.labels:
        _in_text(label.span, size, "label")
        if label.parent is not None and not 0 <= label.parent < len(notice.labels):
            fail("label parent out of range", label.parent)
    for item in notice.items:
        _in_text(item.span, size, "item")
        _in_text(item.parent_problem, size, "item parent problem")
        if item.group is not None and not 0 <= item.group < len(notice.groups):
            fail("item group out of range", item.group)
        label = item.label_span
        if label is not None and label.end <= item.span.start and not notice.text[label.end:item.span.start].strip():
            label = None        # a label alone on the line before its head ("2." then "关于…"): allowed
        parts = [("label", label), ("problem", item.problem), ("rectification", item.rectification),
                 ("status", item.status)]
        parts += [("measure", m.span) for m in item.measures]
        parts += [(f"field {name}", span) for name, span in item.fields.items()]
        for what, span in parts:
            if span is not None and not item.span.contains(span):
                fail(f"item {item.index}: {what} outside the item {item.span}", span)


def check_findings(text: str, findings, items, positions: bool = True) -> None:
    """Evidence spans point into the text (an item's finding into its item); line and column
    agree with the text (``positions``: not for HTML, whose positions are in the file)."""
    from checker.textpos import LineIndex

    size = len(text)
    index = LineIndex(text) if positions else None
    for f in findings:
        if not 0 <= f.start <= f.end <= size:
            fail(f"{f.rule} evidence outside the text (length {size})", (f.start, f.end))
        for span in f.related:
            _in_text(span, size, f"{f.rule} related evidence")
        if f.item is not None:
            if not 0 <= f.item < len(items):
                fail(f"{f.rule} names no item", f.item)
            item = items[f.item].span
            if not item.start <= f.start <= f.end <= item.end:
                fail(f"{f.rule} evidence outside its item {item}", (f.start, f.end))
        if f.severity not in SEVERITIES or not f.rule or not f.message.strip():
            fail("finding without rule, message or a known severity", f)
        if index is not None and (f.line, f.column) != index.line_col(f.start):
            fail(f"{f.rule} line/column do not match its offset", (f.line, f.column, f.start))


def check_result_json(result) -> None:
    """The file's object of the JSON contract can be rendered and read back."""
    import json

    from checker.formatters.json_fmt import render_file

    rendered = render_file(result)
    rendered.encode("utf-8")            # a lone surrogate would fail only when written
    json.loads(rendered)
