"""Markdown rendering of the tracker: store text is made inert (one line, no raw HTML, no
link, emphasis or table syntax)."""

from __future__ import annotations

import html
import re

from narcokg.report.model import Report, item_text, t
from narcokg.report.sanctions import markdown_lines

MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def md(text) -> str:
    """Store text as inert Markdown: one line, no raw HTML (``<script>`` stays text), no
    link, emphasis or table syntax."""
    one_line = " ".join(str(text).split())
    return MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def render_markdown(report: Report) -> str:
    lang = report.lang
    out = [f"# {t('title', lang)}", ""]
    out += [f"## {t('summary', lang)}", "", f"{t('chart_demands', lang)}:", "",
            "| # | " + t("responses", lang) + " | " + t("related", lang) + " | "
            + t("gaps", lang) + " |", "|---|---|---|---|"]
    out += [f"| {md(d.notation)} | {len(d.responses)} | {len(d.related)} | {len(d.gaps)} |"
            for d in report.demands]
    out += ["", f"{t('chart_states', lang)}:", ""]
    out += [f"- {md(s)}: {'█' * c}{'░' * (n - c)} {c}/{n}" for s, c, n in report.state_coverage]
    out += ["", f"## {t('covers', lang)}", "", md(t("covers_intro", lang)), ""]
    out += [f"- {md(s)}" for s in report.coverage] or [f"- {md(t('no_slices', lang))}"]
    out += ["", f"## {t('considerations', lang)}", ""]
    for c in report.considerations:
        out.append(f"- **{md(c.notation)}.** " + " ".join(md(x) for x in item_text(c, lang)))
    out += ["", f"## {t('demands', lang)}", ""]
    for d in report.demands:
        level = "####" if d.parent else "###"
        out += [f"{level} {md(d.notation)}. {md(d.label)}", ""]
        out += [f"> {md(line)}" for line in item_text(d, lang)[(1 if lang == 'en' else 0):]]
        out.append("")
        for key, entries, empty in (("responses", d.responses, "none"),
                                    ("related", d.related, "none"),
                                    ("gaps", d.gaps, "no_gaps")):
            out.append(f"*{t(key, lang)}*: " + ("" if entries else t(empty, lang)))
            out += [f"- {md(e)}" for e in entries]
            out.append("")
        if d.notation == "2" and report.demand2 is not None:
            out += markdown_lines(report.demand2, lang, md)
    return "\n".join(out).rstrip() + "\n"
