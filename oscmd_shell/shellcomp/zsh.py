"""Write the zsh completion function ``_oscmd``: the grammar's levels as tables, one walker, descriptions.

It works autoloaded from ``$fpath`` (the ``#compdef`` line) and sourced after
``compinit`` (it then registers itself with ``compdef``).  The walker is the
same as bash's: words before the cursor move it from level to level, each
option's values are skipped by arity, and the cursor's slot decides what is
offered; options, objects, verbs and live values carry their descriptions.
"""

from __future__ import annotations

from .model import COMPLETE_WORD, Level, connection_dests, levels, quote, static_lists

HEADER = """\
#compdef oscmd
#
# zsh completion for oscmd.
# Generated from oscmd's command registry by `oscmd completion zsh`: do not edit.
# Install it in a directory of your $fpath, before compinit runs:
#   mkdir -p ~/.zfunc && oscmd completion zsh > ~/.zfunc/_oscmd
#   # in ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit
# or, after compinit in ~/.zshrc:  source <(oscmd completion zsh)
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).
"""

ENGINE = r"""
_oscmd_find() {
    # Find option $1 at the current level: sets arity, dest, rep, src and hlp.
    local e r
    for e in "${_oscmd_o[@]}"; do
        [[ " ${e%%|*} " == *" $1 "* ]] || continue
        r=${e#*|}; arity=${r%%|*}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}; r=${r#*|}
        src=${r%%|*}; hlp=${r#*|}
        return 0
    done
    return 1
}

_oscmd_live() {
    local prog=$words[1] line v
    local -a vals
    [[ $prog == */* && -x $prog ]] || prog=oscmd
    for line in ${(f)"$(command $prog __COMPLETE__ "$1" "$PREFIX" ${#_oscmd_conn} "${_oscmd_conn[@]}" \
                        "${_oscmd_dirs[@]}" 2>/dev/null)"}; do
        v=${line%%$'\t'*}
        vals+=("${v//:/\\:}:${line#*$'\t'}")
    done
    _describe -t values "$2" vals
}

_oscmd_values() {
    # Complete a value of source $1, described as $2.
    local -a ws
    case $1 in
        file) _files ;;
        dir) _files -/ ;;
        \=*) ws=(${=1#=}); _wanted values expl "$2" compadd -a ws ;;
        @*) _oscmd_static ${1#@}; _wanted values expl "$2" compadd -a _oscmd_w ;;
        live:*) _oscmd_live ${1#live:} "$2" ;;
        *) _message -e values "$2" ;;
    esac
}

_oscmd() {
    local -a _oscmd_o _oscmd_k _oscmd_conn _oscmd_dirs _oscmd_w opts kids
    local _oscmd_p _oscmd_pr _oscmd_ph _oscmd_s _oscmd_rd
    local w e f r arity dest rep src hlp level=root given=' ' vsrc vhlp
    local expl
    integer i npos=0 dd=0 invalue=0
    _oscmd_spec root
    for (( i = 2; i < CURRENT; i++ )); do
        w=$words[i]
        if (( ! dd )) && [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then dd=1; continue; fi
            _oscmd_find "${w%%=*}" || continue
            given+="$dest "
            [[ $level == root && " __CONN__ " == *" $dest "* ]] && _oscmd_conn+=("$w")
            if [[ $w == --*=* ]]; then
                (( arity > 1 )) && (( i += arity - 1 ))
                continue
            fi
            if (( i + arity >= CURRENT )); then
                if (( CURRENT - i == 1 )); then vsrc=$src; vhlp=$hlp; fi
                invalue=1
                break
            fi
            (( arity )) || continue
            [[ $level == root && " __CONN__ " == *" $dest "* ]] && _oscmd_conn+=("${(@)words[i+1,i+arity]}")
            [[ -n $_oscmd_rd && $dest == $_oscmd_rd ]] && _oscmd_dirs+=("$words[i+1]")
            (( i += arity ))
        elif (( $#_oscmd_k )); then
            level=end
            for e in "${_oscmd_k[@]}"; do
                if [[ ${e%%|*} == $w ]]; then r=${e#*|}; level=${r%%|*}; break; fi
            done
            _oscmd_spec $level
            given=' ' dd=0 npos=0
        else
            (( npos++ ))
        fi
    done
    if (( invalue )); then
        _oscmd_values "$vsrc" "$vhlp"
        return
    fi
    if (( ! dd )) && [[ $PREFIX == --*=* ]]; then
        _oscmd_find "${PREFIX%%=*}" && (( arity )) || return 1
        compset -P '*='
        _oscmd_values "$src" "$hlp"
        return
    fi
    if (( ! dd )) && [[ $PREFIX == -* || ( $#_oscmd_k -eq 0 && -z $_oscmd_p && $#_oscmd_o -gt 1 ) ]]; then
        for e in "${_oscmd_o[@]}"; do
            r=${e#*|}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}; r=${r#*|}; hlp=${r#*|}
            [[ $rep == 0 && $given == *" $dest "* ]] && continue
            for f in ${=e%%|*}; do opts+=("$f:$hlp"); done
        done
        _describe -t options option opts
        return
    fi
    if (( $#_oscmd_k )); then
        for e in "${_oscmd_k[@]}"; do r=${e#*|}; kids+=("${e%%|*}:${r#*|}"); done
        _describe -t commands "${_oscmd_ph:-command}" kids
        (( _oscmd_s )) && _wanted scripts expl 'oscmd script' _path_files -g '*.os(-.)'
        return
    fi
    if [[ -n $_oscmd_p ]] && (( _oscmd_pr || npos == 0 )); then
        _oscmd_values "$_oscmd_p" "$_oscmd_ph"
    fi
}

if [[ $funcstack[1] == _oscmd ]]; then
    _oscmd "$@"
else
    compdef _oscmd oscmd
fi
"""


def _array(name: str, items: list[str]) -> list[str]:
    return [f"            {name}=(", *(f"                {quote(i)}" for i in items), "            )"]


def _level(level: Level) -> str:
    lines = [f"        {level.path})"]
    if level.options:
        lines += _array("_oscmd_o", [f"{s.code}|{s.help}" for s in level.options])
    if level.children:
        lines += _array("_oscmd_k", [f"{c.word}|{c.level}|{c.help}" for c in level.children])
    heading = {"root": "object or command", "help": "topic or object", "completion": "shell"}.get(level.path)
    if heading is None and level.children:
        heading = "verb"
    if heading:
        lines.append(f"            _oscmd_ph={quote(heading)}")
    if level.positional.code or level.positional_help:
        lines.append(f"            _oscmd_p={quote(level.positional.code)} _oscmd_pr={int(level.positional_repeat)}"
                     f" _oscmd_ph={quote(level.positional_help)}")
    if level.scripts:
        lines.append("            _oscmd_s=1")
    if level.dirs:
        lines.append(f"            _oscmd_rd={level.dirs}")
    lines[-1] += " ;;"
    return "\n".join(lines)


def script() -> str:
    """The whole zsh completion file ``_oscmd``."""
    spec = [
        "_oscmd_spec() {",
        "    # One level: options \"flags|arity|dest|repeatable|source|help\", words \"word|level|help\",",
        "    # positionals.",
        "    _oscmd_o=() _oscmd_k=() _oscmd_p= _oscmd_pr=0 _oscmd_ph= _oscmd_s=0 _oscmd_rd=",
        "    case $1 in",
        *(_level(lv) for lv in levels()),
        "    esac",
        "}",
        "",
        "_oscmd_static() {",
        "    case $1 in",
        *(f"        {name}) _oscmd_w=({' '.join(words)}) ;;" for name, words in static_lists().items()),
        "        *) _oscmd_w=() ;;",
        "    esac",
        "}",
    ]
    engine = ENGINE.replace("__COMPLETE__", COMPLETE_WORD).replace("__CONN__", " ".join(connection_dests()))
    return HEADER + "\n" + "\n".join(spec) + "\n" + engine
