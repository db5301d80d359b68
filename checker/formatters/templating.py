"""Jinja environments for the human formats (templates live in ``templates/``).

HTML templates are autoescaped (``select_autoescape`` on ``.html``); text and markdown
templates render without HTML escaping but in a sandbox, with their own escaping
filters. Document text is only ever passed as data, never compiled as a template, so
``{{ … }}`` inside a notice stays literal text.
"""
from __future__ import annotations

from functools import lru_cache

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..resources import data_dir
from .labels import category_name, severity_name, t


@lru_cache(maxsize=None)
def environment(kind: str) -> jinja2.Environment:
    """``kind`` is ``html`` (autoescaped) or ``text`` (text and markdown)."""
    loader = jinja2.FileSystemLoader(str(data_dir("templates")))
    if kind == "html":
        env: jinja2.Environment = SandboxedEnvironment(
            loader=loader, autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    else:
        env = SandboxedEnvironment(
            loader=loader, autoescape=False, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(t=t, category_name=category_name, severity_name=severity_name)
    return env
