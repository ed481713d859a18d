"""The one gate between untrusted text and the terminal: visible escapes for control characters.

Everything the endpoint returns (Names and other tags, descriptions, ids,
console output, API error messages) is untrusted.  Before it is written to a
terminal it goes through :func:`line` (one value on one line: every control
character escaped, newlines included) or :func:`block` (console output: line
ends and tabs kept, the rest escaped).  Escaped are the C0 controls and DEL
(ESC, BEL, CR, LF...), the C1 controls (CSI U+009B, NEL U+0085...), the line
and paragraph separators U+2028/U+2029, the bidirectional controls (U+061C,
U+200E/F, U+202A-U+202E, U+2066-U+2069), the characters a terminal draws as
nothing (zero-width spaces and joiners, the soft hyphen, fillers, variation
selectors, tag characters: see ``_INVISIBLE``), so two Names that differ only
by one never look alike, and lone surrogates.  The forms are ``\\t``,
``\\n``, ``\\r``, ``\\xHH`` below U+0100, ``\\uHHHH`` below U+10000 and
``\\UHHHHHHHH`` above; a backslash is doubled when what follows it could be
read as one of these forms (another backslash, ``n``, ``r``, ``t``, ``x``,
``u``, ``U``, or an escaped character), so the escaped text reads back to
exactly one original.  JSON and YAML documents keep exact values but
write these characters as their own escapes (:func:`json_text`,
:func:`yaml_text`), so a document printed on a terminal cannot drive it either.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Characters a terminal draws as nothing, so two different Names would look the same: the soft hyphen, the
# combining grapheme joiner, Hangul and Khmer fillers, Mongolian selectors, zero-width spaces and joiners,
# word joiner and invisible operators, variation selectors, the byte order mark, interlinear annotations,
# shorthand and musical format controls, and the tag characters.
_INVISIBLE = ("\xad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u206f\u3164\ufe00-\ufe0f"
              "\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff")
_UNSAFE_WIDE = "\x7f-\x9f\u061c\u2028-\u202e\ud800-\udfff" + _INVISIBLE
_UNSAFE = f"[\x00-\x1f{_UNSAFE_WIDE}]"
_BLOCK_UNSAFE = f"[\x00-\x08\x0b-\x1f{_UNSAFE_WIDE}]"
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

_UNSAFE_RE = re.compile(_UNSAFE)
_LINE_RE = re.compile(rf"\\(?=[\\nrtxuU]|{_UNSAFE})|{_UNSAFE}")
_BLOCK_RE = re.compile(rf"\\(?=[\\nrtxuU]|{_BLOCK_UNSAFE})|{_BLOCK_UNSAFE}")
_WIDE_RE = re.compile(f"[{_UNSAFE_WIDE}]")


def _form(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\\":
        return "\\\\"
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def line(text: str) -> str:
    """``text`` as one line: every control, separator and bidi character becomes a visible escape."""
    if text.isascii() and text.isprintable() and "\\" not in text:  # the common case, at C speed
        return text
    return _LINE_RE.sub(_form, text)


def block(text: str) -> str:
    """Several lines of remote text (console output): newlines and tabs kept, CR LF read as a newline."""
    return _BLOCK_RE.sub(_form, text.replace("\r\n", "\n"))


def is_clean(text: str) -> bool:
    """True when ``text`` holds no character :func:`line` would escape (backslashes aside)."""
    return _UNSAFE_RE.search(text) is None


def tree(value: Any) -> Any:
    """A copy of a JSON-like structure with every string (keys too) escaped by :func:`line`."""
    if isinstance(value, str):
        return line(value)
    if isinstance(value, dict):
        return {tree(k): tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [tree(v) for v in value]
    return value


def json_text(document: str) -> str:
    """A JSON document with DEL, C1, separators, bidi and invisible characters written as ``\\uHHHH``.

    ``json.dumps`` already escapes the C0 controls inside strings, so every
    character replaced here is inside a string and parses back to itself.
    """
    if document.isascii() and "\x7f" not in document:
        return document
    return _WIDE_RE.sub(_json_escape, document)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond U+FFFF as its UTF-16 surrogate pair
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"


@functools.cache
def _yaml_dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Strings holding an unsafe character are double-quoted and written with escapes only."""

        def analyze_scalar(self, scalar: str) -> Any:
            analysis = super().analyze_scalar(scalar)
            if not is_clean(scalar):
                analysis.allow_flow_plain = analysis.allow_block_plain = False
                analysis.allow_single_quoted = analysis.allow_block = False
            return analysis

        def write_double_quoted(self, text: str, split: bool = True) -> None:
            if is_clean(text):
                super().write_double_quoted(text, split)
                return
            allow, self.allow_unicode = self.allow_unicode, False
            try:
                super().write_double_quoted(text, split)
            finally:
                self.allow_unicode = allow

    return Dumper


def yaml_text(data: Any) -> str:
    """A YAML document of plain data (readable unicode) in which no string can drive a terminal."""
    import yaml

    return str(yaml.dump(data, Dumper=_yaml_dumper(), sort_keys=False, allow_unicode=True,
                         default_flow_style=False))
