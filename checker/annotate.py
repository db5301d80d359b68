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


def _comment_text(f: Finding, lang: str) -> str:
    return f"[{f.rule} {category_name(f.category, lang)}] {f.text_message(lang)}"


def _split_run(paragraph, run, offset: int):
    """Split ``run`` at ``offset`` characters; returns the new run holding the tail."""
    import copy

    text = run.text
    tail = copy.deepcopy(run._r)
    run._r.addnext(tail)
    run.text = text[:offset]
    from docx.text.run import Run

    new = Run(tail, paragraph)
    new.text = text[offset:]
    return new


def _runs_for(paragraph, start: int, end: int):
    """Runs covering [start, end) of the paragraph's run text, splitting runs at the edges."""
    pos = 0
    chosen = []
    for run in list(paragraph.runs):
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
        from .source.docx import extract

        data = Path(source_path).read_bytes()
        mapped = extract(data, str(source_path))
        document = docx.Document(io.BytesIO(data))
        body = list(document.element.body.iterchildren())
        targets = []
        for ref in mapped.paragraphs:
            el = body[ref.body_path[0]] if ref.body_path[0] < len(body) else None
            if el is None:
                continue
            if len(ref.body_path) > 1:
                rows = list(el.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"))
                cells = list(rows[ref.body_path[1]].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"))
                paras = list(cells[ref.body_path[2]].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
                el = paras[ref.body_path[3]]
            from docx.text.paragraph import Paragraph

            targets.append((ref, Paragraph(el, document._body)))
    else:
        document = docx.Document()
        targets = []
        pos = 0
        from .source.docx import ParagraphRef

        for line in result.text.split("\n"):
            para = document.add_paragraph(line.rstrip("\r"))
            targets.append((ParagraphRef(pos, pos + len(line.rstrip("\r")), (0,), 0), para))
            pos += len(line) + 1
    count = 0
    for f in findings:
        for ref, para in targets:
            if ref.end < f.start or ref.start > max(f.start, f.end - 1) or (ref.start == ref.end and f.end > f.start):
                continue
            start = max(f.start, ref.start) - ref.start - ref.prefix_len
            end = min(max(f.end, f.start + 1), ref.end) - ref.start - ref.prefix_len
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
    write_bytes_atomic(Path(out_path), buf.getvalue())
    return count
