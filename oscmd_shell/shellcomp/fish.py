"""Write the fish completion script: the grammar's levels as tables, one walker, descriptions.

One ``complete`` rule hands every Tab to ``__oscmd_complete``, which walks the
tokens before the cursor level by level (each option's values skipped by
arity, as in the bash and zsh scripts) and prints ``candidate<TAB>description``
lines for the cursor's slot.  Fish does the matching and the display.
"""

from __future__ import annotations

from .model import COMPLETE_WORD, Level, connection_dests, levels, static_lists


def quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


HEADER = """\
# fish completion for oscmd.
# Generated from oscmd's command registry by `oscmd completion fish`: do not edit.
# Install it for your user:
#   mkdir -p ~/.config/fish/completions
#   oscmd completion fish > ~/.config/fish/completions/oscmd.fish
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).
"""

ENGINE = r"""
function __oscmd_find --argument-names flag
    # Find option $flag at the current level: sets __oscmd_f to flags arity dest rep src help.
    for e in $__oscmd_o
        set -l parts (string split -m 5 '|' -- $e)
        if contains -- $flag (string split ' ' -- $parts[1])
            set -g __oscmd_f $parts
            return 0
        end
    end
    return 1
end

function __oscmd_values --argument-names src cur pre
    switch $src
        case file
            __fish_complete_path $cur | string replace -r -- '^' $pre
        case dir
            __fish_complete_directories $cur | string replace -r -- '^' $pre
        case '=*'
            string split ' ' -- (string sub -s 2 -- $src) | string replace -r -- '^' $pre
        case '@*'
            __oscmd_static (string sub -s 2 -- $src) | string replace -r -- '^' $pre
        case 'live:*'
            set -l prog (commandline -opc)[1]
            string match -q -- '*/*' $prog; or set prog oscmd
            command $prog __COMPLETE__ (string sub -s 6 -- $src) "$cur" (count $__oscmd_conn) $__oscmd_conn \
                $__oscmd_dirs 2>/dev/null | string replace -r -- '^' $pre
    end
end

function __oscmd_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l n (count $words)
    set -l level root
    set -l given ' '
    set -l npos 0
    set -l dd 0
    set -l vsrc ''
    set -l invalue 0
    set -l i 1
    set -g __oscmd_conn
    set -g __oscmd_dirs
    __oscmd_spec root
    while test $i -lt $n
        set i (math $i + 1)
        set -l w $words[$i]
        if test $dd = 0; and string match -qr -- '^-.' $w
            if test $w = --
                set dd 1
                continue
            end
            __oscmd_find (string split -m 1 '=' -- $w)[1]; or continue
            set -l arity $__oscmd_f[2]
            set -l dest $__oscmd_f[3]
            set given "$given$dest "
            set -l conn 0
            if test $level = root; and contains -- $dest __CONN__
                set conn 1
                set -a __oscmd_conn $w
            end
            if string match -q -- '--*=*' $w
                set i (math $i + $arity - 1)
                continue
            end
            if test (math $i + $arity) -gt $n
                test $i -eq $n; and set vsrc $__oscmd_f[5]
                set invalue 1
                break
            end
            set -l j 0
            while test $j -lt $arity
                set j (math $j + 1)
                set -l v $words[(math $i + $j)]
                test $conn = 1; and set -a __oscmd_conn $v
                test -n "$__oscmd_rd"; and test $dest = "$__oscmd_rd"; and set -a __oscmd_dirs $v
            end
            set i (math $i + $arity)
        else if test (count $__oscmd_k) -gt 0
            set level end
            for e in $__oscmd_k
                set -l p (string split -m 2 '|' -- $e)
                if test "$p[1]" = "$w"
                    set level $p[2]
                    break
                end
            end
            __oscmd_spec $level
            set given ' '
            set dd 0
            set npos 0
        else
            set npos (math $npos + 1)
        end
    end
    if test $invalue = 1
        __oscmd_values "$vsrc" "$cur" ''
        return
    end
    if test $dd = 0; and string match -q -- '--*=*' $cur
        set -l parts (string split -m 1 '=' -- $cur)
        if __oscmd_find $parts[1]; and test $__oscmd_f[2] -gt 0
            __oscmd_values "$__oscmd_f[5]" "$parts[2]" "$parts[1]="
        end
        return
    end
    set -l want_options 0
    if test $dd = 0
        if string match -q -- '-*' $cur
            set want_options 1
        else if test (count $__oscmd_k) -eq 0; and test -z "$__oscmd_p"; and test (count $__oscmd_o) -gt 1
            set want_options 1
        end
    end
    if test $want_options = 1
        for e in $__oscmd_o
            set -l p (string split -m 5 '|' -- $e)
            if test $p[4] = 0; and string match -q -- "* $p[3] *" $given
                continue
            end
            for f in (string split ' ' -- $p[1])
                printf '%s\t%s\n' $f $p[6]
            end
        end
        return
    end
    if test (count $__oscmd_k) -gt 0
        for e in $__oscmd_k
            set -l p (string split -m 2 '|' -- $e)
            printf '%s\t%s\n' $p[1] $p[3]
        end
        if test $__oscmd_s = 1
            for f in $cur*.os
                printf '%s\toscmd script\n' $f
            end
        end
        return
    end
    if test -n "$__oscmd_p"; and begin; test $__oscmd_pr = 1; or test $npos = 0; end
        __oscmd_values "$__oscmd_p" "$cur" ''
    end
end

complete -c oscmd -e
complete -c oscmd -f -a '(__oscmd_complete)'
"""


def _array(name: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"            set {name} \\", *(f"                {quote(i)} \\" for i in items[:-1]),
            f"                {quote(items[-1])}"]


def _level(level: Level) -> str:
    lines = [f"        case {quote(level.path)}"]
    lines += _array("__oscmd_o", [f"{s.code}|{s.help}" for s in level.options])
    lines += _array("__oscmd_k", [f"{c.word}|{c.level}|{c.help}" for c in level.children])
    if level.positional.code:
        lines.append(f"            set __oscmd_p {quote(level.positional.code)}")
        lines.append(f"            set __oscmd_pr {int(level.positional_repeat)}")
    if level.scripts:
        lines.append("            set __oscmd_s 1")
    if level.dirs:
        lines.append(f"            set __oscmd_rd {level.dirs}")
    return "\n".join(lines)


def script() -> str:
    """The whole fish completion script."""
    spec = [
        "function __oscmd_spec",
        "    # One level: options \"flags|arity|dest|repeatable|source|help\", words \"word|level|help\",",
        "    # positionals.",
        "    set -g __oscmd_o",
        "    set -g __oscmd_k",
        "    set -g __oscmd_p ''",
        "    set -g __oscmd_pr 0",
        "    set -g __oscmd_s 0",
        "    set -g __oscmd_rd ''",
        "    switch $argv[1]",
        *(_level(lv) for lv in levels()),
        "    end",
        "end",
        "",
        "function __oscmd_static",
        "    switch $argv[1]",
        *(f"        case {name}\n            string split ' ' -- {quote(' '.join(words))}"
          for name, words in static_lists().items()),
        "    end",
        "end",
    ]
    engine = ENGINE.replace("__COMPLETE__", COMPLETE_WORD).replace("__CONN__", " ".join(connection_dests()))
    return HEADER + "\n" + "\n".join(spec) + "\n" + engine
