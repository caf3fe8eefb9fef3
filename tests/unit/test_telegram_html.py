"""Telegram's HTML parse mode, checked offline (bot/platform/telegram_html.py)."""

from __future__ import annotations

import pytest

from bot.platform.telegram_html import (
    check_telegram_html,
    entities_to_json,
    parse_telegram_html,
    to_terminal,
    visible_text,
)

PREFIX = "Bad Request: can't parse entities: "


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "<b>bold <i>bold italic <u>and underlined</u></i></b>",
        "<strong>s</strong><em>e</em><ins>i</ins><s>s</s><strike>s</strike><del>d</del>",
        '<span class="tg-spoiler">rahasia</span> <tg-spoiler>juga</tg-spoiler>',
        '<a href="https://bpjsketenagakerjaan.go.id/?a=1&amp;b=2">BPJS TK</a>',
        '<pre><code class="language-python">print("hai")</code></pre>',
        "<blockquote expandable>kutipan</blockquote><blockquote>biasa</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "&lt;b&gt;Budi &amp; Sons",
        "Untung &amp; rugi, 5 &gt; 3, &quot;kutip&quot;, &#65;&#x42;",
        "Budi & Sons, AT&T",
        "<B>UPPER</B> <b>end tag with space</b >",
    ],
)
def test_valid_html_is_accepted(text: str) -> None:
    assert check_telegram_html(text) is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Halo <div>x</div>", 'Unsupported start tag "div" at byte offset 5'),
        ("<b>Halo", 'Can\'t find end tag corresponding to start tag "b"'),
        ("Halo</b>", "Unexpected end tag at byte offset 4"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a>tanpa tautan</a>", 'Tag "a" must have attribute "href" at byte offset 0'),
        ("a&nbsp;b", 'Unsupported HTML entity "&nbsp;" at byte offset 1'),
        ("é <br>", 'Unsupported start tag "br" at byte offset 3'),  # offsets are UTF-8 bytes
    ],
)
def test_invalid_html_gets_telegrams_error(text: str, error: str) -> None:
    assert check_telegram_html(text) == PREFIX + error


def test_lenient_mode_keeps_unknown_entities_literally_like_telegram() -> None:
    assert check_telegram_html("a&nbsp;b", strict=False) is None
    assert visible_text("a&nbsp;b") == "a&nbsp;b"


def test_visible_text_is_what_telegram_counts() -> None:
    html = "<b>Rp16.800</b> &lt;per bulan&gt; &amp; <a href='https://x.id'>info</a>"
    assert visible_text(html) == "Rp16.800 <per bulan> & info"
    assert len(visible_text("&amp;" * 4096)) == 4096
    assert visible_text("broken <b") == "broken <b"  # invalid markup: best effort, no error


def test_entities_use_utf16_offsets() -> None:
    parsed = parse_telegram_html('😀 <b>tebal</b> <a href="https://x.id">l</a>')
    assert entities_to_json(parsed) == [
        {"type": "bold", "offset": 3, "length": 5},
        {"type": "text_link", "offset": 9, "length": 1, "url": "https://x.id"},
    ]
    pre = parse_telegram_html('<pre><code class="language-py">x</code></pre>')
    assert entities_to_json(pre) == [{"type": "pre", "offset": 0, "length": 1, "language": "py"}]


def test_to_terminal() -> None:
    html = '<b>Tebal <i>miring</i></b> <a href="https://x.id">tautan</a> <code>k</code>'
    assert to_terminal(html, ansi=False) == "Tebal miring tautan (https://x.id) k"
    coloured = to_terminal(html, ansi=True)
    assert coloured.startswith("\x1b[1mTebal \x1b[0m\x1b[1;3mmiring\x1b[0m")
    assert coloured.endswith(" tautan (https://x.id) k")
    assert to_terminal('<a href="https://x.id">https://x.id</a>', ansi=False) == "https://x.id"
