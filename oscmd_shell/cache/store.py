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
     "rows": [["i-0abc...", "web1", "running", "us-east-1a", "t3.micro"], ...]}

  ``fields`` names the columns of ``rows`` (readers must use it, not positions).
  ``stale`` is true when a command changed that kind after it was fetched.

:func:`read_values` is the fast path for the bash/zsh/fish completion entry
point: stdlib only, no network, no boto3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..fileio import write_private
from .snapshot import FIELDS, Entry, Identity, KindData, Snapshot

FORMAT = 1
SUFFIX = ".jsonl"


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
                                 "fields": list(FIELDS), "rows": [list(e) for e in data.entries]},
                                separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode("utf-8")


def save(cache_dir: Path, snapshot: Snapshot, now: float) -> None:
    """Write the snapshot's data atomically (0600 file in a 0700 directory)."""
    if snapshot.identity is None or not snapshot.kinds:
        return
    write_private(path_for(cache_dir, snapshot.identity), encode(snapshot, now))


def _rows(record: dict[str, Any]) -> list[Entry]:
    fields = record.get("fields") or list(FIELDS)
    out = []
    for row in record.get("rows") or ():
        values = dict(zip(fields, (str(v) if v is not None else "" for v in row), strict=False))
        if values.get("id"):
            out.append(Entry(*(values.get(f, "") for f in FIELDS)))
    return out


def load(cache_dir: Path, identity: Identity) -> Snapshot | None:
    """The stored snapshot of ``identity``, or None when absent or unreadable."""
    path = path_for(cache_dir, identity)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = json.loads(lines[0]) if lines else None
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if (header.get("endpoint"), header.get("region"), header.get("account")) != (
        identity.endpoint, identity.region, identity.account
    ):
        return None
    kinds: dict[str, KindData] = {}
    stale: set[str] = set()
    for line in lines[1:]:
        try:
            record = json.loads(line)
            kind = str(record["kind"])
            kinds[kind] = KindData.build(_rows(record), float(record.get("fetched") or 0.0))
        except (ValueError, KeyError, TypeError):
            continue
        if record.get("stale"):
            stale.add(kind)
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


def headers(cache_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(file, header) of every readable stored snapshot, freshest first."""
    found = []
    try:
        files = list(values_dir(cache_dir).glob("*" + SUFFIX))
    except OSError:
        return []
    for path in files:
        try:
            with path.open(encoding="utf-8") as fh:
                header = json.loads(fh.readline())
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(header, dict) and header.get("format") == FORMAT:
            found.append((path, header))
    found.sort(key=lambda item: float(item[1].get("saved") or 0.0), reverse=True)
    return found


def read_values(
    cache_dir: Path, kind: str, field: str, *, endpoint: str | None, region: str | None
) -> list[tuple[str, str]]:
    """(value, description) pairs of ``field`` for ``kind`` from the freshest matching file.

    ``endpoint`` and ``region`` select the connection (``None`` matches any;
    ``"aws"`` means AWS's own endpoints; a bare host or URL is normalised).
    ``field`` is ``id``, ``name``, ``state``, ``zone`` or ``detail``; empty values are
    skipped, duplicates kept once.  Returns ``[]`` when nothing matches.  No boto3,
    no network: this is what the bash/zsh/fish completion entry point calls.
    """
    if field not in FIELDS:
        return []
    want_endpoint = _normal(endpoint) if endpoint else None
    prefix = '{"kind":' + json.dumps(kind) + ","
    for path, header in headers(cache_dir):
        if want_endpoint is not None and header.get("endpoint") != want_endpoint:
            continue
        if region is not None and header.get("region") != region:
            continue
        try:
            with path.open(encoding="utf-8") as fh:
                line = next((ln for ln in fh if ln.startswith(prefix)), None)
            record = json.loads(line) if line else None
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if not isinstance(record, dict):
            continue
        return _describe(_rows(record), field)
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


def known_connections(cache_dir: Path) -> list[tuple[str, str]]:
    """(endpoint, region) of every stored snapshot, freshest first, each once."""
    out: list[tuple[str, str]] = []
    for _path, header in headers(cache_dir):
        pair = (str(header.get("endpoint") or ""), str(header.get("region") or ""))
        if pair[0] and pair not in out:
            out.append(pair)
    return out
