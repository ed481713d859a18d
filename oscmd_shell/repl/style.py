"""Colours of the shell: the highlighted line, the prompt, the toolbar and the completion menu."""

from __future__ import annotations

from prompt_toolkit.styles import BaseStyle, Style, merge_styles, style_from_pygments_dict
from pygments.token import (  # type: ignore[import-untyped]
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    String,
)

LINE = {
    Keyword: "bold ansicyan",
    Name.Function: "ansigreen bold",
    Name.Attribute: "ansiyellow",
    Name.Constant: "ansimagenta",
    Name.Variable: "ansibrightmagenta bold",
    String: "ansibrightgreen",
    String.Backtick: "ansibrightblue",
    Number: "ansibrightcyan",
    Comment: "italic ansibrightblack",
    Operator: "bold",
    Error: "ansired underline",
}

UI = {
    "prompt.name": "bold",
    "prompt.region": "ansicyan",
    "prompt.selection": "ansiyellow",
    "prompt": "bold",
    "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
    "bottom-toolbar.key": "bg:#505050 #ffffff bold",
    "bottom-toolbar.value": "",
    "bottom-toolbar.sep": "#808080",
    "bottom-toolbar.cache": "#87d787",
    "bottom-toolbar.problem": "#ff8787 bold",
    "completion-menu.completion": "bg:#3a3a3a #e4e4e4",
    "completion-menu.completion.current": "bg:#5f87af #ffffff bold",
    "completion-menu.meta.completion": "bg:#262626 #a8a8a8",
    "completion-menu.meta.completion.current": "bg:#5f87af #ffffff",
    "completion-menu.note": "#8a8a8a italic",
    "auto-suggestion": "#707070",
}


def shell_style() -> BaseStyle:
    return merge_styles([style_from_pygments_dict(LINE), Style.from_dict(UI)])
