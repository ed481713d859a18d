"""The on-disk completion cache: one file per connection identity, readable without boto3.

Files live in ``$XDG_CACHE_HOME/oscmd/values/`` (mode 0700), one per connection
identity, named ``<key>.jsonl`` where ``<key>`` is a hash of the endpoint, the
region and the hashed access key id (mode 0600, replaced atomically).  Each is
JSON Lines, so a reader can look at the first line alone:

* line 1, the header::

    {"format": 1, "endpoint": "http://127.0.0.1:5000", "region": "us-east-1",
     "account": "<first 16 hex digits of sha256(access key id)>", "saved": 1717171717.5}

  ``endpoint`` is the normalised URL with any credential in it redacted, or
  ``"aws"`` for AWS's own endpoints;
  ``saved`` is a Unix time.  The access key itself is never written.

* then one line per kind (``instance``, ``volume``, ``address``, ``group``,
  ``keypair``, ``snapshot``, ``image``, ``zone``, ``region``)::

    {"kind": "instance", "fetched": 1717171717.0, "stale": false,
     "fields": ["id", "name", "state", "zone", "detail"],
     "rows": [["i-0abc...", "web1", "running", "us-east-1a", "t3.micro"], ...],
     "tags": ["Name", "env", "team"],
     "tag_values": {"env": ["prod", "test"], "team": ["ops"]}}

  ``fields`` names the columns of ``rows`` (readers must use it, not positions).
  ``stale`` is true when a command changed that kind after it was fetched.
  ``tags`` lists the tag keys seen on the kind's objects (sorted, at most 500)
  and ``tag_values`` the values kept for each (at most 500 a key and 5,000 a
  kind; Names are in ``rows``); both are re-checked when read.  A line without
  them, as written before they existed, has none.  The format number stays 1:
  readers ignore keys they do not know, so old and new files read both ways.

:func:`read_values` is the fast path for the bash/zsh/fish completion entry
point: stdlib only, no network, no boto3.  Files are read only if they are
regular files (opened non-blocking, never through a link) and only with the
shapes above: a file with a bad header or a FIFO is ignored and a damaged line
skipped, each reported to the caller's ``notice``, never raised.
"""

from __future__ import annotations

import errno
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..fileio import open_regular, read_regular, write_private
from .snapshot import FIELDS, TAG_KEYS, Entry, Identity, KindData, Snapshot, is_field

FORMAT = 1
SUFFIX = ".jsonl"
MAX_BYTES = 64 << 20  # a bigger file is ignored (10,000 instances take about 1.5 MB)
MAX_HEADER = 64 << 10
Notice = Callable[[Path, str], None]  # (file, what was ignored and why)


def values_dir(cache_dir: Path) -> Path:
    return cache_dir / "values"


def path_for(cache_dir: Path, identity: Identity) -> Path:
    return values_dir(cache_dir) / f"{identity.key}{SUFFIX}"


def encode(snapshot: Snapshot, now: float) -> bytes:
    """The file contents for ``snapshot`` (which must have an identity)."""
    ident = snapshot.identity
    if ident is None:
        raise ValueError("a snapshot without an identity cannot be stored")
    lines = [json.dumps({"format": FORMAT, "endpoint": ident.endpoint, "region": ident.region,
                         "account": ident.account, "saved": now})]
    for kind in sorted(snapshot.kinds):
        data = snapshot.kinds[kind]
        lines.append(json.dumps({"kind": kind, "fetched": data.fetched, "stale": kind in snapshot.stale,
                                 "fields": list(FIELDS), "rows": [list(e) for e in data.entries],
                                 "tags": list(data.tags), "tag_values": data.tag_values},
                                separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode("utf-8")


def save(cache_dir: Path, snapshot: Snapshot, now: float) -> None:
    """Write the snapshot's data atomically (0600 file in a 0700 directory)."""
    if snapshot.identity is None or not snapshot.kinds:
        return
    write_private(path_for(cache_dir, snapshot.identity), encode(snapshot, now))


def _number(value: Any) -> float | None:
    """A finite JSON number (never a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _header(line: str) -> dict[str, Any] | None:
    """The header of a cache file if it has the expected shape, else None."""
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or isinstance(header.get("format"), bool):
        return None
    if not all(isinstance(header.get(k), str) for k in ("endpoint", "region", "account")):
        return None
    return header if _number(header.get("saved")) is not None else None


def _record(line: str, with_rows: bool = True) -> tuple[str, KindData, bool] | None:
    """(kind, data, stale) of one kind's line if it has the expected shape, else None (the tags alone, without
    reading a row, unless ``with_rows``: a Tab on a tag value need not index 100,000 instances)."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("kind"), str) or not record["kind"]:
        return None
    fields = record.get("fields", list(FIELDS))
    rows = record.get("rows", [])
    fetched = _number(record.get("fetched", 0.0))
    tags = record.get("tags", [])
    tag_values = record.get("tag_values", {})
    if (not isinstance(fields, list) or not all(isinstance(f, str) for f in fields) or not isinstance(rows, list)
            or fetched is None or not isinstance(record.get("stale", False), bool) or not isinstance(tags, list)
            or not isinstance(tag_values, dict) or not all(isinstance(v, list) for v in tag_values.values())):
        return None
    entries = []
    for row in rows if with_rows else ():
        if not isinstance(row, list) or not all(v is None or isinstance(v, (str, int, float)) for v in row):
            return None
        values = dict(zip(fields, ("" if v is None else str(v) for v in row), strict=False))
        if values.get("id"):
            entries.append(Entry(*(values.get(f, "") for f in FIELDS)))
    return record["kind"], KindData.build(entries, fetched, tags, tag_values), bool(record.get("stale"))


def _read(path: Path, notice: Notice | None) -> list[str] | None:
    """The lines of the cache file ``path``, or None (with a notice) when it cannot be used."""
    try:
        data = read_regular(path, limit=MAX_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        _ignored(notice, path, exc.strerror or str(exc))
        return None
    try:
        return data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        _ignored(notice, path, "not UTF-8 text")
        return None


def _find_line(path: Path, prefix: bytes, notice: Notice | None) -> str | None:
    """The first line of ``path`` starting with ``prefix``, read as a stream (a Tab reads no more than it needs)."""
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > MAX_BYTES:
                raise OSError(errno.EFBIG, f"is larger than {MAX_BYTES} bytes", str(path))
            found = next((line for line in handle if line.startswith(prefix)), None)
        return found.decode("utf-8") if found is not None else None
    except FileNotFoundError:
        return None
    except OSError as exc:
        _ignored(notice, path, exc.strerror or str(exc))
    except UnicodeDecodeError:
        _ignored(notice, path, "not UTF-8 text")
    return None


def _say(notice: Notice | None, path: Path, what: str) -> None:
    if notice is not None:
        notice(path, what)


def _ignored(notice: Notice | None, path: Path, why: str) -> None:
    _say(notice, path, f"ignored ({why})")


def notice_line(path: Path, what: str) -> str:
    """The one line that reports what was ignored in a cache file."""
    return f"cache file {path}: {what}"


def load(cache_dir: Path, identity: Identity, notice: Notice | None = None) -> Snapshot | None:
    """The stored snapshot of ``identity``, or None when absent or unusable.

    A file that cannot be used (not a regular file, a link, not UTF-8, a bad
    header) and damaged lines are ignored, each reported once to ``notice``.
    """
    path = path_for(cache_dir, identity)
    lines = _read(path, notice)
    if lines is None:
        return None
    header = _header(lines[0])
    if header is None:
        _ignored(notice, path, "no valid header on its first line")
        return None
    if (header["endpoint"], header["region"], header["account"]) != (
        identity.endpoint, identity.region, identity.account
    ):
        _ignored(notice, path, "its header names another connection")
        return None
    kinds: dict[str, KindData] = {}
    stale: set[str] = set()
    damaged = 0
    for line in lines[1:]:
        if not line.strip():
            continue
        parsed = _record(line)
        if parsed is None:
            damaged += 1
            continue
        kind, data, is_stale = parsed
        kinds[kind] = data
        if is_stale:
            stale.add(kind)
    if damaged:
        _say(notice, path, f"{damaged} damaged line{'s' if damaged > 1 else ''} skipped")
    return Snapshot(identity=identity, kinds=kinds, stale=frozenset(stale))


def _normal(endpoint: str) -> str:
    if endpoint == "aws":
        return endpoint
    from ..config import normalise_endpoint
    from ..errors import UsageError
    from ..redact import redact

    try:
        return redact(normalise_endpoint(endpoint))
    except UsageError:
        return redact(endpoint)


def headers(cache_dir: Path, notice: Notice | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """(file, header) of every usable stored snapshot, freshest first; the others go to ``notice``."""
    found = []
    try:
        files = sorted(values_dir(cache_dir).glob("*" + SUFFIX))
    except OSError:
        return []
    for path in files:
        try:
            with open_regular(path) as handle:
                first = handle.readline(MAX_HEADER).decode("utf-8")
        except OSError as exc:
            _ignored(notice, path, exc.strerror or str(exc))
            continue
        except UnicodeDecodeError:
            _ignored(notice, path, "not UTF-8 text")
            continue
        header = _header(first)
        if header is None:
            _ignored(notice, path, "no valid header on its first line")
            continue
        found.append((path, header))
    found.sort(key=lambda item: float(item[1]["saved"]), reverse=True)
    return found


def read_values(
    cache_dir: Path, kind: str, field: str, *, endpoint: str | None, region: str | None,
    notice: Notice | None = None,
) -> list[tuple[str, str]]:
    """(value, description) pairs of ``field`` for ``kind`` from the freshest matching file.

    ``endpoint`` and ``region`` select the connection (``None`` matches any;
    ``"aws"`` means AWS's own endpoints; a bare host or URL is normalised).
    ``field`` is ``id``, ``name``, ``state``, ``zone`` or ``detail``,
    :data:`~.snapshot.TAG_KEYS` for the kind's tag keys, ``tag:KEY`` for the
    values of one key or :data:`~.snapshot.TAG_VALUES` for all; empty values are
    skipped, duplicates kept once.  Returns ``[]`` when nothing matches.  A file
    that cannot be used is skipped and reported to ``notice``; nothing here can
    block on a FIFO.  No boto3, no network: this is what the bash/zsh/fish
    completion entry point calls.
    """
    if not is_field(field):
        return []
    want_endpoint = _normal(endpoint) if endpoint else None
    prefix = '{"kind":' + json.dumps(kind) + ","
    for path, header in headers(cache_dir, notice):
        if want_endpoint is not None and header["endpoint"] != want_endpoint:
            continue
        if region is not None and header["region"] != region:
            continue
        line = _find_line(path, prefix.encode("utf-8"), notice)
        if line is None:
            continue
        parsed = _record(line, with_rows=field in FIELDS)
        if parsed is None:
            _ignored(notice, path, f"its {kind} line is damaged")
            continue
        if field not in FIELDS:
            return [(value, "tag key" if field == TAG_KEYS else "tag value") for value in parsed[1].values(field)]
        return _describe(list(parsed[1].entries), field)
    return []


def _describe(entries: list[Entry], field: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for e in entries:
        value = str(getattr(e, field))
        if not value or value in seen:
            continue
        seen.add(value)
        other = e.name if field == "id" else e.id
        where = "/".join(v for v in (e.state, e.zone) if v)
        out.append((value, "  ".join(v for v in (other if other != value else "", where, e.detail) if v)))
    return out


def known_connections(cache_dir: Path, notice: Notice | None = None, *,
                      skip_account: str | None = None) -> list[tuple[str, str]]:
    """(endpoint, region) of every stored snapshot, freshest first, each once (not those of ``skip_account``)."""
    out: list[tuple[str, str]] = []
    for _path, header in headers(cache_dir, notice):
        pair = (header["endpoint"], header["region"])
        if pair[0] and pair not in out and header["account"] != skip_account:
            out.append(pair)
    return out


def forget_account(cache_dir: Path, account: str, *, keep_endpoint: str | None = None) -> int:
    """Delete the stored snapshots of ``account`` except those of ``keep_endpoint``; return how many went.

    The local playground uses this: a new port each run would otherwise leave
    one file per run, each naming an endpoint that is gone.
    """
    keep = _normal(keep_endpoint) if keep_endpoint else None
    gone = 0
    for path, header in headers(cache_dir):
        if header["account"] == account and header["endpoint"] != keep:
            try:
                path.unlink()  # unlink never follows a link: only the directory entry goes
            except OSError:
                continue
            gone += 1
    return gone
