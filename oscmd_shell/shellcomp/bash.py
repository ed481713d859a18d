"""Write the bash completion script: the grammar's levels as tables, and one walker over them.

The tables (``_oscmd_spec``, ``_oscmd_static``) come from :mod:`.model`; the
walker is fixed text.  It splits the line at blanks only (bash-completion's
``_get_comp_words_by_ref -n =:`` when it is loaded, else its own re-joining of
the pieces bash cuts at ``:`` and ``=``, so endpoint URLs and ``--opt=value``
stay whole), walks the words before the cursor level by level, skipping each
option's values by its arity, and then offers the values of the option whose
value slot the cursor is in, or the options, objects, verbs or positionals of
the cursor's level.  Candidates are whole words; the part before the last
``:`` or ``=``, which readline keeps, is then trimmed off them, as
``__ltrim_colon_completions`` does.  Live values come from ``oscmd __complete``.
"""

from __future__ import annotations

from .model import COMPLETE_WORD, Level, connection_dests, levels, quote, static_lists

HEADER = """\
# bash completion for oscmd                                  -*- shell-script -*-
#
# Generated from oscmd's command registry by `oscmd completion bash`: do not edit.
# Install it for your user (bash-completion loads it on first use):
#   mkdir -p ~/.local/share/bash-completion/completions
#   oscmd completion bash > ~/.local/share/bash-completion/completions/oscmd
# or add this line to ~/.bashrc:
#   eval "$(oscmd completion bash)"
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).
"""

ENGINE = r"""
_oscmd_find() {
    # Find option $1 at the current level: sets arity, dest, rep and src.
    local e r
    for e in "${_oscmd_o[@]}"; do
        [[ " ${e%%|*} " == *" $1 "* ]] || continue
        r=${e#*|}; arity=${r%%|*}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}; src=${r#*|}
        return 0
    done
    return 1
}

_oscmd_add() {
    # Add word $1 (with prefix $3) when it starts with $2, quoted for the command line
    # unless the word being completed opened a quote (readline then closes it).
    local q=$1
    (( _oscmd_quoted )) || printf -v q '%q' "$1"
    [[ $1 == "$2"* || $q == "$2"* ]] && COMPREPLY+=("$3$q")
    return 0
}

_oscmd_live() {
    local prog=${COMP_WORDS[0]} line
    [[ $prog == */* && -x $prog ]] || prog=oscmd
    while IFS= read -r line; do
        _oscmd_add "${line%%$'\t'*}" "$2" "$3"
    done < <(command "$prog" __COMPLETE__ "$1" "$2" "${#_oscmd_conn[@]}" "${_oscmd_conn[@]}" \
             "${_oscmd_dirs[@]}" 2>/dev/null)
}

_oscmd_values() {
    # Complete a value of source $1 from prefix $2; $3 is put before each value.
    local w
    case $1 in
        file|dir)
            compopt -o filenames 2>/dev/null
            while IFS= read -r w; do COMPREPLY+=("$3$w"); done \
                < <(if [[ $1 == dir ]]; then compgen -d -- "$2"; else compgen -f -- "$2"; fi) ;;
        =*) for w in ${1#=}; do _oscmd_add "$w" "$2" "$3"; done ;;
        @*) _oscmd_static "${1#@}"; for w in $_oscmd_w; do _oscmd_add "$w" "$2" "$3"; done ;;
        live:*) _oscmd_live "${1#live:}" "$2" "$3" ;;
    esac
}

_oscmd_words() {
    # Split the line before the cursor at blanks only, into words, cword and cur: bash also
    # splits at ':' and '=' (COMP_WORDBREAKS), which cuts every endpoint URL into pieces.
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n =: -w words -i cword -c cur
        return 0
    fi
    local line=${COMP_LINE:0:COMP_POINT} w rest
    local -i i n
    if [[ -z $COMP_LINE ]]; then
        words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
    else
        for (( i = 0; i <= COMP_CWORD; i++ )); do
            rest=${line#"${line%%[![:blank:]]*}"}
            w=${COMP_WORDS[i]}
            (( i == COMP_CWORD )) && w=$rest
            n=${#words[@]}
            if (( n > 0 )) && [[ $rest == "$line" ]]; then words[n-1]+=$w; else words+=("$w"); fi
            line=${rest#"$w"}
        done
    fi
    cword=${#words[@]}-1
    cur=${words[cword]}
}

_oscmd_trim() {
    # Readline replaces only the text after the last ':' or '=' of COMP_WORDBREAKS in the word
    # (unless the word opened a quote): drop what comes before it from every candidate.
    local head= rest
    local -i i
    (( _oscmd_quoted )) && return 0
    [[ $COMP_WORDBREAKS == *:* && $cur == *:* ]] && head=${cur%"${cur##*:}"}
    rest=${cur:${#head}}
    [[ $COMP_WORDBREAKS == *=* && $rest == *=* ]] && head+=${rest%"${rest##*=}"}
    [[ -n $head ]] || return 0
    for (( i = 0; i < ${#COMPREPLY[@]}; i++ )); do COMPREPLY[i]=${COMPREPLY[i]#"$head"}; done
}

_oscmd() {
    local IFS=$' \t\n'
    local -a words=() _oscmd_o=() _oscmd_k=() _oscmd_conn=() _oscmd_dirs=()
    local _oscmd_p= _oscmd_pr=0 _oscmd_s=0 _oscmd_rd= _oscmd_w= cur=
    local -i cword=0 _oscmd_quoted=0
    COMPREPLY=()
    _oscmd_words
    if [[ $cur == [\'\"]* ]]; then cur=${cur:1}; _oscmd_quoted=1; fi
    _oscmd_reply
    _oscmd_trim
    return 0
}

_oscmd_reply() {
    # Fill COMPREPLY with whole words for the word being completed, $cur.
    local w e f r arity dest rep src level=root given=' ' vsrc=
    local -i i npos=0 dd=0 invalue=0
    _oscmd_spec root
    for (( i = 1; i < cword; i++ )); do
        w=${words[i]}
        if (( ! dd )) && [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then dd=1; continue; fi
            _oscmd_find "${w%%=*}" || continue
            given+="$dest "
            [[ $level == root && " __CONN__ " == *" $dest "* ]] && _oscmd_conn+=("$w")
            if [[ $w == --*=* ]]; then
                (( arity > 1 )) && i+=arity-1
                continue
            fi
            if (( i + arity >= cword )); then
                (( cword - i == 1 )) && vsrc=$src
                invalue=1
                break
            fi
            (( arity )) || continue
            [[ $level == root && " __CONN__ " == *" $dest "* ]] && _oscmd_conn+=("${words[@]:i+1:arity}")
            [[ -n $_oscmd_rd && $dest == "$_oscmd_rd" ]] && _oscmd_dirs+=("${words[i+1]}")
            i+=arity
        elif (( ${#_oscmd_k[@]} )); then
            level=end
            for e in "${_oscmd_k[@]}"; do
                if [[ ${e%%>*} == "$w" ]]; then level=${e#*>}; break; fi
            done
            _oscmd_spec "$level"
            given=' ' dd=0 npos=0
        else
            npos+=1
        fi
    done
    if (( invalue )); then
        _oscmd_values "$vsrc" "$cur" ''
        return 0
    fi
    if (( ! dd )) && [[ $cur == --*=* ]]; then
        _oscmd_find "${cur%%=*}" && (( arity )) || return 0
        _oscmd_values "$src" "${cur#*=}" "${cur%%=*}="
        return 0
    fi
    if (( ! dd )) && [[ $cur == -* || ( ${#_oscmd_k[@]} -eq 0 && -z $_oscmd_p && ${#_oscmd_o[@]} -gt 1 ) ]]; then
        for e in "${_oscmd_o[@]}"; do
            r=${e#*|}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}
            [[ $rep == 0 && $given == *" $dest "* ]] && continue
            for f in ${e%%|*}; do [[ $f == "$cur"* ]] && COMPREPLY+=("$f"); done
        done
        return 0
    fi
    if (( ${#_oscmd_k[@]} )); then
        for e in "${_oscmd_k[@]}"; do _oscmd_add "${e%%>*}" "$cur" ''; done
        if (( _oscmd_s )); then
            while IFS= read -r w; do [[ $w == *.os ]] && COMPREPLY+=("$w"); done < <(compgen -f -- "$cur")
        fi
        return 0
    fi
    if [[ -n $_oscmd_p ]] && (( _oscmd_pr || npos == 0 )); then
        _oscmd_values "$_oscmd_p" "$cur" ''
    fi
    return 0
}

complete -F _oscmd oscmd
"""


def _array(name: str, items: list[str]) -> list[str]:
    return [f"            {name}=(", *(f"                {quote(i)}" for i in items), "            )"]


def _level(level: Level) -> str:
    lines = [f"        {level.path})"]
    if level.options:
        lines += _array("_oscmd_o", [s.code for s in level.options])
    if level.children:
        lines += _array("_oscmd_k", [f"{c.word}>{c.level}" for c in level.children])
    if level.positional.code:
        lines.append(f"            _oscmd_p={quote(level.positional.code)} _oscmd_pr={int(level.positional_repeat)}")
    if level.scripts:
        lines.append("            _oscmd_s=1")
    if level.dirs:
        lines.append(f"            _oscmd_rd={level.dirs}")
    lines[-1] += " ;;"
    return "\n".join(lines)


def script() -> str:
    """The whole bash completion script."""
    spec = [
        "_oscmd_spec() {",
        "    # One level: options \"flags|arity|dest|repeatable|source\", words \"word>level\", positionals.",
        "    _oscmd_o=() _oscmd_k=() _oscmd_p= _oscmd_pr=0 _oscmd_s=0 _oscmd_rd=",
        "    case $1 in",
        *(_level(lv) for lv in levels()),
        "    esac",
        "}",
        "",
        "_oscmd_static() {",
        "    case $1 in",
        *(f"        {name}) _oscmd_w={quote(' '.join(words))} ;;" for name, words in static_lists().items()),
        "        *) _oscmd_w= ;;",
        "    esac",
        "}",
    ]
    engine = ENGINE.replace("__COMPLETE__", COMPLETE_WORD).replace("__CONN__", " ".join(connection_dests()))
    return HEADER + "\n" + "\n".join(spec) + "\n" + engine
