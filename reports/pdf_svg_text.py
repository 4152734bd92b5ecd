"""Faster SVG text for WeasyPrint 70 (issue 15): our charts' labels drawn as one run each, not letter by letter.

WeasyPrint 70 lays out every SVG ``<text>`` once for its width and then once more *per character* (Pango layout,
font lookup, a text object each), because SVG allows a position, rotation or spacing per character. Our charts never
use those: each label is one string at one ``x``/``y``. For such a node this draws the whole string from the layout
already made, with the same style, position, baseline, anchor group and bounding box — the same picture, the text
still text (selectable, searchable) — and leaves every other node to WeasyPrint's own function. On the demo's
bulletin (1,722 chart labels) the SVG text went from more than half of the render to a small part of it.

Installed by ``reports.pdf`` when it first renders, only on the WeasyPrint version it was written against
(``SUPPORTED``); on any other version WeasyPrint's own drawing is used unchanged, and a test says so."""

from math import inf

SUPPORTED = "70.0"
_PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")
_ANCHOR_SHIFT = {"middle": 0.5, "end": 1.0}  # of the label's width, to the left
_OWN_ANCHOR = "data-wushan-anchor"  # where draw_node leaves a centred label's anchor for ``text`` to apply


def _simple(node) -> bool:
    """One string at one position: no per-letter positions, rotation, spacing or length adjustment."""
    if not node.text or any(node.get(name) for name in _PER_LETTER):
        return False
    return all(len(str(node.attrib.get(axis, "0")).replace(",", " ").split()) <= 1 for axis in ("x", "y"))


def make_fast_text(original):
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    def text(svg, node, font_size):
        if not _simple(node):
            return original(svg, node, font_size)
        style = Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
        style["font_style"] = node.get("font-style", "normal")
        weight = node.get("font-weight", 400)
        if weight == "normal":
            weight = 400
        elif weight == "bold":
            weight = 700
        else:
            try:
                weight = int(weight)
            except ValueError:
                weight = 400
        style["font_weight"] = weight
        style["font_size"] = font_size
        if node.get("direction") in ("ltr", "rtl"):
            style["direction"] = node.get("direction")
        layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)

        ascent, descent = font_size * 0.8, font_size * 0.2  # as WeasyPrint 70 (its TODO: real values)
        y_align = 0
        display_anchor = node.get("display-anchor")
        alignment = node.get("dominant-baseline", node.get("alignment-baseline"))
        if display_anchor == "middle":
            y_align = -height / 2
        elif display_anchor == "bottom":
            y_align = -height
        elif display_anchor == "top":
            pass
        elif alignment in ("central", "middle"):
            y_align = (ascent + descent) / 2 - descent
        elif alignment in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
            y_align = ascent
        elif alignment in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
            y_align = -descent

        x = size(node.attrib["x"], font_size, svg.inner_width) if "x" in node.attrib else None
        y = size(node.attrib["y"], font_size, svg.inner_height) if "y" in node.attrib else None
        if x is not None:
            svg.cursor_d_position[0] = 0
        if y is not None:
            svg.cursor_d_position[1] = 0
        x = svg.cursor_position[0] if x is None else x
        y = svg.cursor_position[1] if y is None else y
        svg.cursor_position = x + width, y
        x_position = x + svg.cursor_d_position[0] - width * _ANCHOR_SHIFT.get(node.attrib.get(_OWN_ANCHOR), 0)
        y_position = y + svg.cursor_d_position[1] + y_align
        points = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
        node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        text_box = TextBox(layout, style)
        text_box.baseline = baseline
        emojis = draw_first_line(svg.stream, text_box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)

    text.original = original
    return text


def make_fast_draw_node(original):
    """WeasyPrint draws a centred or right-aligned ``<text>`` into a PDF form of its own (an XObject, shifted by
    its width once drawn): on the five-colour grids, 1,400 forms, a third of the render and of the file. A simple
    label's shift is known as it is drawn (its width), so ``text`` applies it and the form is not made."""

    def draw_node(self, node, font_size, fill_stroke=True, context=None):
        if (
            node.tag == "text"
            and node.attrib.get("text-anchor") in _ANCHOR_SHIFT
            and node.attrib.get("direction", "ltr") == "ltr"
            and _simple(node)
            and not any(True for _ in node)
        ):
            node.attrib[_OWN_ANCHOR] = node.attrib.pop("text-anchor")
        return original(self, node, font_size, fill_stroke, context)

    draw_node.original = original
    return draw_node


def install() -> bool:
    """Swap the faster function in (idempotent); False, leaving WeasyPrint as it is, on another version."""
    import weasyprint
    import weasyprint.svg as svg_module

    if weasyprint.__version__ != SUPPORTED:
        return False
    current = svg_module.text
    if getattr(current, "original", None) is not None:
        return True
    fast = make_fast_text(current)
    for tag, function in list(svg_module.TAGS.items()):
        if function is current:
            svg_module.TAGS[tag] = fast
    svg_module.text = fast  # ``draw_node`` compares ``TAGS.get(tag) == text`` for anchors and bounding boxes
    svg_module.SVG.draw_node = make_fast_draw_node(svg_module.SVG.draw_node)
    return True
