"""Generated hostile file contents: completion-cache files and known_hosts lines.

Whatever a cache file holds, the store answers (possibly nothing) and reports
what it ignored; it never raises.  Whatever the user's known_hosts holds, the
lenient reader never raises and returns only keys OpenSSH would accept; oscmd's
own file fails only with one clear :class:`UsageError` naming file and line.
"""

from __future__ import annotations

import base64
import json
import math
import struct
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Identity
from oscmd_shell.errors import UsageError
from oscmd_shell.ssh.hostkeys import read_known_hosts

IDENT = Identity.of(None, "us-east-1", "AKIDFUZZ")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def headers(draw: st.DrawFn) -> str:
    fields: dict[str, Any] = {"format": 1, "endpoint": "aws", "region": "us-east-1", "account": IDENT.account,
                              "saved": 100.0}
    for key in draw(st.lists(st.sampled_from([*fields, "extra"]), max_size=3)):
        fields[key] = draw(JSON)
    return json.dumps(fields)


@st.composite
def records(draw: st.DrawFn) -> str:
    fields: dict[str, Any] = {"kind": "instance", "fetched": 1.0, "stale": False,
                              "fields": ["id", "name", "state", "zone", "detail"],
                              "rows": [["i-1", "web1", "running", "us-east-1a", "t3.micro"]]}
    for key in draw(st.lists(st.sampled_from([*fields, "extra"]), max_size=3)):
        fields[key] = draw(JSON)
    return json.dumps(fields, separators=(",", ":"))


CONTENTS = st.one_of(
    st.builds(lambda h, rs: "\n".join([h, *rs]), headers(), st.lists(records(), max_size=3)).map(str.encode),
    st.binary(max_size=200),
    st.builds(lambda h, junk: h.encode() + b"\n" + junk, headers(), st.binary(max_size=100)),
)


@FUZZ
@given(content=CONTENTS)
def test_any_cache_file_is_answered_or_ignored_never_raised(tmp_path: Path, content: bytes) -> None:
    cache = tmp_path / "cache"
    path = store.path_for(cache, IDENT)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    noticed: list[tuple[Path, str]] = []
    loaded = store.load(cache, IDENT, lambda p, what: noticed.append((p, what)))
    if loaded is not None:
        for data in loaded.kinds.values():
            assert all(isinstance(field, str) for entry in data.entries for field in entry)
            assert math.isfinite(data.fetched)
    found = store.read_values(cache, "instance", "name", endpoint=None, region="us-east-1",
                              notice=lambda p, what: noticed.append((p, what)))
    assert all(isinstance(v, str) and isinstance(d, str) for v, d in found)
    assert all(isinstance(e, str) and isinstance(r, str) for e, r in store.known_connections(cache))
    assert all(p == path and what for p, what in noticed)


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


KEY_TYPES = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ssh-dss", "ssh-foo", "", "sk-ssh-ed25519@openssh.com"]
BLOBS = st.one_of(
    st.builds(lambda t, parts: ssh_string(t.encode()) + b"".join(ssh_string(p) for p in parts),
              st.sampled_from(KEY_TYPES), st.lists(st.binary(max_size=40), max_size=4)),
    st.binary(max_size=60),
)
FIELDS = st.one_of(
    st.sampled_from(["@revoked", "@cert-authority", "@x", "h", "*", "!h", "[h]:2222", "#", "|1|", "|1|a|b"]),
    st.sampled_from(KEY_TYPES),
    BLOBS.map(lambda b: base64.b64encode(b).decode()),
    st.builds(lambda s, h: f"|1|{base64.b64encode(s).decode()}|{base64.b64encode(h).decode()}",
              st.binary(max_size=24), st.binary(max_size=24)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10),
)
LINES = st.lists(st.lists(FIELDS, max_size=5).map(" ".join), max_size=6)


@FUZZ
@given(lines=LINES)
def test_any_known_hosts_line_is_skipped_or_a_well_formed_key(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "known_hosts"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")
    keys = read_known_hosts(path, lenient=True)
    for key in keys:
        assert key.blob[4 : 4 + struct.unpack(">I", key.blob[:4])[0]].decode() == key.key_type
        assert key.matches("h") in (True, False)
    try:
        strict = read_known_hosts(path)
    except UsageError as exc:
        assert f"{path} line " in exc.message and "\n" not in exc.message
    else:
        assert strict == keys
