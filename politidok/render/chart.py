"""The evaluation report's chart: tiltak status per satsingsområde as stacked bars (PNG)."""

from __future__ import annotations

import io
import math
import textwrap
from functools import cache
from pathlib import Path

from politidok.context.evaluation import Facts
from politidok.core.status import Status
from politidok.core.words import word

STATUSES = tuple(Status)

# greys and hatches that stay apart when printed in black and white
STYLE = {
    "gjennomført": {"fill": 0x30, "hatch": ""},
    "pågår": {"fill": 0x8C, "hatch": "/"},
    "ikke startet": {"fill": 0xD0, "hatch": "."},
    "utgått": {"fill": 0xFF, "hatch": "x"},
    "videreført": {"fill": 0x60, "hatch": ""},
}
FONT_FILES = ["Carlito-Regular.ttf", "DejaVuSans.ttf", "LiberationSans-Regular.ttf"]
FONT_DIRS = [
    "/usr/share/fonts/truetype/crosextra",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
]


@cache
def _font(px: int):
    from PIL import ImageFont

    for d in FONT_DIRS:
        for f in FONT_FILES:
            p = Path(d) / f
            if p.exists():
                return ImageFont.truetype(str(p), px)
    return ImageFont.load_default(size=px)


def chart_png(f: Facts, titles: dict[str | None, str], malform: str = "nb", boxes: list | None = None) -> bytes:
    """Stacked bars of tiltak status per satsingsområde, readable in greyscale; legend and axis in `malform`.

    Drawn with Pillow at twice the size and scaled down (smooth edges), in Carlito like the
    documents; RGB without alpha, since PDF/A-1 rules (PDFBox preflight) forbid the soft mask
    an alpha channel would become.

    Each count stands in a white box with a black outline, drawn after the whole bar, so that no
    hatching or neighbouring segment covers it; `boxes`, if given, gets each label's box (pixels of
    the final image) and its text.
    """
    from PIL import Image, ImageDraw

    counts = f.counts
    S = 2  # supersampling: drawn at twice the size, then scaled down (smooth edges)
    dpi = 200 * S
    pt = lambda v: round(v * dpi / 72)
    keys = [k for k in counts if sum(counts[k].values())] or list(counts)
    labels = [textwrap.wrap(titles.get(k, str(k)), 38) or [""] for k in keys]
    font, small = _font(pt(8)), _font(pt(7))
    line_h = pt(8) * 1.2
    draw0 = ImageDraw.Draw(Image.new("L", (1, 1)))
    text_w = lambda s, f=font: draw0.textlength(s, font=f)
    width = round(6.3 * dpi)
    row = round(0.75 * dpi)
    label_w = max(text_w(l) for lines in labels for l in lines)
    pad = pt(6)
    x0, x1 = round(pad + label_w + pad), width - pt(14)
    y0 = pt(8)
    plot_h = row * len(keys)
    axis_y = y0 + plot_h
    legend_y = axis_y + pt(8) + line_h + pt(6) + line_h + pt(10)
    height = round(legend_y + line_h + pt(8))
    img = Image.new("L", (width, height), 255)
    d = ImageDraw.Draw(img)
    total_max = max((sum(counts[k].values()) for k in keys), default=0) or 1
    step = max(1, math.ceil(total_max / 8))
    top = math.ceil(total_max / step) * step
    scale = (x1 - x0) / (top * 1.05)
    lw = max(1, round(0.6 * dpi / 72))

    def hatch(box, kind, fill):
        bx0, by0, bx1, by1 = [round(v) for v in box]
        d.rectangle(box, fill=fill)
        if kind:
            w, h = bx1 - bx0, by1 - by0
            tile = Image.new("L", (w, h), fill)
            t = ImageDraw.Draw(tile)
            gap = pt(4)
            if kind in "/x":
                for o in range(-h, w + h, gap):
                    t.line([(o, h), (o + h, 0)], fill=0, width=lw)
                    if kind == "x":
                        t.line([(o, 0), (o + h, h)], fill=0, width=lw)
            elif kind == ".":
                r = max(1, lw)
                for yy in range(gap // 2, h, gap // 1):
                    shift = gap // 2 if (yy // gap) % 2 else 0
                    for xx in range(shift, w, gap):
                        t.ellipse([xx - r, yy - r, xx + r, yy + r], fill=0)
            img.paste(tile, (bx0, by0))
        d.rectangle(box, outline=0, width=lw)

    for i, (k, lines) in enumerate(zip(keys, labels)):
        cy = y0 + row * i + row / 2
        block = line_h * len(lines)
        for j, line in enumerate(lines):
            d.text((x0 - pad, cy - block / 2 + j * line_h + line_h / 2), line, font=font, fill=0, anchor="rm")
        left = 0
        bh = row * 0.8
        labels_here = []
        for status in STATUSES:
            v = counts[k][status]
            if not v:
                continue
            box = (x0 + left * scale, cy - bh / 2, x0 + (left + v) * scale, cy + bh / 2)
            hatch(box, STYLE[status]["hatch"], STYLE[status]["fill"])
            labels_here.append(((box[0] + box[2]) / 2, cy, str(v)))
            left += v
        for mx, my, text in labels_here:  # after the bar: nothing is drawn over a label
            tb = d.textbbox((mx, my), text, font=font, anchor="mm")
            half = max(tb[2] - tb[0], tb[3] - tb[1]) / 2 + pt(2.5)
            label = (mx - half, my - half, mx + half, my + half)
            d.rectangle(label, fill=255, outline=0, width=lw)
            d.text((mx, my), text, font=font, fill=0, anchor="mm")
            if boxes is not None:
                boxes.append((tuple(round(v / S) for v in label), text))
    # axes: left and bottom, integer ticks
    d.line([(x0, y0 - pt(2)), (x0, axis_y)], fill=0, width=lw)
    d.line([(x0, axis_y), (x1, axis_y)], fill=0, width=lw)
    for v in range(0, top + 1, step):
        x = x0 + v * scale
        d.line([(x, axis_y), (x, axis_y + pt(3.5))], fill=0, width=lw)
        d.text((x, axis_y + pt(5)), str(v), font=font, fill=0, anchor="mt")
    d.text(((x0 + x1) / 2, axis_y + pt(7) + line_h), word("Antall tiltak", malform), font=font, fill=0, anchor="mt")
    # legend, centred under the plot
    sw, gap = pt(14), pt(5)
    shown = [s for s in STATUSES if s != "videreført" or any(c[s] for c in counts.values())]
    items = [(s, word(s, malform).capitalize()) for s in shown]
    widths = [sw + gap + text_w(lbl, small) for _s, lbl in items]
    total = sum(widths) + pt(14) * (len(items) - 1)
    x = (x0 + x1) / 2 - total / 2
    for (status, lbl), w in zip(items, widths):
        hatch((x, legend_y - pt(4), x + sw, legend_y + pt(4)), STYLE[status]["hatch"], STYLE[status]["fill"])
        d.text((x + sw + gap, legend_y), lbl, font=small, fill=0, anchor="lm")
        x += w + pt(14)
    img = img.reduce(S).convert("RGB")
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()
