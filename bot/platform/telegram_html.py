"""Telegram's HTML parse mode, checked offline.

Telegram rejects a whole message when its HTML does not parse ("can't parse entities"), so the
bot must never send markup Telegram would refuse. This module mirrors the parser in TDLib
(``parse_html`` in ``MessageEntity.cpp``) closely enough that the sandbox Bot API and the unit
tests catch such messages before real users would; error texts follow Telegram's wording.

It is deliberately a little stricter than Telegram in two places, both of which would be bugs
in a bot even though Telegram accepts them: an unknown named entity such as ``&nbsp;`` (Telegram
shows it literally) and ``<a>`` without ``href`` (Telegram silently drops the link).

Pure functions only; no I/O.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field

__all__ = [
    "HtmlEntity",
    "HtmlParseError",
    "ParsedHtml",
    "check_telegram_html",
    "entities_to_json",
    "parse_telegram_html",
    "to_terminal",
    "utf16_len",
    "visible_text",
]

# Tag name → Telegram MessageEntity type. ``span`` and ``tg-spoiler`` are both spoilers.
_TAG_ENTITY: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPECIAL = re.compile(r"[<&]")
_SPACE = " \t\n\r\f\v"
_MAX_CODE_POINT = 0x10FFFF
_PREFIX = "Bad Request: can't parse entities: "


class HtmlParseError(ValueError):
    """Telegram would reject the text; ``str(err)`` is Telegram's description after the prefix."""


@dataclass(frozen=True, slots=True)
class HtmlEntity:
    """One formatting span over the visible text, in code-point offsets (``end`` exclusive)."""

    type: str
    start: int
    end: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedHtml:
    """The text a user sees plus the entities that format it."""

    text: str
    entities: tuple[HtmlEntity, ...] = ()


@dataclass(slots=True)
class _Open:
    """A start tag waiting for its end tag."""

    tag: str
    start: int  # code-point offset in the output text
    attrs: dict[str, str] = field(default_factory=dict)
    language: str | None = None


def _byte_offset(text: str, pos: int) -> int:
    # Telegram reports offsets in UTF-8 bytes; only computed on the error path.
    return len(text[:pos].encode("utf-8", "surrogatepass"))


def _error(text: str, pos: int, message: str) -> HtmlParseError:
    return HtmlParseError(f"{message} at byte offset {_byte_offset(text, pos)}")


def _decode_numeric(text: str, pos: int) -> tuple[str | None, int]:
    """Decode ``&#NNN;`` / ``&#xHH;`` at ``pos``; (None, pos) when it is not a valid entity."""
    n = len(text)
    k = pos + 2
    hexadecimal = k < n and text[k] in "xX"
    if hexadecimal:
        k += 1
    digits_start = k
    allowed = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
    while k < n and text[k] in allowed:
        k += 1
    digits = text[digits_start:k]
    if not digits or k - pos >= 10:
        return None, pos
    value = int(digits, 16 if hexadecimal else 10)
    if value == 0 or value >= _MAX_CODE_POINT or 0xD800 <= value <= 0xDFFF:
        return None, pos
    if k < n and text[k] == ";":
        k += 1
    return chr(value), k


def _decode_entity(text: str, pos: int, strict: bool) -> tuple[str | None, int]:
    """Decode the entity starting with the ``&`` at ``pos``.

    Returns (character, position after it), or (None, pos) when Telegram would keep the ``&``
    literally. In strict mode a complete-looking but unknown entity (``&nbsp;``) is an error,
    because Telegram would show it to the user verbatim.
    """
    n = len(text)
    if pos + 1 < n and text[pos + 1] == "#":
        char, end = _decode_numeric(text, pos)
        if char is None and strict and re.match(r"&#[xX]?[0-9a-fA-F]*;", text[pos : pos + 12]):
            raise _error(text, pos, "Invalid HTML entity")
        return char, end
    k = pos + 1
    while k < n and text[k].isascii() and text[k].isalpha():
        k += 1
    name = text[pos + 1 : k]
    char = _NAMED_ENTITIES.get(name)
    if char is None:
        if strict and name and k < n and text[k] == ";":
            raise _error(text, pos, f'Unsupported HTML entity "&{name};"')
        return None, pos
    if k < n and text[k] == ";":
        k += 1
    return char, k


class _Parser:
    """Single pass over the HTML, building visible text and entities (TDLib's algorithm)."""

    def __init__(self, text: str, strict: bool) -> None:
        self.text = text
        self.n = len(text)
        self.strict = strict
        self.out: list[str] = []
        self.out_len = 0
        self.stack: list[_Open] = []
        self.entities: list[HtmlEntity] = []

    def parse(self) -> ParsedHtml:
        text, i = self.text, 0
        while i < self.n:
            match = _SPECIAL.search(text, i)
            if match is None:
                self._emit(text[i:])
                break
            j = match.start()
            if j > i:
                self._emit(text[i:j])
            if text[j] == "&":
                i = self._entity(j)
            elif j + 1 < self.n and text[j + 1] == "/":
                i = self._end_tag(j)
            else:
                i = self._start_tag(j)
        if self.stack:
            tag = self.stack[-1].tag
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        self.entities.sort(key=lambda e: (e.start, -e.end))
        return ParsedHtml("".join(self.out), tuple(self.entities))

    def _emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.out_len += len(chunk)

    def _entity(self, pos: int) -> int:
        char, end = _decode_entity(self.text, pos, self.strict)
        if char is None:
            self._emit("&")
            return pos + 1
        self._emit(char)
        return end

    def _skip_spaces(self, k: int) -> int:
        while k < self.n and self.text[k] in _SPACE:
            k += 1
        return k

    def _start_tag(self, begin: int) -> int:
        text, k = self.text, begin + 1
        while k < self.n and text[k] not in _SPACE and text[k] != ">":
            k += 1
        if k >= self.n:
            raise _error(text, begin, "Unclosed start tag")
        tag = text[begin + 1 : k].lower()
        if tag not in _TAG_ENTITY:
            raise _error(text, begin, f'Unsupported start tag "{tag}"')
        attrs, k = self._attributes(tag, begin, k)
        self._check_attributes(tag, attrs, begin)
        self.stack.append(_Open(tag, self.out_len, attrs))
        return k + 1

    def _attributes(self, tag: str, begin: int, k: int) -> tuple[dict[str, str], int]:
        """Parse attributes up to the closing ``>``; returns them and the index of ``>``."""
        text, attrs = self.text, dict[str, str]()
        while True:
            k = self._skip_spaces(k)
            if k >= self.n:
                raise _error(text, begin, "Unclosed start tag")
            if text[k] == ">":
                return attrs, k
            name_start = k
            while k < self.n and text[k] not in _SPACE and text[k] not in "=>/":
                k += 1
            name = text[name_start:k].lower()
            if not name:
                raise _error(text, begin, f'Empty attribute name in the tag "{tag}"')
            k = self._skip_spaces(k)
            if k >= self.n or text[k] != "=":
                if tag == "blockquote" and name == "expandable":
                    attrs[name] = ""
                    continue
                message = f'Expected equal sign in declaration of an attribute of the tag "{tag}"'
                raise _error(text, begin, message)
            attrs[name], k = self._attribute_value(begin, self._skip_spaces(k + 1))

    def _attribute_value(self, begin: int, k: int) -> tuple[str, int]:
        text = self.text
        if k >= self.n:
            raise _error(text, begin, "Unclosed start tag")
        quote = text[k]
        if quote not in "'\"":
            # An unquoted name token: letters, digits, periods and hyphens; case-insensitive.
            start = k
            while k < self.n and (text[k].isalnum() or text[k] in ".-"):
                k += 1
            if k >= self.n or (text[k] not in _SPACE and text[k] != ">"):
                raise _error(text, start, "Unexpected end of name token")
            return text[start:k].lower(), k
        k += 1
        value: list[str] = []
        while k < self.n and text[k] != quote:
            if text[k] == "&":
                char, end = _decode_entity(text, k, self.strict)
                if char is not None:
                    value.append(char)
                    k = end
                    continue
            value.append(text[k])
            k += 1
        if k >= self.n:
            raise _error(text, begin, "Unclosed start tag")
        return "".join(value), k + 1

    def _check_attributes(self, tag: str, attrs: dict[str, str], begin: int) -> None:
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _error(self.text, begin, 'Tag "span" must have class "tg-spoiler"')
        if tag == "a" and not attrs.get("href"):
            # Telegram would drop the link silently; for a bot that is always a mistake.
            raise _error(self.text, begin, 'Tag "a" must have attribute "href"')
        if tag == "tg-emoji" and not attrs.get("emoji-id"):
            raise _error(self.text, begin, 'Tag "tg-emoji" must have attribute "emoji-id"')

    def _end_tag(self, begin: int) -> int:
        text = self.text
        if not self.stack:
            raise _error(text, begin, "Unexpected end tag")
        k = begin + 2
        while k < self.n and text[k] not in _SPACE and text[k] != ">":
            k += 1
        name = text[begin + 2 : k].lower()
        k = self._skip_spaces(k)
        if k >= self.n or text[k] != ">":
            raise _error(text, begin, "Unclosed end tag")
        opened = self.stack.pop()
        if name and name != opened.tag:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                f'expected "</{opened.tag}>", found "</{name}>"'
            )
        self._close(opened)
        return k + 1

    def _close(self, opened: _Open) -> None:
        entity_type = _TAG_ENTITY[opened.tag]
        parent = self.stack[-1] if self.stack else None
        if opened.tag == "code" and parent is not None and parent.tag == "pre":
            # <pre><code class="language-x"> is one pre entity with a language (as in TDLib).
            language = opened.attrs.get("class", "")
            if language.startswith("language-"):
                parent.language = language.removeprefix("language-")
            return
        if self.out_len == opened.start:
            return  # Telegram drops empty entities
        if entity_type == "blockquote" and "expandable" in opened.attrs:
            entity_type = "expandable_blockquote"
        self.entities.append(
            HtmlEntity(
                type=entity_type,
                start=opened.start,
                end=self.out_len,
                url=opened.attrs.get("href") if opened.tag == "a" else None,
                language=opened.language if opened.tag == "pre" else None,
                custom_emoji_id=opened.attrs.get("emoji-id") if opened.tag == "tg-emoji" else None,
            )
        )


def parse_telegram_html(text: str, *, strict: bool = True) -> ParsedHtml:
    """Parse ``text`` as Telegram does for parse_mode=HTML; raises :class:`HtmlParseError`.

    ``strict`` adds the two checks described in the module docstring.
    """
    return _Parser(text, strict).parse()


def check_telegram_html(text: str, *, strict: bool = True) -> str | None:
    """None when Telegram would accept ``text`` with parse_mode=HTML, else Telegram's error.

    The error is the full description, e.g. ``Bad Request: can't parse entities: Unsupported
    start tag "div" at byte offset 10``.
    """
    try:
        parse_telegram_html(text, strict=strict)
    except HtmlParseError as err:
        return f"{_PREFIX}{err}"
    return None


def _lenient_strip(html: str) -> str:
    # Last resort for invalid markup: show something readable rather than fail.
    return _html.unescape(re.sub(r"<[^>]*>", "", html))


def visible_text(html: str) -> str:
    """The text a user sees: tags removed, entities decoded (what Telegram's length limits count).

    Invalid markup is stripped leniently instead of raising.
    """
    try:
        return parse_telegram_html(html, strict=False).text
    except HtmlParseError:
        return _lenient_strip(html)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def entities_to_json(parsed: ParsedHtml) -> list[dict[str, object]]:
    """Telegram MessageEntity objects (UTF-16 offsets) for the parsed entities."""
    if not parsed.entities:
        return []
    text = parsed.text
    astral = not text.isascii() and any(ord(c) > 0xFFFF for c in text)

    def offset(pos: int) -> int:
        return utf16_len(text[:pos]) if astral else pos

    result: list[dict[str, object]] = []
    for entity in parsed.entities:
        start = offset(entity.start)
        item: dict[str, object] = {
            "type": entity.type,
            "offset": start,
            "length": offset(entity.end) - start,
        }
        if entity.url is not None:
            item["url"] = entity.url
        if entity.language:
            item["language"] = entity.language
        if entity.custom_emoji_id is not None:
            item["custom_emoji_id"] = entity.custom_emoji_id
        result.append(item)
    return result


_ANSI_CODES = {
    "bold": "1",
    "italic": "3",
    "underline": "4",
    "strikethrough": "9",
    "spoiler": "2",
}


def _ansi(previous: set[str], styles: set[str]) -> str:
    """Escape sequence switching from ``previous`` to ``styles`` (reset, then set all)."""
    codes = sorted(_ANSI_CODES[s] for s in styles)
    reset = "\x1b[0m" if previous else ""
    return reset + (f"\x1b[{';'.join(codes)}m" if codes else "")


def to_terminal(html: str, ansi: bool) -> str:
    """Render bot HTML for a terminal.

    Bold, italic, underline, strikethrough and spoilers become ANSI styles when ``ansi`` is
    true (and are simply dropped otherwise); code and pre stay as they are; links read
    ``text (url)`` so the URL is never hidden. Invalid markup is stripped leniently.
    """
    try:
        parsed = parse_telegram_html(html, strict=False)
    except HtmlParseError:
        return _lenient_strip(html)
    text = parsed.text
    styled = [e for e in parsed.entities if ansi and e.type in _ANSI_CODES]
    links = [e for e in parsed.entities if e.type == "text_link" and e.url]
    edges = {p for e in styled for p in (e.start, e.end)} | {e.end for e in links}
    boundaries = sorted({0, len(text)} | edges)
    out: list[str] = []
    current: set[str] = set()
    for index, pos in enumerate(boundaries):
        active = {e.type for e in styled if e.start <= pos < e.end}
        for link in links:
            if link.end == pos and link.url != text[link.start : link.end]:
                if current:
                    out.append(_ansi(current, set()))
                    current = set()
                out.append(f" ({link.url})")
        if active != current:
            out.append(_ansi(current, active))
            current = active
        if index + 1 < len(boundaries):
            out.append(text[pos : boundaries[index + 1]])
    if current:
        out.append(_ansi(current, set()))
    return "".join(out)
