"""Word comments (批注): a copy of the draft with each finding anchored where it belongs.

For .docx input the original is read as bytes and never written; the copy maps each
finding's span to paragraphs through ``checker.source.docx.extract`` (the same text the
checker saw). For .txt/.md input a new .docx is written with one paragraph per line.

Where a comment goes:
  * a finding on an item is anchored on its evidence; evidence that spans paragraphs is
    anchored on all of them (``commentRangeStart`` in the first, ``commentRangeEnd`` after the
    last);
  * a document-level finding about numbering, counts, the contact line or the structure is
    anchored on the whole paragraph(s) of its evidence (the heading or line it concerns);
  * a finding on the whole document (no contact line at all, not a notice) is anchored on the
    title, and no finding but the one about web clutter is ever anchored on web clutter.
Each comment holds the rule, the category and the message, and the suggestion when the
finding has one.

The work is linear in the size of the document, the findings and the comments it already
has: paragraphs are resolved in one pass, each finding finds its paragraphs by bisection,
each paragraph's runs are split at all the cut points at once, and comment ids are taken
from one scan of the existing comments. The output is written atomically and may not be the
input file.
"""
from __future__ import annotations

import bisect
import copy
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .atomic import write_bytes_atomic
from .findings import FileResult, Finding
from .formatters.labels import category_name
from .sanitize import machine_safe, xml_same_length

AUTHOR = "zgcheck"
INITIALS = "ZG"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# document-level categories whose comment covers the whole paragraph of the evidence
PARAGRAPH_CATEGORIES = frozenset({"numbering", "count", "contact", "structure"})
MAX_ID = 2**31 - 1
_MAKER = etree.Element


def _el(tag: str, attrs: dict[str, str] | None = None):
    """A new WordprocessingML element ``w:tag`` (python-docx's ``OxmlElement`` parses an XML
    string for each element: 10× slower, and the annotator makes several per comment)."""
    return _MAKER(f"{W}{tag}", attrs or {})


def _comment_paragraphs(f: Finding, lang: str) -> list[str]:
    """The comment's text, one string per paragraph: the message, then the suggestion."""
    texts = [f"[{f.rule} {category_name(f.category, lang)}] {f.text_message(lang)}"]
    suggestion = f.text_suggestion(lang)
    if suggestion:
        texts.append(("Fix: " if lang == "en" else "建议：") + suggestion)
    return [machine_safe(t) for t in texts]


@dataclass(slots=True)
class _Target:
    """A paragraph of the copy and the span of its text in the checked text."""
    start: int
    end: int
    p: Any                   # the w:p element


# ------------------------------------------------------------------ paragraphs of the copy

def _docx_targets(body, refs) -> list[_Target]:
    """The copy's paragraphs for ``extract``'s refs (those still found in the copy)."""
    from .source.docx import body_paragraphs

    return [_Target(ref.start, ref.end, el)
            for ref, el in zip(refs, body_paragraphs(body, [ref.body_path for ref in refs])) if el is not None]


def _text_targets(document, text: str) -> list[_Target]:
    """One new paragraph per line of ``text`` (inserted before the body's section properties
    directly: python-docx's ``add_paragraph`` looks for them again for every paragraph)."""
    body = document.element.body
    sect = body.find(f"{W}sectPr")
    targets: list[_Target] = []
    pos = 0
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        p = etree.SubElement(body, f"{W}p")      # made in the document, then moved into place
        if line:
            r = etree.SubElement(p, f"{W}r")
            for n, part in enumerate(xml_same_length(line).split("\t")):
                if n:
                    etree.SubElement(r, f"{W}tab")        # one character, as Word reads it
                if part:
                    etree.SubElement(r, f"{W}t", {XML_SPACE: "preserve"}).text = part
        if sect is not None:
            sect.addprevious(p)
        targets.append(_Target(pos, pos + len(line), p))
        pos += len(raw) + 1
    return targets


# ------------------------------------------------------------------ where each comment goes

def _title_span(result: FileResult) -> tuple[int, int] | None:
    notice = result.notice
    if notice is None:
        return None
    if notice.title is not None:
        return notice.title.start, notice.title.end
    for kind in ("title", None):
        for section in notice.sections:
            if section.kind != "clutter" and (kind is None or section.kind == kind):
                return section.span.start, section.span.end
    return None


class _Regions:
    """The web-clutter sections of the notice, looked up by bisection."""

    def __init__(self, result: FileResult) -> None:
        notice = result.notice
        spans = [] if notice is None else sorted(
            (s.span.start, s.span.end) for s in notice.sections if s.kind == "clutter")
        self.starts = [a for a, _ in spans]
        self.spans = spans

    def holds(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one clutter section."""
        k = bisect.bisect_right(self.starts, start) - 1
        if k < 0:
            return False
        a, b = self.spans[k]
        return max(end, start + 1) <= max(b, a + 1)


def _anchor(f: Finding, result: FileResult, title: tuple[int, int] | None,
            clutter: _Regions) -> tuple[tuple[int, int], bool]:
    """The span a finding's comment covers, and whether to widen it to whole paragraphs."""
    span = (f.start, f.end)
    if f.item is not None:
        return span, False
    notice = result.notice
    whole_document = (f.category == "not-a-notice"
                      or (f.category == "contact" and notice is not None and notice.contact is None)
                      or (f.category != "structure" and clutter.holds(*span)))
    if whole_document and title is not None:
        return title, True
    return span, f.category in PARAGRAPH_CATEGORIES


class _Paragraphs:
    """The copy's paragraphs in text order, found by bisection."""

    def __init__(self, targets: list[_Target]) -> None:
        self.targets = [t for t in targets if t.end > t.start]        # paragraphs holding text
        self.ends = [t.end for t in self.targets]

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """Indexes of the first and last text paragraphs that [start, end) overlaps (a
        zero-width span covers the character at ``start``); a span in a gap between
        paragraphs (blank lines) or past the end falls to the text paragraph before it."""
        if not self.targets:
            return None
        if end <= start:
            end = start + 1
        i = bisect.bisect_right(self.ends, start)
        if i == len(self.targets) or self.targets[i].start >= end:
            k = max(i - 1, 0)
            return k, k
        j = min(bisect.bisect_left(self.ends, end, lo=i), len(self.targets) - 1)
        if self.targets[j].start >= end:
            j -= 1
        return i, max(i, j)


# ------------------------------------------------------------------ runs

def _piece_length(el) -> int:
    """How many characters of the run's text (python-docx's ``Run.text``) ``el`` stands for."""
    from .source.docx import element_text

    return len(element_text(el)) if isinstance(el.tag, str) else 0


def _split_run_at(r, offsets: list[int]) -> list:
    """Split the run ``r`` at ``offsets`` (sorted, strictly inside its text) into
    ``len(offsets) + 1`` runs in place, in one pass; returns them in order. Each new run keeps
    ``r``'s properties; elements without text (drawings, field characters, page breaks…) stay
    on the side of the cut they were on; a ``w:t`` across a cut is cut in two."""
    rpr = r.find(f"{W}rPr")
    pieces = [r]
    for _ in offsets:
        piece = r.makeelement(r.tag, dict(r.attrib))
        if rpr is not None:
            piece.append(copy.deepcopy(rpr))
        pieces[-1].addnext(piece)
        pieces.append(piece)
    k = 0           # the piece that holds position ``pos``
    pos = 0
    for el in [c for c in r if c is not rpr]:
        length = _piece_length(el)
        while k < len(offsets) and offsets[k] <= pos:
            k += 1
        end = pos + length
        if el.tag != f"{W}t" or k == len(offsets) or end <= offsets[k]:
            if k:
                pieces[k].append(el)
            pos = end
            continue
        text = el.text or ""
        lo = pos
        first = True
        while lo < end:
            hi = offsets[k] if k < len(offsets) and offsets[k] < end else end
            if first:
                el.text = text[: hi - pos]
                el.set(XML_SPACE, "preserve")
                if k:
                    pieces[k].append(el)
                first = False
            else:
                t = el.makeelement(el.tag, dict(el.attrib))
                t.text = text[lo - pos: hi - pos]
                t.set(XML_SPACE, "preserve")
                pieces[k].append(t)
            lo = hi
            if lo < end:
                k += 1
        pos = end
    return pieces


def _cut(p, cuts: list[int]) -> tuple[dict[int, Any], dict[int, Any]]:
    """Split the paragraph's text runs at every offset in ``cuts`` (sorted, unique); return
    the first run starting at each offset and the last run ending at each offset."""
    from .source.docx import paragraph_runs, run_text

    starts: dict[int, Any] = {}
    ends: dict[int, Any] = {}
    pos = 0
    k = 0
    for r in paragraph_runs(p):
        length = len(run_text(r))
        if length == 0:
            continue
        a, b = pos, pos + length
        pos = b
        while k < len(cuts) and cuts[k] <= a:
            k += 1
        inner = []
        while k < len(cuts) and cuts[k] < b:
            inner.append(cuts[k] - a)
            k += 1
        pieces = _split_run_at(r, inner) if inner else [r]
        bounds = [a] + [a + c for c in inner] + [b]
        for piece, lo, hi in zip(pieces, bounds, bounds[1:]):
            starts.setdefault(lo, piece)
            ends[hi] = piece
    return starts, ends


# ------------------------------------------------------------------ comments

class _Comments:
    """Appends ``w:comment`` elements to the comments part; ids come from one scan."""

    def __init__(self, document) -> None:
        self.root = document.part._comments_part.element
        used = {int(v) for v in self.root.xpath("./w:comment/@w:id") if v.lstrip("-").isdigit()}
        self.used = used
        self.next_id = max(used, default=-1) + 1
        self.date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _new_id(self) -> int:
        if self.next_id > MAX_ID:           # ids past 32 bits: take the unused ones from 0
            self.next_id = 0
        while self.next_id in self.used:
            self.next_id += 1
        cid = self.next_id
        self.used.add(cid)
        self.next_id += 1
        return cid

    def add(self, paragraphs: list[str]) -> int:
        cid = self._new_id()
        comment = etree.SubElement(self.root, f"{W}comment", {
            f"{W}id": str(cid), f"{W}author": AUTHOR, f"{W}initials": INITIALS, f"{W}date": self.date})
        for n, text in enumerate(paragraphs):
            p = copy.deepcopy(_FIRST_PARAGRAPH if n == 0 else _NEXT_PARAGRAPH)
            p[-1][0].text = text
            comment.append(p)
        return cid


def _comment_paragraph(first: bool):
    """A comment's paragraph: style, the annotation mark (first paragraph only), a text run."""
    p = _el("p")
    ppr = _el("pPr")
    ppr.append(_el("pStyle", {f"{W}val": "CommentText"}))
    p.append(ppr)
    if first:
        ref = _el("r")
        rpr = _el("rPr")
        rpr.append(_el("rStyle", {f"{W}val": "CommentReference"}))
        ref.append(rpr)
        ref.append(_el("annotationRef"))
        p.append(ref)
    r = _el("r")
    r.append(_el("t", {XML_SPACE: "preserve"}))
    p.append(r)
    return p


# copied for each comment (a deep copy is several times faster than building the elements)
_FIRST_PARAGRAPH = _comment_paragraph(True)
_NEXT_PARAGRAPH = _comment_paragraph(False)


def _mark(first_run, last_run, cid: int) -> None:
    """``commentRangeStart`` before ``first_run``; ``commentRangeEnd`` and the reference run
    after ``last_run`` (which may be in a later paragraph)."""
    ident = {f"{W}id": str(cid)}
    # made inside the document they go into, then moved: a free-standing element is a
    # document of its own, and moving it between documents is the slow part
    start = etree.SubElement(first_run, f"{W}commentRangeStart", ident)
    first_run.addprevious(start)
    end = etree.SubElement(last_run, f"{W}commentRangeEnd", ident)
    ref_run = etree.SubElement(last_run, f"{W}r")
    rpr = etree.SubElement(ref_run, f"{W}rPr")
    etree.SubElement(rpr, f"{W}rStyle", {f"{W}val": "CommentReference"})
    etree.SubElement(ref_run, f"{W}commentReference", ident)
    last_run.addnext(ref_run)
    last_run.addnext(end)


def _annotate(document, targets: list[_Target], result: FileResult, findings: list[Finding], lang: str) -> int:
    paragraphs = _Paragraphs(targets)
    title = _title_span(result)
    clutter = _Regions(result)
    placed: list[tuple[Finding, int, int, int, int]] = []     # finding, first/last paragraph, offsets
    unplaced: list[Finding] = []                              # nowhere to go: a document without text
    cuts: dict[int, set[int]] = {}
    for f in findings:
        (start, end), whole_paragraphs = _anchor(f, result, title, clutter)
        found = paragraphs.covering(start, end)
        if found is None:
            unplaced.append(f)
            continue
        i, j = found
        first, last = paragraphs.targets[i], paragraphs.targets[j]
        if whole_paragraphs:
            a, b = 0, last.end - last.start
        else:
            a = min(max(start - first.start, 0), first.end - first.start - 1)
            b = min(max(end, start + 1) - last.start, last.end - last.start)
            if i == j and b <= a:
                b = a + 1
        cuts.setdefault(i, set()).add(a)
        cuts.setdefault(j, set()).add(b)
        placed.append((f, i, a, j, b))
    runs: dict[int, tuple[dict[int, Any], dict[int, Any]]] = {
        i: _cut(paragraphs.targets[i].p, sorted(offsets)) for i, offsets in cuts.items()}
    comments = _Comments(document)
    count = 0
    for f, i, a, j, b in placed:
        first_run = runs[i][0].get(a)
        last_run = runs[j][1].get(b)
        if first_run is None or last_run is None:      # pragma: no cover - every cut is a run edge
            continue
        _mark(first_run, last_run, comments.add(_comment_paragraphs(f, lang)))
        count += 1
    if unplaced:
        anchor = _empty_anchor(document, targets)
        for f in unplaced:
            _mark(anchor, anchor, comments.add(_comment_paragraphs(f, lang)))
            count += 1
    return count


def _empty_anchor(document, targets: list[_Target]):
    """An empty run to hang comments on in a document with no text."""
    p = targets[0].p if targets else None
    if p is None:
        p = _el("p")
        body = document.element.body
        sect = body.find(f"{W}sectPr")
        if sect is not None:
            sect.addprevious(p)
        else:
            body.append(p)
    r = _el("r")
    p.append(r)
    return r


def write_annotated(source_path: Path, result: FileResult, out_path: Path, lang: str = "zh") -> int:
    """Write the annotated copy; the number of comments written."""
    import docx

    if Path(out_path).resolve() == Path(source_path).resolve():
        raise ValueError("refusing to overwrite the input file")
    findings = sorted(result.findings, key=lambda f: (f.start, f.end))
    if Path(source_path).suffix.lower() == ".docx":
        from .source.docx import extract

        from .source.docx import refuse_declarations

        data = Path(source_path).read_bytes()
        refuse_declarations(data, str(source_path))      # a copy of such a package is not well-formed
        mapped = extract(data, str(source_path))
        document = docx.Document(io.BytesIO(data))
        targets = _docx_targets(document.element.body, mapped.paragraphs)
    else:
        document = docx.Document()
        targets = _text_targets(document, result.text)
    count = _annotate(document, targets, result, findings, lang)
    buf = io.BytesIO()
    document.save(buf)
    from .source.docx import check_well_formed

    check_well_formed(buf.getvalue(), str(source_path))   # never write a copy Word cannot open
    write_bytes_atomic(Path(out_path), buf.getvalue())
    return count
