"""Word comments (批注): a copy of the draft with each finding anchored on its evidence.

For .docx input the original is read as bytes and never written; the copy maps each
finding's span to paragraphs through ``checker.source.docx.extract`` (the same text the
checker saw) and anchors a comment on the runs under the span (runs are split at the span
boundaries). For .txt/.md input a new .docx is written with one paragraph per line.
The output is written atomically and may not be the input file.
"""
from __future__ import annotations

import io
from pathlib import Path

from .atomic import write_bytes_atomic
from .findings import FileResult, Finding
from .formatters.labels import category_name

AUTHOR = "zgcheck"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _comment_text(f: Finding, lang: str) -> str:
    return f"[{f.rule} {category_name(f.category, lang)}] {f.text_message(lang)}"


def _piece_length(el) -> int:
    """How many characters of the run's text (python-docx's ``Run.text``) ``el`` stands for."""
    from .source.docx import element_text

    return len(element_text(el)) if isinstance(el.tag, str) else 0


def _keep(r, lo: int, hi: int | None) -> None:
    """Cut the run ``r`` down to the characters [lo, hi) of its text; elements without text
    (drawings, field characters, page breaks…) stay on the side of the cut they were on."""
    pos = 0
    for el in [c for c in r if isinstance(c.tag, str) and c.tag != f"{W}rPr"]:
        length = _piece_length(el)
        a, b = pos, pos + length
        pos = b
        if length == 0:
            keep = a >= lo and (hi is None or a < hi)
        else:
            keep = b > lo and (hi is None or a < hi)
        if not keep:
            r.remove(el)
        elif el.tag == f"{W}t" and (a < lo or (hi is not None and b > hi)):
            el.text = (el.text or "")[max(lo - a, 0):None if hi is None else hi - a]
            el.set(XML_SPACE, "preserve")


def _split_run(paragraph, run, offset: int):
    """Split ``run`` at ``offset`` characters of its text; returns the new run holding the tail.
    The run's other content (drawings, fields, breaks) is kept, not rewritten from its text."""
    import copy

    from docx.text.run import Run

    tail = copy.deepcopy(run._r)
    run._r.addnext(tail)
    _keep(run._r, 0, offset)
    _keep(tail, offset, None)
    return Run(tail, paragraph)


def _runs_for(paragraph, start: int, end: int):
    """Runs covering [start, end) of the paragraph's text, splitting runs at the edges. The
    runs are those python-docx's ``Paragraph.text`` reads (hyperlinks' runs included)."""
    from docx.text.run import Run

    from .source.docx import paragraph_runs

    pos = 0
    chosen = []
    for r in paragraph_runs(paragraph._p):
        run = Run(r, paragraph)
        length = len(run.text)
        r_start, r_end = pos, pos + length
        pos = r_end
        if r_end <= start or r_start >= end or length == 0:
            continue
        if r_start < start:
            run = _split_run(paragraph, run, start - r_start)
            r_start = start
        if r_end > end:
            _split_run(paragraph, run, end - r_start)
        chosen.append(run)
    return chosen


def write_annotated(source_path: Path, result: FileResult, out_path: Path, lang: str = "zh") -> int:
    """Write the annotated copy; the number of comments written."""
    import docx

    if Path(out_path).resolve() == Path(source_path).resolve():
        raise ValueError("refusing to overwrite the input file")
    findings = sorted(result.findings, key=lambda f: (f.start, f.end))
    if Path(source_path).suffix.lower() == ".docx":
        from docx.text.paragraph import Paragraph

        from .source.docx import body_paragraph, extract

        from .source.docx import refuse_declarations

        data = Path(source_path).read_bytes()
        refuse_declarations(data, str(source_path))      # a copy of such a package is not well-formed
        mapped = extract(data, str(source_path))
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        targets = []
        for ref in mapped.paragraphs:
            el = body_paragraph(body, ref.body_path)
            if el is not None:
                targets.append((ref, Paragraph(el, document._body)))
    else:
        document = docx.Document()
        targets = []
        pos = 0
        from .source.docx import ParagraphRef

        for line in result.text.split("\n"):
            para = document.add_paragraph(line.rstrip("\r"))
            targets.append((ParagraphRef(pos, pos + len(line.rstrip("\r")), (0,)), para))
            pos += len(line) + 1
    count = 0
    for f in findings:
        for ref, para in targets:
            if ref.end < f.start or ref.start > max(f.start, f.end - 1) or (ref.start == ref.end and f.end > f.start):
                continue
            start = max(f.start, ref.start) - ref.start
            end = min(max(f.end, f.start + 1), ref.end) - ref.start
            runs = _runs_for(para, max(0, start), max(end, start + 1))
            if not runs and para.runs:
                runs = [para.runs[-1]]
            if not runs:
                runs = [para.add_run("")]
            document.add_comment(runs, text=_comment_text(f, lang), author=AUTHOR, initials="ZG")
            count += 1
            break
    buf = io.BytesIO()
    document.save(buf)
    from .source.docx import check_well_formed

    check_well_formed(buf.getvalue(), str(source_path))   # never write a copy Word cannot open
    write_bytes_atomic(Path(out_path), buf.getvalue())
    return count
