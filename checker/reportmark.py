"""Recognise the reports zgcheck wrote, so that a later run does not check them as notices.

Every report format carries a marker near its start, found by reading the first bytes:

- HTML: ``<meta name="generator" content="zgcheck …">`` in ``<head>``;
- Markdown: a first line ``<!-- generator: zgcheck … -->``;
- text written to a file (``-o report.txt``): a first line ``zgcheck … report``/``检查报告``;
- JSON: ``{"generator": "zgcheck", …`` (the contract gained the key);
- SARIF: ``"name": "zgcheck"`` of ``runs[0].tool.driver``;
- JUnit: ``<testsuite name="zgcheck"`` (or ``<testsuites name="zgcheck"``);
- GitLab Code Quality: a JSON array whose first issue has the ``check_name`` and
  ``fingerprint`` keys zgcheck writes.

A copy written by ``--annotate`` is a .docx whose comments are by the author ``zgcheck``.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile

HEAD_BYTES = 4096
GENERATOR = "zgcheck"
MARKDOWN_MARK = "<!-- generator: zgcheck"
TEXT_MARK = "zgcheck "          # first line of a text report written to a file

_HEAD_MARKS = (
    re.compile(rb'\A\xef?\xbb?\xbf?\s*\{\s*"generator"\s*:\s*"zgcheck"'),
    re.compile(rb'\A\s*<!-- generator: zgcheck'),
    re.compile(rb'\A(?:\xef\xbb\xbf)?zgcheck [^\n]{0,40}(?:report|\xe6\xa3\x80\xe6\x9f\xa5\xe6\x8a\xa5\xe5\x91\x8a)'),
    re.compile(rb'<meta name="generator" content="zgcheck'),
    # any SARIF log (zgcheck writes the tool's name last, as it streams): never a notice
    re.compile(rb'\A\s*\{\s*"\$schema"\s*:\s*"[^"\n]*sarif'),
    re.compile(rb'\A\s*(?:<\?xml[^>]*\?>\s*)?<testsuites? name="zgcheck"'),
    re.compile(rb'\A\s*\[\s*\{[^{}]{0,2000}"check_name"[^{}]{0,2000}"fingerprint"', re.S),
)


def text_report_header(version: str, lang: str) -> str:
    """The first line of a text report written to a file."""
    return f"{TEXT_MARK}{version} {'report' if lang == 'en' else '检查报告'}\n"


def written_by_zgcheck(path: str) -> bool:
    """Is ``path`` a report zgcheck wrote (or, for a .docx, a copy ``--annotate`` wrote)?
    Reads at most the first few KB; a file that cannot be read is not one (reading it
    later reports the reason)."""
    if path == "-":
        return False
    try:
        # never block on a FIFO or a device that happens to have a notice's name
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            if path.lower().endswith(".docx"):
                return _annotated_copy(fh)
            head = fh.read(HEAD_BYTES)
        except OSError:
            return False
    return any(mark.search(head) for mark in _HEAD_MARKS)


def _annotated_copy(fh) -> bool:
    try:
        with zipfile.ZipFile(fh) as archive:
            try:
                info = archive.getinfo("word/comments.xml")
            except KeyError:
                return False
            if info.file_size > 64 * 1024 * 1024:
                return False
            with archive.open(info) as fh:
                head = fh.read(HEAD_BYTES * 4)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, NotImplementedError, EOFError):
        return False
    return b'w:author="zgcheck"' in head
