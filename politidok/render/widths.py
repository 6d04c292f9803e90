"""Column widths of a table from what its cells need: the automatic table layout of render.tables."""

from __future__ import annotations

import math
from dataclasses import dataclass

CELL_MARGIN = 108  # twips each side: the templates' (Word's) default cell margin


@dataclass
class Need:
    longest_word: float  # the widest word (its own line)
    longest_piece: float  # the widest piece a word breaks into at its compound's joints, else its hyphenation points
    natural: float  # the widest paragraph on one line
    words: tuple[tuple[float, ...], ...] = ()  # each paragraph's word widths (with the space after each)
    longest_code: float = 0.0  # the widest word with a digit (an id, a date): never broken
    breakable: tuple[float, ...] = ()  # the widths of the words (between hard hyphens) that may break with a hyphen
    smallest_piece: float = 0.0  # the widest piece a word breaks into at all its hyphenation points

    def broken(self, width: float) -> int:
        """How many of the cell's words break with a hyphen in a column with `width` twips for text."""
        return sum(1 for w in self.breakable if w > width + 2)  # (whole twips: a word as wide as the column fits)

    def lines(self, width: float) -> int:
        """How many lines the cell takes in a column with `width` twips for text (words wrapped whole)."""
        count = 0
        for para in self.words:
            count += 1
            used = 0.0
            for w in para:
                if used and used + w > width:
                    count, used = count + 1, 0.0
                if w > width:  # a word wider than the column breaks at its hyphenation points
                    count += int(w // width)
                    w = w % width
                used += w
        return max(1, count)


BROKEN_WORD = 1.0  # what a word broken with a hyphen costs, in lines of the table's height


def _balance(needs: list[list[Need]], widths: list[float], floor: list[float], padding: float) -> list[float]:
    """Move width between columns while the table gets better: shorter (rows as tall as their tallest cell), a
    line for each word broken with a hyphen. A cell of six lines beside cells of two is a column that needs
    room another column can spare; a column gives up the room its long words need only when that saves more
    lines than it breaks words («gjennom-|ført» beside cells of two lines saves nothing)."""

    known: dict[tuple[int, int, int], tuple[int, int]] = {}

    def cell(r: int, c: int, w: float) -> tuple[int, int]:
        key = (r, c, round(w))
        if key not in known:
            text = (w - padding) / SLACK
            known[key] = (needs[r][c].lines(text), needs[r][c].broken(text))
        return known[key]

    def height(ws: list[float]) -> float:
        return sum(
            max(cell(r, c, w)[0] for c, w in enumerate(ws))
            + BROKEN_WORD * sum(cell(r, c, w)[1] for c, w in enumerate(ws))
            for r in range(len(needs))
        )

    def unbreak(ws: list[float]) -> list[float]:
        """For each column, the width it would need for its narrowest broken word to fit (0: none broken): a
        word is kept whole only by enough room at once, a smaller step saves nothing."""
        out = []
        for c, w in enumerate(ws):
            text = (w - padding) / SLACK
            wider = [b for row in needs for b in row[c].breakable if b > text + 2]
            out.append(math.ceil(min(wider) * SLACK + padding - w) if wider else 0.0)
        return out

    best = height(widths)
    for _round in range(100):
        found = None
        targeted = unbreak(widths)
        for size in (1200.0, 600.0, 300.0, 120.0, None):  # twips; None: what a column needs to unbreak a word
            for i in range(len(widths)):
                for j in range(len(widths)):
                    step = targeted[j] if size is None else size
                    if i == j or not step or widths[i] - step < floor[i]:
                        continue
                    trial = list(widths)
                    trial[i] -= step
                    trial[j] += step
                    h = height(trial)
                    if h < best:
                        best, found = h, trial
                        break
                if found:
                    break
            if found:
                break
        if found is None:
            break
        widths = found
    return widths


SLACK = 1.04  # LibreOffice lays text out a little wider than the font's advance widths add up to
PADDING = 2 * CELL_MARGIN + 2 * 10 + 30  # cell margins, the borders (½ pt) and a little room
SHORT = 0.16  # a column whose text fits on one line in this share of the width gets that line
LABEL = 0.3  # a column of labels whose text fits on one line in this share of the width gets that line


def column_widths(
    needs: list[list[Need]], available: float, padding: float = PADDING, labels: tuple[bool, ...] = ()
) -> list[int]:
    """Widths (twips) of the columns of a table `available` wide, from what each cell needs (rows of columns).
    A column of `labels` («Ikkje til stades:») keeps each label on one line when that takes at most LABEL of
    the width.

    Each column gets at least its widest word, if the words fit side by side; else at least its widest
    part of a compound («Kommune-», «direktør») or hyphenation piece (the rest of a word then breaks with a
    hyphen). What is left is shared by how much more each column would take on one line; then width moves
    between columns while that makes the table shorter without breaking more words than it saves lines
    (_balance).
    """
    columns = list(zip(*needs))
    natural = [max(n.natural for n in col) * SLACK + padding for col in columns]
    words = [max(n.longest_word for n in col) * SLACK + padding for col in columns]
    pieces = [max(n.longest_piece for n in col) * SLACK + padding for col in columns]
    smallest = [max(n.smallest_piece or n.longest_piece for n in col) * SLACK + padding for col in columns]
    if sum(natural) <= available:
        floor = natural
    elif sum(words) <= available:
        floor = words
    else:
        floor = [min(w, max(p, available / len(columns))) for w, p in zip(words, pieces)]
        if sum(floor) > available:
            floor = pieces
        if sum(floor) > available:  # not even a compound's parts fit side by side: every hyphenation point
            pieces = floor = smallest
        if sum(floor) > available:  # not even the pieces fit side by side (no hyphenation patterns?)
            floor = [f * available / sum(floor) for f in floor]
    rest = max(0.0, available - sum(floor))
    if floor is natural:  # everything fits on one line: the room left goes to the widest column
        widest = natural.index(max(natural))
        widths = [f + (rest if i == widest else 0) for i, f in enumerate(floor)]
    else:  # short columns (a date, a status) on one line first; the rest shared by how much more each would take
        floor = list(floor)
        short = [False] * len(floor)
        for i in sorted(range(len(floor)), key=lambda i: natural[i] - floor[i]):
            extra = natural[i] - floor[i]
            share = LABEL if i < len(labels) and labels[i] else SHORT
            if 0 < extra <= rest and natural[i] <= share * available:
                floor[i], rest, short[i] = natural[i], rest - extra, True
        wants = [max(0.0, n - f) for n, f in zip(natural, floor)]
        shares = wants if sum(wants) else floor
        widths = [f + rest * s / sum(shares) for f, s in zip(floor, shares)]
        # a column may give room down to its widest compound part or hyphenation piece (its long words then
        # break with a hyphen) when that saves more lines than it breaks words
        # (not below half its widest word: a word breaks once, not into syllables on lines of their own)
        half = [(w - padding) * 0.55 + padding for w in words]
        codes = [max(n.longest_code for n in col) * SLACK + padding for col in columns]
        # a column of single words (a status, a date) keeps them whole: «gjennom-|ført» in a status column
        # saves no line where the row's other cells take two
        single = [all(len(p) <= 1 for n in col for p in n.words) for col in columns]
        least = [
            f if short[i] else words[i] if single[i] else min(max(pieces[i], half[i], codes[i]), f)
            for i, f in enumerate(floor)
        ]
        widths = _balance(needs, widths, [min(f, w) for f, w in zip(least, widths)], padding)
    rounded = [int(w) for w in widths]
    rounded[-1] += round(sum(widths)) - sum(rounded)
    return rounded
