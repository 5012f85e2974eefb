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


CHAR_W = 7.5  # width of a character of the 12 px chart labels, generous (wide glyphs)
LABEL_MAX = 36  # longer labels are cut with "…"; the full name is their <title> tooltip


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[:LABEL_MAX - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, int, int | None]], title: str,
              hrefs: dict[str, str] | None = None) -> str:
    """Horizontal bars, one per row ``(label, value, total)``: with a total, the bar is the
    share value / total on a grey track of the full total and reads "value / total"; without
    one (None), bars are counts on a common scale and read the count only, so that no bar
    looks like full coverage. The label column is as wide as the longest (shortened) label,
    so no label starts left of the chart; a label with an entry in ``hrefs`` is a link."""
    hrefs = hrefs or {}
    bar_w, row_h = 260, 20
    label_w = round(max([len(_short(r[0])) for r in rows] + [4]) * CHAR_W) + 12
    scale = max([v for _, v, n in rows if n is None] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 80}" '
             f'height="{row_h * len(rows) + 30}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>']
    for n, (label, value, total) in enumerate(rows):
        y = 20 + n * row_h
        short = _short(label)
        tip = f"<title>{escape(label)}</title>" if short != label else ""
        text = (f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">'
                f"{tip}{escape(short)}</text>")
        if label in hrefs:
            text = f'<a href="{escape(hrefs[label])}">{text}</a>'
        whole = scale if total is None else total
        width = min(bar_w, round(bar_w * value / whole)) if whole else 0
        parts.append(text)
        if total is not None:
            parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" '
                         f'height="{row_h - 6}" fill="#eee"/>')
        parts += [f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="{row_h - 6}" '
                  'fill="#4a8"/>',
                  f'<text x="{label_w + bar_w + 6}" y="{y + 13}" font-size="12">'
                  f'{value if total is None else f"{value} / {total}"}</text>']
    parts.append("</svg>")
    return "".join(parts)


def _href(iri: str | None, for_release: bool) -> str | None:
    """Where an item links: its page in the release (``id/<kind>/<key>.html``, relative to
    the release root where the report is written) or, outside a release, the IRI itself;
    None for anything that is not an http(s) IRI."""
    from narcokg.publication.iris import release_file
    from narcokg.publication.view import WEB_LINK

    if not iri:
        return None
    if for_release and release_file(iri):
        return release_file(iri)
    return iri if WEB_LINK.fullmatch(iri) else None


def _linked(text: str, iri: str | None, for_release: bool) -> str:
    from narcokg.publication.view import link

    href = _href(iri, for_release)
    return link(href, text, own=True) if href else escape(text)


def _list(entries: list[str], empty: str, cls: str = "", for_release: bool = False) -> str:
    if not entries:
        return f'<p class="muted">{escape(empty)}</p>'
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(
        f"<li>{_linked(e, getattr(e, 'iri', None), for_release)}</li>" for e in entries
    ) + "</ul>"


def _demand(d, report: Report, for_release: bool) -> list[str]:
    lang = report.lang
    tag, cls = ("h4", "demand sub") if d.parent else ("h3", "demand")
    texts = item_text(d, lang)[(1 if lang == "en" else 0):]
    out = [f'<section class="{cls}" id="demand-{escape(d.notation)}">',
           f"<{tag}>{escape(d.notation)}. {_linked(d.label, d.iri, for_release)}</{tag}>"]
    out += [f'<p class="text">{escape(x)}</p>' for x in texts]
    out += [f"<p><b>{escape(t('responses', lang))}</b></p>",
            _list(d.responses, t("none", lang), for_release=for_release),
            f"<p><b>{escape(t('related', lang))}</b></p>",
            _list(d.related, t("none", lang), for_release=for_release),
            f"<p><b>{escape(t('gaps', lang))}</b></p>",
            _list(d.gaps, t("no_gaps", lang), "gap", for_release)]
    if d.notation == "2" and report.demand2 is not None:
        out += html_parts(report.demand2, lang)
    out.append("</section>")
    return out


def render_html(report: Report, for_release: bool = False) -> str:
    """The tracker as one page. ``for_release``: the page is written at the root of a release,
    so items link to their pages there (``id/...html``); otherwise to their IRIs."""
    lang = report.lang
    demands = report.demands
    per_demand = [(d.notation, len(d.responses) + len(d.related), None) for d in demands]
    state_hrefs = {s: h for s, iri in report.state_iris.items()
                   if (h := _href(iri, for_release))}
    demand_hrefs = {d.notation: f"#demand-{d.notation}" for d in demands}
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
           f"<title>{escape(t('title', lang))}</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(t('title', lang))}</h1>",
           f"<h2>{escape(t('summary', lang))}</h2>",
           "<table><tr><th>#</th>" + "".join(
               f"<th>{escape(t(k, lang))}</th>" for k in ("responses", "related", "gaps"))
           + "</tr>"]
    out += [f'<tr><td><a href="#demand-{escape(d.notation)}">{escape(d.notation)}</a></td>'
            f"<td>{len(d.responses)}</td><td>{len(d.related)}</td><td>{len(d.gaps)}</td></tr>"
            for d in demands]
    out.append("</table>")
    out += [f"<h3>{escape(t('chart_demands', lang))}</h3>",
            bar_chart(per_demand, t("chart_demands", lang), demand_hrefs),
            f"<h3>{escape(t('chart_states', lang))}</h3>",
            bar_chart(report.state_coverage, t("chart_states", lang), state_hrefs)]
    out += [f"<h2>{escape(t('covers', lang))}</h2>",
            f"<p>{escape(t('covers_intro', lang))}</p>",
            _list(report.coverage, t("no_slices", lang))]
    out.append(f"<h2>{escape(t('considerations', lang))}</h2><dl>")
    for c in report.considerations:
        out.append(f"<dt><b>{_linked(c.notation + '.', c.iri, for_release)}</b></dt><dd>"
                   + "<br>".join(escape(x) for x in item_text(c, lang)) + "</dd>")
    out.append(f"</dl><h2>{escape(t('demands', lang))}</h2>")
    for d in demands:
        out += _demand(d, report, for_release)
    out.append("</body></html>")
    return "\n".join(out) + "\n"
