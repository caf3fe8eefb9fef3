"""Charts for /statistik: pure functions from statistics to PNG bytes (matplotlib, Agg).

No pyplot: its global state is not thread-safe, and charts are rendered in worker threads
(``asyncio.to_thread``) so that a chart never blocks other users' replies. Each call builds
its own ``Figure`` on an Agg canvas. Texts arrive translated (``ChartTexts``); nothing here
is user-facing text of its own.

Sized for a phone: about 960 px wide, large fonts, at most ``MAX_BARS`` regions (the worst
covered first), and short axis labels. Telegram recompresses photos, so thin lines and small
print would blur. The chart says whose figures they are and of which day (a forwarded image
carries no caption), writes numbers with the officer's thousands separator, and draws the
current, unfinished week apart so a dip on its last point is not read as a fall.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from bot.services.statistics import Coverage, Statistics, Week

MAX_BARS = 12  # more bars than this are unreadable on a phone screen
MAX_LABEL = 22  # characters of a kab/kota name on the axis
WIDTH_INCHES = 6.4
DPI = 150
GREEN, GREY, BLUE, ORANGE = "#1b8a5a", "#d9d9d9", "#1565c0", "#ef6c00"
FONT_SIZE = 11


@dataclass(frozen=True)
class ChartTexts:
    """Every text the chart shows, already translated into the officer's language."""

    coverage_title: str  # "Perangkat desa aktif BPJS TK per kecamatan, terendah dulu"
    share_axis: str  # "% aktif"
    no_members: str  # shown in place of bars when nothing is registered
    more: str  # "+ 40 kab/kota lainnya" (empty when all are shown)
    history_title: str
    questions: str
    subscriptions: str
    heading: str = ""  # whose figures, and the day: "Kab. Blitar [35.05] · 5 Desember 2026"
    partial_week: str = ""  # the legend of the current week's points: "minggu ini (berjalan)"
    # 1234 -> "1.234" in the officer's language (babel); plain digits by default.
    number: Callable[[int], str] = field(default=str)


def shown_coverage(coverage: tuple[Coverage, ...]) -> list[Coverage]:
    """The regions on the chart: the worst covered (the statistics' order), the worst on top."""
    return list(reversed(coverage[:MAX_BARS]))  # barh draws the first bar at the bottom


def hidden_count(coverage: tuple[Coverage, ...]) -> int:
    return max(0, len(coverage) - MAX_BARS)


def render_statistics(stats: Statistics, texts: ChartTexts) -> bytes:
    """A PNG: apparatus coverage per kab/kota and, where there is history, a line per week."""
    bars = shown_coverage(stats.coverage)
    bar_height = 0.5 + 0.42 * max(len(bars), 2)
    history_height = 3.2 if stats.has_history else 0.0
    heading = 0.45 if texts.heading else 0.0
    figure = Figure(figsize=(WIDTH_INCHES, bar_height + history_height + heading + 0.6), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.set_layout_engine("constrained")
    if texts.heading:
        figure.suptitle(texts.heading, fontsize=FONT_SIZE, x=0.02, ha="left", color="#444444")
    if stats.has_history:
        top, bottom = figure.subplots(2, 1, height_ratios=[bar_height, history_height])
        _coverage_axes(top, bars, texts)
        _history_axes(bottom, stats.weeks, texts)
    else:
        _coverage_axes(figure.subplots(), bars, texts)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _coverage_axes(axes: Axes, bars: list[Coverage], texts: ChartTexts) -> None:
    title = f"{texts.coverage_title}\n{texts.more}" if texts.more else texts.coverage_title
    axes.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    if not bars:
        axes.set_axis_off()
        axes.text(0.5, 0.5, texts.no_members, ha="center", va="center", fontsize=FONT_SIZE)
        return
    # Numeric positions, not names: two kab/kota with the same short name stay two bars.
    positions = list(range(len(bars)))
    axes.barh(positions, [100] * len(bars), color=GREY, height=0.6)  # the whole, behind
    axes.barh(positions, [c.share * 100 for c in bars], color=GREEN, height=0.6)
    axes.set_yticks(positions, [_short(c.short_label) for c in bars])
    for index, item in enumerate(bars):
        share = int(item.share * 100)  # floored, as in the summary: 99.6% is not yet 100%
        note = f"{texts.number(item.aktif)}/{texts.number(item.members)} ({share}%)"
        axes.text(2, index, note, va="center", fontsize=FONT_SIZE - 1, color="black")
    axes.set_xlim(0, 100)
    axes.xaxis.set_major_formatter(PercentFormatter())
    axes.set_xlabel(texts.share_axis, fontsize=FONT_SIZE)
    axes.tick_params(labelsize=FONT_SIZE)
    axes.spines[["top", "right"]].set_visible(False)


def _history_axes(axes: Axes, weeks: tuple[Week, ...], texts: ChartTexts) -> None:
    """One line per series over the finished weeks; the current week (the last point) is a
    dashed segment to a hollow marker, with its own legend entry."""
    days = [w.start.strftime("%d/%m") for w in weeks]  # numeric: no month names to translate
    series = (
        ([w.questions for w in weeks], BLUE, "o", texts.questions),
        ([w.subscriptions for w in weeks], ORANGE, "s", texts.subscriptions),
    )
    for values, color, marker, label in series:
        axes.plot(days[:-1], values[:-1], color=color, marker=marker, label=label)
        axes.plot(days[-2:], values[-2:], color=color, linestyle="--", linewidth=1.2)
        axes.plot(days[-1:], values[-1:], color=color, marker=marker, markerfacecolor="white")
    if texts.partial_week:
        axes.plot([], [], color="#444444", marker="o", markerfacecolor="white", linestyle="--",
                  label=texts.partial_week)  # fmt: skip
    axes.set_title(texts.history_title, fontsize=FONT_SIZE + 1, loc="left")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: texts.number(int(value))))
    axes.set_ylim(bottom=0)
    axes.tick_params(axis="x", labelrotation=45, labelsize=FONT_SIZE - 2)
    axes.tick_params(axis="y", labelsize=FONT_SIZE)
    axes.legend(fontsize=FONT_SIZE - 1, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color=GREY, linewidth=0.8)


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"
