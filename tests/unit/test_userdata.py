"""The user-data builder of ``ami run``: part order, explicit typing, resource lookup, size limit."""

from __future__ import annotations

import base64
import gzip
import os
import shutil
import subprocess
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest
import yaml

from oscmd_shell.errors import UsageError
from oscmd_shell.launch.userdata import (
    API_LIMIT,
    BUILTIN_DIR,
    Resource,
    build_user_data,
    content_type_for,
    describe_parts,
    encode_for_api,
    facts_body,
    hostname_script,
    list_resources,
    properties_body,
    resolve_resources,
)

BUILTINS = ("cleaner", "extendvol", "puppetize", "wrapvols")


def parse(doc: bytes) -> Message:
    return BytesParser(policy=compat32).parsebytes(doc)


def subparts(message: Message) -> list[Message]:
    parts = message.get_payload()
    assert isinstance(parts, list)
    return [part for part in parts if isinstance(part, Message)]


def top_parts(doc: bytes) -> list[Message]:
    message = parse(doc)
    assert message.get_content_type() == "multipart/mixed"
    assert message["MIME-Version"] == "1.0"
    return subparts(message)


def payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


def resource(name: str, data: bytes, content_type: str | None = None) -> Resource:
    return Resource(name=name, path=Path("/r") / name, content_type=content_type or content_type_for(name, data),
                    data=data)


# ------------------------------------------------------------------ content types
@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("setup.sh", b"#!/bin/bash\necho\n", "text/x-executable"),
        ("setup.sh", b"echo no shebang\n", "text/x-shellscript"),
        ("setup", b"#!/usr/bin/env python3\n", "text/x-executable"),
        ("tool.py", b"#!/usr/bin/python3\nprint(1)\n", "text/x-python"),
        ("tool.py", b"print(1)\n", "text/x-python"),
        ("pkg.rpm", b"\xed\xab\xee\xdb\x03\x00", "application/x-rpm"),
        ("rootkey.mime", b"Content-Type: multipart/mixed; boundary=x\n\n", "message/rfc822"),
        ("facts.yaml", b"---\nrole: web\n", "application/facter-yaml"),
        ("facts.yml", b"role: web\n", "application/facter-yaml"),
        ("base.pkgs", b"vim\n", "text/x-packagelist"),
        ("base.packages", b"vim\n", "text/x-packagelist"),
        ("README.txt", b"#!/bin/sh is not a reason\n", "text/plain"),
        ("SETUP.SH", b"#!/bin/sh\n", "text/x-executable"),
        ("cc", b"#cloud-config\npackages: [vim]\n", "text/cloud-config"),
        ("cca", b"#cloud-config-archive\n- x\n", "text/cloud-config-archive"),
        ("inc", b"#include\nhttp://x/\n", "text/x-include-url"),
        ("inc1", b"#include-once\nhttp://x/\n", "text/x-include-once-url"),
        ("up", b"#upstart-job\n", "text/upstart-job"),
        ("ph", b"#part-handler\n", "text/part-handler"),
        ("bh", b"#cloud-boothook\n", "text/cloud-boothook"),
        ("doc", b"Content-Type: multipart/mixed; boundary=b\n", "multipart/mixed"),
        ("conf", b"---\nkey: value\n", "text/x-yaml"),
        ("blob", b"\x00\x01\x02", "application/octet-stream"),
        ("motd.txt.gz", gzip.compress(b"hello\n", mtime=0), "text/plain"),
        ("script.gz", gzip.compress(b"#!/bin/sh\necho\n", mtime=0), "text/x-executable"),
    ],
)
def test_content_type_table(name: str, data: bytes, expected: str) -> None:
    assert content_type_for(name, data) == expected


def test_content_type_does_not_use_host_mimetypes(monkeypatch: pytest.MonkeyPatch) -> None:
    import mimetypes

    def fail(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the host's mimetypes table was consulted")

    monkeypatch.setattr(mimetypes, "guess_type", fail)
    assert content_type_for("a.rpm", b"x") == "application/x-rpm"
    assert content_type_for("a.mime", b"x") == "message/rfc822"


# ------------------------------------------------------------------ search path
def test_resolve_searches_user_dirs_in_order_then_builtin(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (second / "only-second").write_bytes(b"#!/bin/sh\necho second\n")
    (first / "both").write_bytes(b"#!/bin/sh\necho first\n")
    (second / "both").write_bytes(b"#!/bin/sh\necho second\n")
    found = resolve_resources(["only-second", "both", "wrapvols"], [first, str(second)])
    assert [r.name for r in found] == ["only-second", "both", "wrapvols"]
    assert found[0].path == second / "only-second"
    assert found[1].path == first / "both"
    assert found[1].data == b"#!/bin/sh\necho first\n"
    assert found[2].path == BUILTIN_DIR / "wrapvols"
    assert all(r.content_type == "text/x-executable" for r in found)


def test_user_dir_shadows_builtin(tmp_path: Path) -> None:
    (tmp_path / "puppetize").write_bytes(b"#!/bin/sh\necho my own puppetize\n")
    [found] = resolve_resources(["puppetize"], [tmp_path])
    assert found.path == tmp_path / "puppetize"
    assert found.data == b"#!/bin/sh\necho my own puppetize\n"
    doc = build_user_data(properties={}, hostname=None, facts={}, urls=[], resources=[found], boundary="B")
    assert len(top_parts(doc)) == 1


def test_type_override(tmp_path: Path) -> None:
    (tmp_path / "deploy.sh").write_bytes(b"#!/bin/sh\necho\n")
    (tmp_path / "notes").write_bytes(b"\x00binary")
    plain, binary = resolve_resources(["deploy.sh;text/plain", "notes; Application/X-Thing"], [tmp_path])
    assert (plain.name, plain.content_type) == ("deploy.sh", "text/plain")
    assert (binary.name, binary.content_type) == ("notes", "application/x-thing")
    with pytest.raises(UsageError, match="invalid content type"):
        resolve_resources(["deploy.sh;nonsense"], [tmp_path])


def test_missing_resource_names_the_search_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(UsageError) as caught:
        resolve_resources(["wrapvols", "no-such-thing"], [tmp_path, missing])
    message = str(caught.value)
    assert message.startswith("resource not found: no-such-thing (searched: ")
    assert f"{tmp_path}, {missing} (missing), built-in)" in message


def test_list_resources(tmp_path: Path) -> None:
    (tmp_path / "mine.sh").write_bytes(b"echo\n")
    (tmp_path / ".hidden").write_bytes(b"x")
    (tmp_path / "subdir").mkdir()
    names = list_resources([tmp_path, tmp_path / "missing"])
    assert names == sorted(names)
    assert "mine.sh" in names
    assert ".hidden" not in names and "subdir" not in names
    assert set(BUILTINS) <= set(names)


# ------------------------------------------------------------------ the document
def test_parts_in_order_with_their_types(tmp_path: Path) -> None:
    (tmp_path / "base.pkgs").write_bytes(b"vim\ncurl\n")
    (tmp_path / "tool.rpm").write_bytes(b"\xed\xab\xee\xdb rpm bytes")
    (tmp_path / "key.mime").write_bytes(
        b'Content-Type: multipart/mixed; boundary="in"\nMIME-Version: 1.0\n\n'
        b'--in\nContent-Type: text/plain\nContent-Disposition: attachment; filename="/root/.ssh/id"\n'
        b"X-Mode: 0600\n\nsecret\n--in--\n"
    )
    resources = resolve_resources(["wrapvols", "base.pkgs", "tool.rpm", "key.mime"], [tmp_path])
    doc = build_user_data(
        properties={"volumes": "/dev/sdf /dev/sdg", "puppetmaster": "pm.example:8141"},
        hostname="web01.example.com",
        facts={"role": "web", "tier": "front,back"},
        urls=["http://example.com/a", "https://example.com/b"],
        resources=resources,
        boundary="BOUNDARY",
        allow_http=True,
    )
    assert doc.startswith(b'Content-Type: multipart/mixed; boundary="BOUNDARY"\nMIME-Version: 1.0\n')
    parts = top_parts(doc)
    assert [p.get_content_type() for p in parts] == [
        "text/properties",
        "text/x-executable",
        "application/facter-yaml",
        "text/x-oscmd-include-url",
        "text/x-executable",
        "text/x-packagelist",
        "application/x-rpm",
        "message/rfc822",
    ]
    properties, host, facts, include, wrapvols, pkgs, rpm, nested = parts
    assert payload(properties) == b"volumes: /dev/sdf /dev/sdg\npuppetmaster: pm.example:8141\n"
    assert properties["Content-Transfer-Encoding"] == "7bit"
    assert payload(host).startswith(b"#!/bin/sh\n")
    assert b"name=web01.example.com\n" in payload(host)
    assert b"hostnamectl" in payload(host) and payload(host).endswith(b"uname -a\n")
    assert facts["Content-Transfer-Encoding"] == "base64"
    assert facts.get_filename() == "localfacts.yaml"
    assert facts.get_content_disposition() == "attachment"
    assert payload(facts) == b"---\nrole: web\ntier: front,back\n"
    assert payload(include) == b"http://example.com/a\nhttps://example.com/b\n"
    assert include.get_all("X-Allow-Http") == ["http://example.com/a"]  # only the http URL, by name
    assert wrapvols["Content-Description"] == "wrapvols"
    assert wrapvols.get_filename() is None
    assert payload(wrapvols) == (BUILTIN_DIR / "wrapvols").read_bytes()
    assert payload(pkgs) == b"vim\ncurl\n"
    assert rpm["Content-Transfer-Encoding"] == "base64"
    assert payload(rpm) == b"\xed\xab\xee\xdb rpm bytes"
    # The .mime resource is a real nested message, not base64.
    assert nested["Content-Transfer-Encoding"] is None
    [inner] = subparts(nested)
    [leaf] = subparts(inner)
    assert leaf.get_filename() == "/root/.ssh/id" and leaf["X-Mode"] == "0600"
    assert payload(leaf) == b"secret"


def test_only_present_parts_and_empty_document() -> None:
    assert build_user_data(properties={}, hostname=None, facts={}, urls=[], resources=[]) == b""
    doc = build_user_data(properties={}, hostname=None, facts={"a": "1"}, urls=[], resources=[], boundary="B")
    assert [p.get_content_type() for p in top_parts(doc)] == ["application/facter-yaml"]


def test_deterministic_given_a_boundary() -> None:
    def make(boundary: str | None) -> bytes:
        return build_user_data(
            properties={"k": "v"},
            hostname="h1",
            facts={"f": "x"},
            urls=["https://x/"],
            resources=[resource("s.sh", b"#!/bin/sh\necho\n")],
            boundary=boundary,
        )

    assert make("fixed") == make("fixed")
    assert b'boundary="fixed"' in make("fixed")
    assert payload(top_parts(make(None))[0]) == b"k: v\n"
    with pytest.raises(UsageError, match="boundary"):
        build_user_data(properties={}, hostname=None, facts={}, urls=[],
                        resources=[resource("s.sh", b"#!/bin/sh\n--fixed\n")], boundary="fixed")


def test_properties_body_and_validation() -> None:
    assert properties_body({"a": "1", "b": "x=y: z"}) == b"a: 1\nb: x=y: z\n"
    for bad in ({"bad key": "v"}, {"a:b": "v"}, {"": "v"}, {"k": "two\nlines"}):
        with pytest.raises(UsageError):
            properties_body(bad)
    for reserved in ("PATH", "IFS", "HOME", "LD_PRELOAD"):
        with pytest.raises(UsageError, match="refused"):
            properties_body({reserved: "x"})


def test_facts_body_quotes_safely() -> None:
    facts = {"role": "web", "flag": "true", "port": "0640", "note": "a: b # c", "list": "x,y"}
    body = facts_body(facts)
    assert body.startswith(b"---\n")
    assert b"role: web\n" in body and b"list: x,y\n" in body
    assert yaml.safe_load(body) == facts


def test_hostname_validation() -> None:
    assert hostname_script("a-1.b").startswith(b"#!/bin/sh\n")
    for bad in ("", "-x", "x-", "a b", "a;rm -rf /", "x" * 64, "a..b"):
        with pytest.raises(UsageError):
            hostname_script(bad)


def test_bad_include_url() -> None:
    with pytest.raises(UsageError, match="include URL"):
        build_user_data(properties={}, hostname=None, facts={}, urls=["ftp://x/"], resources=[])


def test_empty_resource_is_an_error() -> None:
    with pytest.raises(UsageError, match="empty part"):
        build_user_data(properties={}, hostname=None, facts={}, urls=[], resources=[resource("empty", b"")])


def test_gzip_resource_is_marked() -> None:
    data = gzip.compress(b"#!/bin/sh\necho packed\n")
    doc = build_user_data(properties={}, hostname=None, facts={}, urls=[],
                          resources=[resource("run.gz", data)], boundary="B")
    [part] = top_parts(doc)
    assert part.get_content_type() == "text/x-executable"
    assert part["Content-Encoding"] == "gzip"
    assert gzip.decompress(payload(part)) == b"#!/bin/sh\necho packed\n"


# ------------------------------------------------------------------ size
def test_small_document_is_sent_as_is() -> None:
    doc = build_user_data(properties={"a": "b"}, hostname=None, facts={}, urls=[], resources=[])
    assert encode_for_api(doc) == doc


def test_gzip_when_over_the_limit() -> None:
    text = b"".join(b"echo line %d of a long but repetitive script\n" % i for i in range(600))
    doc = build_user_data(properties={}, hostname=None, facts={}, urls=[],
                          resources=[resource("big.sh", b"#!/bin/sh\n" + text)], boundary="B")
    assert len(doc) > API_LIMIT
    sent = encode_for_api(doc)
    assert sent.startswith(b"\x1f\x8b") and len(sent) <= API_LIMIT
    assert gzip.decompress(sent) == doc
    assert encode_for_api(doc, limit=len(doc)) == doc


def test_error_when_still_too_big() -> None:
    noise = base64.b64encode(os.urandom(30000))
    doc = build_user_data(
        properties={"p": "v"}, hostname=None, facts={}, urls=[],
        resources=[resource("noise.bin", noise, "application/octet-stream"), resource("small.sh", b"echo\n")],
        boundary="B",
    )
    with pytest.raises(UsageError) as caught:
        encode_for_api(doc)
    message = str(caught.value)
    assert f"{len(doc)} bytes" in message
    assert f"limit is {API_LIMIT} bytes" in message
    assert message.index("noise.bin") < message.index("small.sh")


def test_describe_parts() -> None:
    doc = build_user_data(properties={"a": "b"}, hostname=None, facts={"f": "1"}, urls=[],
                          resources=[resource("wrap", b"#!/bin/sh\necho\n")], boundary="B")
    described = describe_parts(doc)
    assert [(t, n) for t, n, _ in described] == [
        ("text/properties", "properties"),
        ("application/facter-yaml", "localfacts.yaml"),
        ("text/x-executable", "wrap"),
    ]
    assert all(size > 0 for _, _, size in described)
    assert describe_parts(gzip.compress(doc)) == described


# ------------------------------------------------------------------ built-in resources
@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_resources_are_executable_bash(name: str) -> None:
    path = BUILTIN_DIR / name
    data = path.read_bytes()
    assert data.startswith(b"#!/bin/bash\n")
    assert b"\nset -eu\n" in data
    assert os.access(path, os.X_OK)
    assert content_type_for(name, data) == "text/x-executable"
    bash = shutil.which("bash")
    if bash is not None:
        subprocess.run([bash, "-n", str(path)], check=True)


def test_extendvol_refuses_missing_arguments() -> None:
    result = subprocess.run(["bash", str(BUILTIN_DIR / "extendvol")], capture_output=True, text=True)
    assert result.returncode != 0
    assert "usage: extendvol DISK MOUNTPOINT [BLKID]" in result.stderr


def test_cleaner_cleans_an_image_tree(tmp_path: Path) -> None:
    tree = tmp_path / "image"
    files = {
        "var/log/messages": "log line\n",
        "var/log/messages-20240101": "old\n",
        "var/log/secure.1.gz": "old\n",
        "root/.bash_history": "ls\n",
        "home/alice/.bash_history": "ls\n",
        "etc/ssh/ssh_host_rsa_key": "key\n",
        "etc/ssh/sshd_config": "Port 22\n",
        "etc/machine-id": "0123456789abcdef\n",
        "var/lib/cloud/instance/boot-finished": "x\n",
        "var/lib/oscmd-init/script-0123": "2026-01-01T00:00:00Z setup\n",
        "var/lib/dhclient/dhclient.leases": "lease\n",
        "etc/shadow-": "backup\n",
        "tmp/junk": "x\n",
        "tmp/oscmd-init.abc/next-script": "kept\n",
    }
    for name, text in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text)
    script = tmp_path / "cleaner"
    shutil.copy(BUILTIN_DIR / "cleaner", script)
    result = subprocess.run(["bash", str(script), str(tree)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tree / "var/log/messages").read_text() == ""
    for gone in ("var/log/messages-20240101", "var/log/secure.1.gz", "root/.bash_history",
                 "home/alice/.bash_history", "etc/ssh/ssh_host_rsa_key", "var/lib/cloud/instance", "var/lib/oscmd-init",
                 "var/lib/dhclient/dhclient.leases", "etc/shadow-", "tmp/junk"):
        assert not (tree / gone).exists(), gone
    assert (tree / "etc/ssh/sshd_config").read_text() == "Port 22\n"
    assert (tree / "etc/machine-id").read_text() == ""
    assert (tree / "tmp/oscmd-init.abc/next-script").exists()
    assert not script.exists()
