"""The AWS CLI's shared files, in the little that oscmd reads from them itself.

botocore reads ``~/.aws/config`` and ``~/.aws/credentials`` for credentials
and regions; oscmd reads them only for the profile names it offers to
complete and for a profile's ``output =``, which it honours as the aws CLI
does.  The files are where the aws CLI looks (``AWS_CONFIG_FILE``,
``AWS_SHARED_CREDENTIALS_FILE``, else under ``~/.aws``), read through
:func:`oscmd_shell.fileio.read_regular`, so a FIFO or a device in their place
can neither hang nor feed oscmd; a file that cannot be used is simply not
read (``/dev/null`` is the usual way of saying "none").  No boto3 here.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from pathlib import Path

LIMIT = 1 << 20
CONFIG = ("AWS_CONFIG_FILE", ".aws/config")
CREDENTIALS = ("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")


def path_of(which: tuple[str, str], environ: Mapping[str, str]) -> Path:
    """Where the aws CLI reads ``which`` (:data:`CONFIG` or :data:`CREDENTIALS`) in this environment."""
    variable, default = which
    value = environ.get(variable)
    if value:
        return _home(environ) / value[2:] if value.startswith("~/") else Path(value)
    return _home(environ) / default


def _home(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("HOME") or os.path.expanduser("~"))


def read(which: tuple[str, str], environ: Mapping[str, str]) -> configparser.RawConfigParser | None:
    """The parsed file, or None when it is missing, not a regular file, too large or not INI."""
    from .fileio import read_regular

    try:
        text = read_regular(path_of(which, environ), limit=LIMIT, follow=True).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def profiles(environ: Mapping[str, str]) -> list[str]:
    """Profile names of the config file (``[default]``, ``[profile NAME]``) and of the credentials file."""
    found: list[str] = []
    for which, prefix in ((CONFIG, "profile "), (CREDENTIALS, "")):
        parser = read(which, environ)
        for section in parser.sections() if parser is not None else ():
            if prefix and section != "default" and not section.startswith(prefix):
                continue
            name = section[len(prefix):].strip() if prefix and section.startswith(prefix) else section
            if name and name not in found:
                found.append(name)
    return found


def profile_name(given: str | None, environ: Mapping[str, str]) -> str:
    """The profile the aws CLI would use: ``--profile``, ``AWS_PROFILE``, ``AWS_DEFAULT_PROFILE``, ``default``."""
    return given or environ.get("AWS_PROFILE") or environ.get("AWS_DEFAULT_PROFILE") or "default"


def profile_value(profile: str, key: str, environ: Mapping[str, str]) -> str | None:
    """``key`` of ``profile`` in the config file (``[default]`` or ``[profile NAME]``), None when unset."""
    parser = read(CONFIG, environ)
    if parser is None:
        return None
    sections = ("default", "profile default") if profile == "default" else (f"profile {profile}",)
    for section in sections:
        if parser.has_option(section, key):
            value = parser.get(section, key).strip()
            return value or None
    return None
