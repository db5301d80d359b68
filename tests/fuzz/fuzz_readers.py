"""Coverage-guided fuzzing of the readers and the whole check of one file (atheris).

Input: the first byte chooses what the rest becomes — a ``.txt``, ``.md``, ``.html`` or ``.docx``
file as is, or a ``.docx`` assembled from XML parts (``document.xml`` [NUL ``numbering.xml``
[NUL ``styles.xml``]]) so that mutations reach the XML and not only the zip container.

Properties: ``read_source`` returns a Source or raises ``SourceError`` (one line, naming the
file, in Chinese and English); ``check_path`` returns a result whose error is that one line —
never "internal error" — or findings whose spans lie in the text. Anything else is a crash.

    python tests/fuzz/fuzz_readers.py -atheris_runs=20000
    python tests/fuzz/fuzz_readers.py -max_total_time=120 -artifact_prefix=/tmp/zg-
"""
from __future__ import annotations

import sys
from html import escape

import atheris

import _common as C

if __name__ == "__main__":
    C.supervise()               # the harness runs in a child process; its scratch folder is removed after
C.instrument_checker()

from checker.runner import Resolver, RunPlan, check_path, check_text  # noqa: E402
from checker.source import SourceError, read_source  # noqa: E402

SUFFIXES = (".txt", ".md", ".html", ".docx", ".docx")
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".docx": "docx"}
RESOLVER = Resolver(RunPlan())
WORK = None          # the scratch folder the input files are written into (set in main)

INVENTED = ["关于某县农业农村局巡察整改进展情况的通报",
            "根据县委统一部署，县委第二巡察组对县农业农村局党组开展了巡察。现将整改进展情况公布如下。",
            "一、整改落实情况", "（一）关于落实惠农政策不到位的问题",
            "1.关于补贴发放不及时的问题。整改情况：已完成整改，补发补贴12.5万元。",
            "2.关于台账管理不规范的问题。整改措施：一是修订台账制度；二是将于2025年6月底前完成复核。",
            "二、下一步工作", "持续巩固整改成果。", "欢迎广大干部群众监督。联系电话：0000-1234567。",
            "中共某县农业农村局党组", "2024年12月1日"]


def build(data: bytes) -> tuple[str, bytes]:
    """(file suffix, file bytes) of one fuzz input."""
    if not data:
        return ".txt", b""
    mode, rest = data[0] % len(SUFFIXES), data[1:]
    if mode == 4:
        parts = rest.split(b"\x00", 2)
        rest = C.docx_package(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
    return SUFFIXES[mode], rest


def seeds() -> list[bytes]:
    texts = C.example_texts()[:4] + ["\n".join(INVENTED)]
    out = []
    for text in texts:
        lines = text.splitlines()
        out.append(b"\x00" + text.encode("utf-8"))
        out.append(b"\x01" + "\n".join(("## " + ln) if ln.startswith(("一、", "二、")) else ln
                                       for ln in lines).encode("utf-8"))
        out.append(b"\x02" + ("<!DOCTYPE html><html><head><title>通报</title><script>var a = '<p>';</script></head>"
                              "<body>" + "".join(f"<p>{escape(ln)}</p>" for ln in lines)
                              + "</body></html>").encode("utf-8"))
    invented = "\n".join(INVENTED)
    out += [b"\x00" + invented.encode("gb18030"), b"\x00" + invented.encode("utf-16-le"),
            b"\x00" + invented.encode("utf-16"), b"\x00" + invented.encode("utf-8-sig"),
            b"\x00" + invented.replace("\n", "\r\n").encode("utf-8"),
            b"\x00" + invented.replace("\n", "\r").encode("utf-8"),
            b"\x00" + invented.encode("utf-8")[:-1], b"\x00",
            b"\x01" + "| 问题 | 整改情况 |\n| --- | --- |\n| 台账不全 | 已补录台账12本。 |\n".encode("utf-8"),
            b"\x02" + "<html><body><table><tr><td>1</td><td>台账不全&amp;</td><td>已补录。</td></tr></table>"
                      "<br>联系电话：0000-1234567&#x3002;</body></html>".encode("utf-8")]
    numbered = {k: (0 if line.startswith(("一、", "二、")) else 2) for k, line in enumerate(INVENTED)
                if line[:2] in ("一、", "二、", "1.", "2.")}
    plain_lines = [ln[2:] if k in numbered else ln for k, ln in enumerate(INVENTED)]
    document = C.document_xml(plain_lines, numbered, table=[["问题", "整改情况"], ["台账不全", "已补录台账12本。"]])
    out.append(b"\x03" + C.docx_package(C.document_xml(INVENTED)))
    out.append(b"\x03" + C.docx_package(document, C.numbering_xml(), C.styles_xml()))
    out.append(b"\x04" + C.document_xml(INVENTED))
    out.append(b"\x04" + document + b"\x00" + C.numbering_xml() + b"\x00" + C.styles_xml())
    return out


def check_source(source, suffix: str) -> None:
    text = source.text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        C.fail("the text cannot be written as UTF-8", str(exc))
    if source.format != FORMATS[suffix]:
        C.fail(f"format of a {suffix} file", source.format)
    for offset, label in source.list_labels.items():
        if not (0 <= offset <= len(text) and (offset == 0 or text[offset - 1] == "\n")):
            C.fail("a list label not at a line start", (offset, label))
        if not isinstance(label, str) or not label:
            C.fail("an empty list label", (offset, label))
    if source.source_map is not None:
        for offset in (0, len(text) // 2, len(text)):
            line, column = source.source_map.line_col(offset)
            if line < 1 or column < 1:
                C.fail("a source-map position before the file", (offset, line, column))


def test_one_input(data: bytes) -> None:
    suffix, content = build(data)
    path = WORK / f"input{suffix}"
    path.write_bytes(content)
    source = refused = None
    try:
        source = read_source(path)
    except SourceError as exc:
        refused = exc
        for lang in ("zh", "en"):
            C.check_one_line(exc.message(lang), f"SourceError ({lang})")
            if not exc.message(lang).startswith(f"{path}: "):
                C.fail("a SourceError that does not name the file", exc.message(lang))
    if source is not None:
        check_source(source, suffix)
    result = check_path(str(path), None, RESOLVER)
    if result.kind == "error":
        C.check_one_line(result.error, "check_path error")
        if "内部错误" in result.error or "internal error" in result.error:
            if source is not None:           # raise the real exception, with its traceback
                settings = RESOLVER.settings(None)
                check_text(source.text, str(path), settings, RESOLVER.ruleset(None), encoding=source.encoding,
                           source_format=source.format, list_labels=source.list_labels,
                           source_map=source.source_map)
            C.fail("internal error", result.error)
        if refused is not None and result.error != refused.message("zh"):
            C.fail("check_path reports another error than read_source", (result.error, str(refused)))
    else:
        if source is None:
            C.fail("check_path read a file read_source refused", str(refused))
        C.check_notice(result.notice)
        C.check_findings(result.notice.text, result.findings, result.notice.items,
                         positions=result.source_format != "html")
    C.check_result_json(result)


def main() -> None:
    global WORK
    args, WORK = C.prepare(sys.argv, "readers", seeds(), C.NOTICE_TOKENS)
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
