"""Column widths of a table from what its cells need: the automatic table layout of render.tables."""

from __future__ import annotations

from dataclasses import dataclass

CELL_MARGIN = 108  # twips each side: the templates' (Word's) default cell margin


@dataclass
class Need:
    longest_word: float  # the widest word (its own line)
    longest_piece: float  # the widest piece a word breaks into at its hyphenation points
    natural: float  # the widest paragraph on one line
    words: tuple[tuple[float, ...], ...] = ()  # each paragraph's word widths (with the space after each)
    longest_code: float = 0.0  # the widest word with a digit (an id, a date): never broken

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


def _balance(needs: list[list[Need]], widths: list[float], floor: list[float], padding: float) -> list[float]:
    """Move width between columns while the table gets shorter (rows as tall as their tallest cell): a cell
    of six lines beside cells of two is a column that needs room another column can spare."""

    known: dict[tuple[int, int, int], int] = {}

    def lines(r: int, c: int, w: float) -> int:
        key = (r, c, round(w))
        if key not in known:
            known[key] = needs[r][c].lines((w - padding) / SLACK)
        return known[key]

    def height(ws: list[float]) -> int:
        return sum(max(lines(r, c, w) for c, w in enumerate(ws)) for r in range(len(needs)))

    best = height(widths)
    for _round in range(100):
        found = None
        for step in (1200.0, 600.0, 300.0, 120.0):  # twips
            for i in range(len(widths)):
                for j in range(len(widths)):
                    if i == j or widths[i] - step < floor[i]:
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


def column_widths(needs: list[list[Need]], available: float, padding: float = PADDING) -> list[int]:
    """Widths (twips) of the columns of a table `available` wide, from what each cell needs (rows of columns).

    Each column gets at least its widest word, if the words fit side by side; else at least its widest
    hyphenation piece (the rest of a word then breaks with a hyphen). What is left is shared by how much
    more each column would take on one line; then width moves between columns while that makes the table
    shorter (_balance).
    """
    columns = list(zip(*needs))
    natural = [max(n.natural for n in col) * SLACK + padding for col in columns]
    words = [max(n.longest_word for n in col) * SLACK + padding for col in columns]
    pieces = [max(n.longest_piece for n in col) * SLACK + padding for col in columns]
    if sum(natural) <= available:
        floor = natural
    elif sum(words) <= available:
        floor = words
    else:
        floor = [min(w, max(p, available / len(columns))) for w, p in zip(words, pieces)]
        if sum(floor) > available:
            floor = pieces
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
            if 0 < extra <= rest and natural[i] <= SHORT * available:
                floor[i], rest, short[i] = natural[i], rest - extra, True
        wants = [max(0.0, n - f) for n, f in zip(natural, floor)]
        shares = wants if sum(wants) else floor
        widths = [f + rest * s / sum(shares) for f, s in zip(floor, shares)]
        # a column may give room down to its widest hyphenation piece (its long words then break with a
        # hyphen) when that makes the table shorter
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
