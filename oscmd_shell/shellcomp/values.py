"""``oscmd __complete``: live values for the bash, zsh and fish scripts, from files only.

The scripts call ``oscmd __complete SOURCE PREFIX N ROOT-TOKEN... [DIR...]``
when the cursor is on a value read from EC2 (``instance:name``, ``volume:id``,
``zone``...), a profile or an ``ami run`` resource.  The N root tokens are the
connection options of the line being completed (``-e``, ``-r``, ``--profile``,
``-c``, ``--local``); with the environment and the config files they select
which cached connection to read, as oscmd itself would.  Answers are lines of
``value<TAB>description``; a value holding a control, separator or bidi
character is left out and descriptions are escaped onto one line, so nothing
from the cache reaches the terminal raw.  A cache file that cannot be used (a
FIFO, a link, a bad header, damaged lines) is skipped with one line on standard
error, never a traceback or a hang.  Nothing here touches the network or
imports boto3: ids, Names, tag keys and tag values come from the files the
interactive shell keeps up to date (:mod:`oscmd_shell.cache.store`), so a Tab
costs one Python start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..env import Env
from ..errors import OscmdError
from ..output.terminal import is_clean, line

USAGE = "usage: oscmd __complete SOURCE PREFIX N [ROOT-OPTION...] [DIR...]\n"
LOCAL_PREFIXES = ("http://127.0.0.1:", "http://localhost:")
Notice = Callable[[Path, str], None]


def run(args: list[str], env: Env) -> int:
    """Print the values of ``SOURCE`` starting with ``PREFIX`` (any case); return the exit status."""
    try:
        source, prefix, count = args[0], args[1], int(args[2])
    except (IndexError, ValueError):
        env.stderr.write(USAGE)
        return 2
    root, extra = args[3 : 3 + count], args[3 + count :]
    low = prefix.lower()
    try:
        found = list(values(source, root, extra, env, _notices(env), prefix=prefix))
    except Exception as exc:  # a Tab must never print a traceback over the command line
        env.stderr.write(f"oscmd: __complete {source}: {exc.__class__.__name__}: {exc}\n")
        return 3
    for value, text in found:
        if value.lower().startswith(low) and is_clean(value):
            env.stdout.write(f"{_clean(value)}\t{_clean(line(text))}\n")
    return 0


def _notices(env: Env) -> Notice:
    """Report each ignored cache file once on standard error (the scripts discard it; a person sees it)."""
    seen: set[tuple[Path, str]] = set()

    def notice(path: Path, what: str) -> None:
        from ..cache.store import notice_line

        if (path, what) not in seen:
            seen.add((path, what))
            env.stderr.write(f"oscmd: {notice_line(path, what)}\n")

    return notice


def _clean(text: str) -> str:
    return " ".join(text.split())


def values(source: str, root: list[str], extra: list[str], env: Env,
           notice: Notice | None = None, prefix: str = "") -> Iterable[tuple[str, str]]:
    """(value, description) pairs of one source; unknown sources have none; unusable cache files go to ``notice``."""
    if source == "profile":
        return [(p, "AWS profile") for p in profiles(env)]
    if source == "resource":
        from ..launch.resources import list_resources

        return [(name, "resource") for name in list_resources(extra)]
    if source == "zone":
        return zones(root, env, notice)
    if source.startswith(("filter:", "attribute:")):
        from ..complete.filters import candidates

        conn = connection(root, env, notice)
        return candidates(source, prefix,
                          lambda kind, field, _prefix: [v for v, _ in _read(env, kind, field, *conn, notice=notice)])
    if ":" in source:
        kind, field = source.split(":", 1)
        return cached(kind, field, root, env, notice)
    return []


def connection(root: list[str], env: Env, notice: Notice | None = None) -> tuple[str | None, str | None, bool]:
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
        return _local_endpoint(env, notice), settings.region, exact
    return settings.endpoint or "aws", settings.region, exact


def cached(kind: str, field: str, root: list[str], env: Env, notice: Notice | None = None) -> list[tuple[str, str]]:
    """Values of ``kind``/``field`` from the cache of the line's connection."""
    return _read(env, kind, field, *connection(root, env, notice), notice=notice)


def _read(env: Env, kind: str, field: str, endpoint: str | None, region: str | None,
          exact: bool, notice: Notice | None = None) -> list[tuple[str, str]]:
    """The endpoint in its region first; with ``-e`` but no ``-r``, its freshest cache in any region."""
    from ..cache.store import read_values

    found = read_values(env.cache_dir, kind, field, endpoint=endpoint, region=region, notice=notice)
    if found or exact or region is None:
        return found
    return read_values(env.cache_dir, kind, field, endpoint=endpoint, region=None, notice=notice)


def _local_endpoint(env: Env, notice: Notice | None = None) -> str | None:
    """The freshest cached playground endpoint (``--local`` picks a new port each time)."""
    from ..cache.store import known_connections

    for endpoint, _region in known_connections(env.cache_dir, notice):
        if endpoint.startswith(LOCAL_PREFIXES):
            return endpoint
    return None


def zones(root: list[str], env: Env, notice: Notice | None = None) -> list[tuple[str, str]]:
    """Cached zones of the connection, else the usual three letters after its region."""
    endpoint, region, exact = connection(root, env, notice)
    found = _read(env, "zone", "id", endpoint, region, exact, notice)
    if found or not region:
        return found
    return [(region + letter, "guessed") for letter in "abc"]


def profiles(env: Env) -> list[str]:
    """Profile names of the AWS config and credentials files."""
    from ..awsfiles import profiles as aws_profiles

    return aws_profiles(env.environ)
