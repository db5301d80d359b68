"""Shared fixtures. Seeds live outside the project (../shared/corpus) and are never copied in."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLES = REPO / "examples"
SKIP_REASON = "../shared/corpus not present (the seeds are published texts and are not shipped)"


def corpus_available() -> bool:
    return (CORPUS / "seeds").is_dir() and (CORPUS / "gold").is_dir()


@pytest.fixture
def seeds_dir() -> Path:
    if not corpus_available():
        pytest.skip(SKIP_REASON)
    return CORPUS / "seeds"


@pytest.fixture
def gold_dir() -> Path:
    if not corpus_available():
        pytest.skip(SKIP_REASON)
    return CORPUS / "gold"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


def run_cli(*args: str, cwd: Path | None = None, input: bytes | None = None, timeout: float = 120,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``zgcheck`` as a fresh process (``python -m checker``) and capture its output."""
    import os

    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd or REPO, input=input,
                          capture_output=True, timeout=timeout, env=env)


@pytest.fixture
def cli():
    return run_cli


WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def commented_texts(path: Path) -> dict[str, str]:
    """Comment id -> the text between its range start and end in a .docx's document.xml
    (tabs and breaks inside the range count as their characters)."""
    import zipfile

    from lxml import etree

    w = WORD_NS
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    open_ids: list[str] = []
    texts: dict[str, list[str]] = {}
    for el in root.iter():
        if el.tag == f"{w}commentRangeStart":
            open_ids.append(el.get(f"{w}id"))
            texts[el.get(f"{w}id")] = []
        elif el.tag == f"{w}commentRangeEnd":
            open_ids.remove(el.get(f"{w}id"))
        elif el.tag in (f"{w}t", f"{w}tab", f"{w}br", f"{w}cr") and open_ids:
            piece = el.text or "" if el.tag == f"{w}t" else ("\t" if el.tag == f"{w}tab" else "\n")
            for cid in open_ids:
                texts[cid].append(piece)
    return {cid: "".join(parts) for cid, parts in texts.items()}


def user_rule_yaml(condition: str, rid: str = "ZG901", name: str = "my-words") -> str:
    """A user's rule file (info, item scope, no examples) with ``condition`` (a YAML flow mapping)."""
    return (f"id: {rid}\nname: {name}\ncategory: vague\nseverity: info\nscope: item\n"
            "message: 命中。\nmessage_en: Hit.\ndescription: 命中。\nrationale: 测试。\n"
            f"condition: {condition}\nexamples:\n  flag: []\n  pass: []\n")
