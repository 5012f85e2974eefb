"""The resolution tracker: for each consideration and demand of the resolution, its text, the
instruments that respond to it or relate to it, the gaps the coverage queries find, and a
coverage summary with charts. ``build_report`` is the public face: the model is collected
once (``narcokg.report.model``) and rendered as self-contained HTML (``.html``: inline SVG
and CSS, nothing fetched) or Markdown (``.markdown``)."""

from __future__ import annotations

from narcokg.errors import InputError
from narcokg.report.answers import Answers
from narcokg.report.html import render_html
from narcokg.report.markdown import render_markdown
from narcokg.report.model import Item, Report, collect

__all__ = ["Answers", "Item", "Report", "build_report", "collect", "render_html", "render_markdown"]


def build_report(lang: str = "en", fmt: str = "html", store=None, store_path=None,
                 endpoint=None, timeout: float = 30.0, for_release: bool = False,
                 answers=None) -> str:
    """The tracker in ``lang`` as ``fmt``; ``answers``: query answers shared between the
    languages (``narcokg.report.answers.Answers``)."""
    report = collect(lang, store=store, store_path=store_path, endpoint=endpoint,
                     timeout=timeout, answers=answers)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report, for_release)
    raise InputError(f"unknown report format {fmt!r} (want html or markdown)")
