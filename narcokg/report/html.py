"""HTML rendering of the resolution tracker: one self-contained page (inline CSS and SVG
charts; no script, stylesheet, font or image is fetched from anywhere)."""

from __future__ import annotations

from html import escape

from narcokg.report.model import Report, item_text, t
from narcokg.report.sanctions import html_parts

CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{border-bottom:2px solid #444}h3,h4{margin-bottom:.3rem}
.demand{border-left:4px solid #8aa;padding-left:.8rem;margin:1rem 0}
.sub{margin-left:1.5rem;border-left-color:#bcc}
.text{color:#333;font-style:italic;margin:.2rem 0}
.gap{color:#a33}.muted{color:#777}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
"""


def bar_chart(rows: list[tuple[str, int, int]], title: str) -> str:
    """Horizontal bars: value / maximum per row; rows are (label, value, maximum)."""
    bar_w, row_h, label_w = 260, 20, 190
    height = row_h * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" '
             f'height="{height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>']
    for n, (label, value, maximum) in enumerate(rows):
        y = 20 + n * row_h
        width = 0 if maximum == 0 else round(bar_w * value / maximum)
        parts += [f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" '
                  f'font-size="12">{escape(label)}</text>',
                  f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="{row_h - 6}" '
                  'fill="#eee"/>',
                  f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="{row_h - 6}" '
                  'fill="#4a8"/>',
                  f'<text x="{label_w + bar_w + 6}" y="{y + 13}" font-size="12">'
                  f'{value}/{maximum}</text>']
    parts.append("</svg>")
    return "".join(parts)


def _list(entries: list[str], empty: str, cls: str = "") -> str:
    if not entries:
        return f'<p class="muted">{escape(empty)}</p>'
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{escape(e)}</li>" for e in entries) + "</ul>"


def render_html(report: Report) -> str:
    lang = report.lang
    demands = report.demands
    per_demand = [(f"{d.notation}", len(d.responses) + len(d.related),
                   max([len(x.responses) + len(x.related) for x in demands] + [1]))
                  for d in demands]
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
           f"<title>{escape(t('title', lang))}</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(t('title', lang))}</h1>",
           f"<h2>{escape(t('summary', lang))}</h2>",
           "<table><tr><th>#</th>" + "".join(
               f"<th>{escape(t(k, lang))}</th>" for k in ("responses", "related", "gaps"))
           + "</tr>"]
    out += [f"<tr><td>{escape(d.notation)}</td><td>{len(d.responses)}</td>"
            f"<td>{len(d.related)}</td><td>{len(d.gaps)}</td></tr>" for d in demands]
    out.append("</table>")
    out += [f"<h3>{escape(t('chart_demands', lang))}</h3>",
            bar_chart(per_demand, t("chart_demands", lang)),
            f"<h3>{escape(t('chart_states', lang))}</h3>",
            bar_chart(report.state_coverage, t("chart_states", lang))]
    out += [f"<h2>{escape(t('covers', lang))}</h2>",
            f"<p>{escape(t('covers_intro', lang))}</p>",
            _list(report.coverage, t("no_slices", lang))]
    out.append(f"<h2>{escape(t('considerations', lang))}</h2><dl>")
    for c in report.considerations:
        out.append(f"<dt><b>{escape(c.notation)}.</b></dt><dd>"
                   + "<br>".join(escape(x) for x in item_text(c, lang)) + "</dd>")
    out.append(f"</dl><h2>{escape(t('demands', lang))}</h2>")
    for d in demands:
        tag, cls = ("h4", "demand sub") if d.parent else ("h3", "demand")
        texts = item_text(d, lang)[(1 if lang == "en" else 0):]
        out += [f'<section class="{cls}" id="demand-{escape(d.notation)}">',
                f"<{tag}>{escape(d.notation)}. {escape(d.label)}</{tag}>"]
        out += [f'<p class="text">{escape(x)}</p>' for x in texts]
        out += [f"<p><b>{escape(t('responses', lang))}</b></p>",
                _list(d.responses, t("none", lang)),
                f"<p><b>{escape(t('related', lang))}</b></p>",
                _list(d.related, t("none", lang)),
                f"<p><b>{escape(t('gaps', lang))}</b></p>",
                _list(d.gaps, t("no_gaps", lang), "gap")]
        if d.notation == "2" and report.demand2 is not None:
            out += html_parts(report.demand2, lang)
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
