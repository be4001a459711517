"""Charts drawn on the server with pygal: one SVG, shown in the page and in the PDF briefing
as an image (its own styles stay inside it, so the site's style policy holds), each with a
text alternative and the data table it was drawn from."""

from __future__ import annotations

import base64
import re
import sys

import pygal
from pygal.style import Style

# pygal appends a legacy import hook (for its map plugins, which we do not use) to
# sys.meta_path; it lacks find_spec, so every later import that reaches it warns
# (an ImportWarning, an error under our test settings). Take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]

# NHS.UK colours: blue for the baseline, warm yellow-orange for the scenario.
STYLE = Style(background="white", plot_background="white", foreground="#212b32",
              foreground_strong="#212b32", foreground_subtle="#d8dde0",
              colors=("#005eb8", "#ed8b00"), font_family="Arial, sans-serif",
              label_font_size=14, major_label_font_size=14, legend_font_size=14,
              title_font_size=18, value_font_size=12)


def bars(slug: str, title: str, labels: list[str], baseline: list[float],
         scenario: list[float], unit: str) -> dict:
    """A grouped bar chart of baseline against scenario, with its alternative and table."""
    chart = pygal.Bar(style=STYLE, width=800, height=420, js=[], disable_xml_declaration=True,
                      legend_at_bottom=True, print_values=False, x_label_rotation=0,
                      truncate_label=-1, title=title, y_title=unit)
    chart.uuid = slug  # a stable id: the same chart is the same SVG wherever it is shown
    chart.x_labels = labels
    chart.add("Baseline", baseline)
    chart.add("Scenario", scenario)
    # pygal always writes a config script for its optional browser tooltips; an image
    # never runs it, and a chart without it is plain drawing.
    svg = re.sub(r"<script.*?</script>", "", chart.render(is_unicode=True), flags=re.S)
    return {"slug": slug, "title": title, "svg": svg, "unit": unit,
            "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            "alt": alternative(title, labels, baseline, scenario, unit),
            "rows": [(label, b, s) for label, b, s in zip(labels, baseline, scenario,
                                                           strict=True)]}


def alternative(title: str, labels, baseline, scenario, unit: str) -> str:
    """The chart in words, for screen readers and for anyone who cannot see it."""
    parts = [f"{label}: {b:g} in the baseline, {s:g} in the scenario"
             for label, b, s in zip(labels, baseline, scenario, strict=True)]
    return f"{title} ({unit}). " + ("; ".join(parts) if parts else "Nothing to show") + "."
