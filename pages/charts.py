"""Bar charts drawn on the server as inline SVG (templates/people/_bars.html): geometry only.

Whole numbers only: the template engine would write a float with the language's decimal comma,
which SVG does not read.
"""

from dataclasses import dataclass

# Narrow enough that a phone (390 px) shows the text at three quarters of its size.
WIDTH, LABEL_W, VALUE_W, BAR_H, GAP = 480, 170, 110, 18, 6
LABEL_CHARS = 24
# Labels longer than this may not fit LABEL_W at 13 px (German titles, "name · currency"): they
# are drawn narrower to fit (textLength) instead of running off the chart's left edge.
SQUEEZE_CHARS = 21


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as the page writes it
    href: str = ""
    kind: str = ""  # a CSS class: "over", "under", "vacant"…
    y: int = 0
    width: int = 0

    @property
    def short_label(self) -> str:
        if len(self.label) <= LABEL_CHARS:
            return self.label
        return self.label[: LABEL_CHARS - 1] + "…"

    @property
    def squeezed(self) -> bool:
        return len(self.short_label) > SQUEEZE_CHARS

    @property
    def text_y(self) -> int:
        return self.y + BAR_H - 4

    @property
    def value_x(self) -> int:
        return LABEL_W + self.width + 6


def bar_chart(bars: list[Bar], *, title: str) -> dict:
    """Horizontal bars, the longest filling the chart; each bar placed below the last."""
    longest = max((bar.value for bar in bars), default=0) or 1
    room = WIDTH - LABEL_W - VALUE_W
    for i, bar in enumerate(bars):
        bar.y = GAP + i * (BAR_H + GAP)
        bar.width = max(round(room * bar.value / longest), 1 if bar.value else 0)
    return {
        "title": title,
        "bars": bars,
        "width": WIDTH,
        "height": GAP + len(bars) * (BAR_H + GAP),
        "label_x": LABEL_W - 8,
        "label_room": LABEL_W - 12,
        "bar_x": LABEL_W,
        "bar_h": BAR_H,
        # Bars that are links make the chart a group: an image's parts cannot be links.
        "role": "group" if any(bar.href for bar in bars) else "img",
    }
