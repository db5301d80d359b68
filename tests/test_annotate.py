"""Word comments: the annotated copy reopens, has one comment per finding on the evidence text."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from checker.annotate import write_annotated
from checker.config import Settings
from checker.engine import load_ruleset
from checker.runner import check_text
from checker.source import read_source

RULES = load_ruleset(Settings())
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "county-water-bureau.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _commented_texts(path: Path) -> dict[str, str]:
    """comment id -> the text between its range start and end in document.xml."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    open_ids: list[str] = []
    texts: dict[str, list[str]] = {}
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart":
            open_ids.append(el.get(f"{W}id"))
            texts[el.get(f"{W}id")] = []
        elif el.tag == f"{W}commentRangeEnd":
            open_ids.remove(el.get(f"{W}id"))
        elif el.tag == f"{W}t":
            for cid in open_ids:
                texts[cid].append(el.text or "")
    return {k: "".join(v) for k, v in texts.items()}


def _draft(tmp_path: Path) -> Path:
    document = docx.Document()
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        para = document.add_paragraph()
        half = len(line) // 2
        para.add_run(line[:half])          # two runs per paragraph: spans cross run boundaries
        para.add_run(line[half:])
    path = tmp_path / "draft.docx"
    document.save(path)
    return path


def test_docx_draft_gets_one_comment_per_finding_on_its_evidence(tmp_path: Path) -> None:
    draft = _draft(tmp_path)
    before = draft.read_bytes()
    source = read_source(draft)
    result = check_text(source.text, str(draft), Settings(), RULES, source_format="docx")
    assert result.findings
    out = tmp_path / "draft.reviewed.docx"
    written = write_annotated(draft, result, out, "zh")
    assert written == len(result.findings)
    assert draft.read_bytes() == before
    reopened = docx.Document(out)
    comments = list(reopened.comments)
    assert len(comments) == len(result.findings)
    assert all(c.text.startswith("[ZG") for c in comments)
    anchored = sorted(_commented_texts(out).values())
    expected = sorted(source.text[f.start:f.end].split("\n")[0] for f in result.findings)
    assert anchored == expected


def test_text_input_becomes_a_new_docx_with_comments(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = check_text(text, "n.txt", Settings(), RULES)
    out = tmp_path / "n.docx"
    assert write_annotated(EXAMPLE, result, out, "en") == len(result.findings)
    comments = list(docx.Document(out).comments)
    assert comments and all(f.message_en in c.text for f, c in zip(sorted(result.findings, key=lambda f: (f.start, f.end)), comments))


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    draft = _draft(tmp_path)
    result = check_text(read_source(draft).text, str(draft), Settings(), RULES)
    with pytest.raises(ValueError):
        write_annotated(draft, result, draft)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_libreoffice_opens_the_annotated_copy(tmp_path: Path) -> None:
    draft = _draft(tmp_path)
    result = check_text(read_source(draft).text, str(draft), Settings(), RULES)
    out = tmp_path / "reviewed.docx"
    write_annotated(draft, result, out)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   capture_output=True, timeout=180)
    assert (tmp_path / "reviewed.pdf").exists()
