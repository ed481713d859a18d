"""``oscmd __complete``: live values for the bash, zsh and fish scripts, from files only.

The scripts call ``oscmd __complete SOURCE PREFIX N ROOT-TOKEN... [DIR...]``
when the cursor is on a value read from EC2 (``instance:name``, ``volume:id``,
``zone``...), a profile or an ``ami run`` resource.  The N root tokens are the
connection options of the line being completed (``-e``, ``-r``, ``--profile``,
``-c``, ``--local``); with the environment and the config files they select
which cached connection to read, as oscmd itself would.  Answers are lines of
``value<TAB>description``.  Nothing here touches the network or imports boto3:
ids and Names come from the files the interactive shell keeps up to date
(:mod:`oscmd_shell.cache.store`), so a Tab costs one Python start-up.
"""

from __future__ import annotations

import configparser
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..env import Env
from ..errors import OscmdError

USAGE = "usage: oscmd __complete SOURCE PREFIX N [ROOT-OPTION...] [DIR...]\n"
LOCAL_PREFIXES = ("http://127.0.0.1:", "http://localhost:")


def run(args: list[str], env: Env) -> int:
    """Print the values of ``SOURCE`` starting with ``PREFIX`` (any case); return the exit status."""
    try:
        source, prefix, count = args[0], args[1], int(args[2])
    except (IndexError, ValueError):
        env.stderr.write(USAGE)
        return 2
    root, extra = args[3 : 3 + count], args[3 + count :]
    low = prefix.lower()
    for value, text in values(source, root, extra, env):
        if value.lower().startswith(low):
            env.stdout.write(f"{_clean(value)}\t{_clean(text)}\n")
    return 0


def _clean(text: str) -> str:
    return " ".join(text.split())


def values(source: str, root: list[str], extra: list[str], env: Env) -> Iterable[tuple[str, str]]:
    """(value, description) pairs of one source; unknown sources have none."""
    if source == "profile":
        return [(p, "AWS profile") for p in profiles(env)]
    if source == "resource":
        from ..launch.resources import list_resources

        return [(name, "resource") for name in list_resources(extra)]
    if source == "zone":
        return zones(root, env)
    if ":" in source:
        kind, field = source.split(":", 1)
        return cached(kind, field, root, env)
    return []


def connection(root: list[str], env: Env) -> tuple[str | None, str | None, bool]:
    """(endpoint, region, exact) of the completed line, as the cache names them; None matches any.

    ``exact`` is False when the line names an endpoint but no region: the
    region then comes from the environment or the config files, and a cache
    of that endpoint in another region is a better guess than nothing.
    """
    from ..config import load_config, resolve_settings
    from ..parsing.command import parse_root

    try:
        level = parse_root(root)
        config_file = level.values.get("config")
        config = load_config(str(config_file) if config_file else None, env)
        settings = resolve_settings(level.values, level.given, config, env.environ)
    except OscmdError:
        return None, None, False
    exact = "region" in level.given or not ({"endpoint", "local"} & level.given)
    if level.values.get("local"):
        return _local_endpoint(env), settings.region, exact
    return settings.endpoint or "aws", settings.region, exact


def cached(kind: str, field: str, root: list[str], env: Env) -> list[tuple[str, str]]:
    """Values of ``kind``/``field`` from the cache of the line's connection."""
    return _read(env, kind, field, *connection(root, env))


def _read(env: Env, kind: str, field: str, endpoint: str | None, region: str | None,
          exact: bool) -> list[tuple[str, str]]:
    """The endpoint in its region first; with ``-e`` but no ``-r``, its freshest cache in any region."""
    from ..cache.store import read_values

    found = read_values(env.cache_dir, kind, field, endpoint=endpoint, region=region)
    if found or exact or region is None:
        return found
    return read_values(env.cache_dir, kind, field, endpoint=endpoint, region=None)


def _local_endpoint(env: Env) -> str | None:
    """The freshest cached playground endpoint (``--local`` picks a new port each time)."""
    from ..cache.store import known_connections

    for endpoint, _region in known_connections(env.cache_dir):
        if endpoint.startswith(LOCAL_PREFIXES):
            return endpoint
    return None


def zones(root: list[str], env: Env) -> list[tuple[str, str]]:
    """Cached zones of the connection, else the usual three letters after its region."""
    endpoint, region, exact = connection(root, env)
    found = _read(env, "zone", "id", endpoint, region, exact)
    if found or not region:
        return found
    return [(region + letter, "guessed") for letter in "abc"]


def profiles(env: Env) -> list[str]:
    """Profile names of the AWS config and credentials files."""
    environ: Mapping[str, str] = env.environ
    found: list[str] = []
    for var, default, prefix in (("AWS_CONFIG_FILE", ".aws/config", "profile "),
                                 ("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials", "")):
        parser = configparser.RawConfigParser(strict=False)
        try:
            parser.read(Path(environ.get(var) or env.home / default), encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        for section in parser.sections():
            if prefix and section != "default" and not section.startswith(prefix):
                continue
            name = section[len(prefix):] if prefix and section.startswith(prefix) else section
            if name and name not in found:
                found.append(name)
    return found
