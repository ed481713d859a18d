"""Secret redaction: the one function every message, log line and cache header goes through.

:func:`redact` replaces with ``***``: the user name and password of a URL
(``http://user:pass@host``), credentials in a query string (``X-Amz-Signature``,
``X-Amz-Credential``, ``X-Amz-Security-Token``, ``AWSAccessKeyId``, ``Signature``,
``password``, ``token``...), the value of ``Authorization`` headers, request
signatures (botocore logs one on its own line after ``Signature:``), secret
keys, session and SSO tokens written as ``key = value``, in JSON or in XML, key
material, Windows password data, an instance's user data (it carries
``ami run``'s ``-V``/``-F`` values), private key blocks, and any exact value
the caller names as secret.  It is idempotent and stdlib only, so every layer can
use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

MARK = "***"
_MIN_SECRET = 4  # shorter "secrets" would redact ordinary words

_AWS_QUERY_KEYS = ("X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "AWSAccessKeyId", "Signature")
_QUERY_KEYS = (*_AWS_QUERY_KEYS, "password", "passwd", "pwd", "token", "access_token", "secret", "api_key", "apikey")
_QUOTE = r"""['"]?"""
_ASSIGN = _QUOTE + r"""\s*[:=]\s*(?:b?['"])?"""  # key: value, 'key': b'value', key=value

# Each pattern's first group is kept; the rest of its match becomes MARK.
_SOURCES: tuple[tuple[str, int], ...] = (
    # scheme://userinfo@ (greedy to the last '@' of the authority, as urllib does)
    (r"(\b[a-z][a-z0-9+.\-]*://)[^/\s?#]+(?=@)", re.I),
    # a query (or botocore's canonical query line) naming a credential; the value keeps no final ':' or '.'
    (r"((?:^|[?&;])(?:" + "|".join(_QUERY_KEYS) + r")=)[^&#\s'\"]*[^&#\s'\":,;.)]", re.I | re.M),
    (r"(['\"](?:" + "|".join(_AWS_QUERY_KEYS) + r")['\"]\s*:\s*b?['\"])[^'\"]+", re.I),
    (r"(\b(?:Proxy-)?Authorization" + _ASSIGN + r")[^'\"\r\n]+", re.I),
    (r"(\bSignature=)[^,&\s'\"]+", 0),
    (r"(\bSignature:[ \t]*\r?\n)[^\s'\"]+", 0),
    (r"(\bx-amz-security-token" + _ASSIGN + r")[^'\",\s}&]+", re.I),
    (r"(\b(?:aws_)?secret_?access_?key" + _ASSIGN + r")[^'\",\s}<]+", re.I),
    (r"(\b(?:aws_)?(?:session|security)_?token" + _ASSIGN + r")[^'\",\s}<]+", re.I),
    (r"""(['"](?:(?:access|refresh|id)?Token|ClientSecret|KeyMaterial|PasswordData)['"]\s*:\s*['"])[^'"]+""",
     re.I),
    (r"(<(?:SecretAccessKey|SessionToken|keyMaterial|passwordData)>)[^<]+", re.I),
    # user data (it carries ami run's -V/-F values): in a request's params, its query body, an answer's XML
    (r"""(['"]UserData['"]\s*:\s*(?:\{\s*['"]Value['"]\s*:\s*)?b?['"])[^'"]+""", 0),
    (r"((?:^|[?&;\s])UserData(?:\.Value)?=)[^&#\s'\"]+", re.M),
    (r"(<userData>\s*(?:<value>)?)[^<]+", re.I),
    (r"(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(?=-----END|\Z)", 0),
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first use, so importing this module costs nothing on the ``-h`` and completion paths."""
    return tuple(re.compile(source, flags) for source, flags in _SOURCES)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every credential it shows replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET and secret != MARK:
            text = text.replace(secret, MARK)
    for pattern in _patterns():
        text = pattern.sub(_keep_first, text)
    return text


def _keep_first(match: re.Match[str]) -> str:
    return match.group(1) + MARK
