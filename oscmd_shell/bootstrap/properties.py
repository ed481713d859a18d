"""One definition of a property, shared by the launcher (``-V NAME=VALUE``) and the decoder.

A ``text/properties`` body is UTF-8 text cut into lines at ``\\n`` only (a
``\\r`` just before it is dropped), each line ``NAME: VALUE``.  A name reads
``[A-Za-z_][A-Za-z0-9_]*`` and is not on the deny-list below: variables that
would turn a value into code in the shells, interpreters and installers the
scripts start (``BASH_FUNC_*``, ``BASH_ENV``, ``LD_PRELOAD``, ``PYTHONPATH``...).
Neither names nor values may hold a control character (tab and the C1 set
included), a surrogate or a Unicode line or paragraph separator: text that
another reader (``str.splitlines``, a shell, a log) would cut into more lines
than this one is refused, by the launcher with exit 2 and by the decoder
before it sets anything.  Standard library only.
"""

import re
import unicodedata

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Names refused exactly: shell start-up and behaviour, dynamic loaders,
#: interpreters and tools that run a command named by a variable, and oscmd's own.
REFUSED_NAMES = (
    "PATH", "IFS", "HOME", "SHELL", "ENV", "CDPATH", "GLOBIGNORE", "PS1", "PS2", "PS3", "PS4",
    "PROMPT_COMMAND", "SHELLOPTS", "ZDOTDIR", "FPATH", "APT_CONFIG", "GCONV_PATH", "LOCPATH", "NLSPATH",
    "HOSTALIASES", "GLIBC_TUNABLES", "OPENSSL_CONF", "OPENSSL_ENGINES", "SSLKEYLOGFILE",
    "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "RUBYOPT", "RUBYLIB", "GEM_HOME", "GEM_PATH",
    "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "SSH_ASKPASS", "SUDO_ASKPASS",
    "SSH_AUTH_SOCK", "LESSOPEN", "LESSCLOSE", "PAGER", "MANPAGER", "SYSTEMD_PAGER", "SYSTEMD_EDITOR",
    "EDITOR", "VISUAL", "SUDO_EDITOR", "BROWSER", "EXINIT", "VIMINIT", "GVIMINIT", "MYVIMRC", "INPUTRC",
    "TAR_OPTIONS", "LUA_INIT", "LUA_PATH", "LUA_CPATH", "PHPRC", "PHP_INI_SCAN_DIR", "TMPDIR",
    "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "XDG_DATA_HOME", "XDG_DATA_DIRS", "GNUPGHOME", "KUBECONFIG",
    "DOCKER_HOST", "DOCKER_CONFIG", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "BOTO_CONFIG",
    "BOTO_PATH", "CURL_HOME", "CURL_CA_BUNDLE", "WGETRC", "SSL_CERT_FILE", "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE", "http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
    "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY", "NO_PROXY",
)
#: Name prefixes refused: bash (BASH_ENV, BASH_FUNC_*, BASHOPTS...), the
#: dynamic loaders, Python, Perl, git (GIT_EDITOR, GIT_PAGER, GIT_SSH_COMMAND,
#: GIT_CONFIG_*...), pip and npm's configuration, and oscmd's own names.
REFUSED_PREFIXES = ("BASH", "LD_", "DYLD_", "PYTHON", "PERL", "GIT_", "PIP_", "npm_config_", "NPM_CONFIG_",
                    "OSCMD_")

_REFUSED_CATEGORIES = ("Cc", "Cs", "Zl", "Zp")


def bad_character(text: "str") -> "str | None":
    """How the first character of ``text`` that may end a line for some reader is named, else None."""
    for char in text:
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None


def is_refused_name(name: "str") -> "bool":
    """True for a name on the deny-list."""
    lowered = name.lower()  # proxies and npm read these names whatever their case
    return name in REFUSED_NAMES or name.startswith(REFUSED_PREFIXES) or lowered.startswith("npm_config_") or (
        lowered.endswith("_proxy") and lowered[:-6] in ("http", "https", "ftp", "all", "no"))


def refusal(name: "str", value: "str") -> "str | None":
    """Why the property ``name`` = ``value`` cannot be sent or set, else None."""
    if not NAME_RE.fullmatch(name):
        return f"invalid property name {name!r}: letters, digits and '_' only, not starting with a digit"
    if is_refused_name(name):
        return f"property {name} is refused: it could make the instance's scripts run other code"
    bad = bad_character(value)
    if bad is not None:
        return f"property {name}: the value holds the control or line-breaking character {bad}"
    return None


def line(name: "str", value: "str") -> "str":
    """The body line of one property (checked by the caller with :func:`refusal`)."""
    return f"{name}: {value}\n"


def split_lines(payload: "bytes") -> "list[bytes]":
    """The lines of a properties body: cut at ``\\n`` only, a ``\\r`` before it dropped."""
    lines = payload.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return [raw[:-1] if raw.endswith(b"\r") else raw for raw in lines]


def parse_line(raw: "bytes") -> "tuple[str, str] | str | None":
    """``(name, value)`` for a property line, None for a blank or ``#`` line, else why it is refused."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    text = text.strip(" \t")
    if not text or text.startswith("#"):
        return None
    if ":" not in text:
        return "no ':' between a name and a value"
    name, value = text.split(":", 1)
    name, value = name.strip(" \t"), value.strip(" \t")
    if not NAME_RE.fullmatch(name):
        bad = bad_character(name)
        return f"the name holds the character {bad}" if bad else f"{name!r} is not a property name"
    reason = refusal(name, value)
    if reason is not None:
        return reason
    return name, value
