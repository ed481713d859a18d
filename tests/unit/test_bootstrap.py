"""oscmd-init, the instance-side decoder and encoder, driven as a process on documents the launcher builds."""

from __future__ import annotations

import ast
import base64
import glob
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest
import yaml

from oscmd_shell.bootstrap import encode as encode_module
from oscmd_shell.bootstrap import imds
from oscmd_shell.bootstrap.mimeparts import build_document, make_part
from oscmd_shell.launch.userdata import build_user_data, hostname_script, resolve_resources
from tests.support.decoder import BOOTSTRAP_DIR, Routes, child_env, lines, mode_of, oscmd_init, write


# ------------------------------------------------------------------ helpers
def parts_of(doc: bytes) -> list[Message]:
    parts = BytesParser(policy=compat32).parsebytes(doc).get_payload()
    assert isinstance(parts, list)
    return [part for part in parts if isinstance(part, Message)]


def decoded(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


@pytest.fixture
def resources_dir(tmp_path: Path) -> Path:
    """Resources for the round trip: a counting script and a .mime nesting another .mime."""
    res = tmp_path / "resources"
    write(res / "counter", '#!/bin/sh\necho "greeting=$greeting"\necho top >> "$OSCMD_ROOT/counter"\n', 0o755)
    inner = tmp_path / "inner.json"
    inner.write_text(json.dumps([
        {"content": "hello from oscmd\n", "file_name": "/etc/motd", "Content-Type": "text/plain",
         "X-Mode": "0640", "X-overwrite": "true"},
        {"content": "must not replace\n", "file_name": "/etc/keep.conf", "Content-Type": "text/plain"},
        {"content": '#!/bin/sh\necho nested >> "$OSCMD_ROOT/counter"\n', "Content-Type": "text/x-shellscript"},
    ]))
    result = oscmd_init("encode", "-y", inner, "-o", tmp_path / "drop.mime")
    assert result.returncode == 0, result.stderr
    deep = tmp_path / "deep.yaml"
    deep.write_text(
        "---\n"
        "# an entry list in the YAML subset\n"
        "- content: |\n"
        "    #!/bin/sh\n"
        '    echo deep >> "$OSCMD_ROOT/counter"\n'
        "  Content-Type: text/x-executable\n"
    )
    result = oscmd_init("encode", "-f", f"{tmp_path / 'drop.mime'};message/rfc822", "-y", deep,
                        "-o", res / "outer.mime")
    assert result.returncode == 0, result.stderr
    return res


def round_trip_doc(resources_dir: Path, tmp_path: Path) -> Path:
    doc = build_user_data(
        properties={"greeting": "hello world"},
        hostname=None,
        facts={"role": "web", "tier": "front"},
        urls=[],
        resources=resolve_resources(["counter", "outer.mime"], [resources_dir]),
    )
    return write(tmp_path / "user-data", doc)


# ------------------------------------------------------------------ round trip
def test_round_trip_each_leaf_once(resources_dir: Path, tmp_path: Path) -> None:
    doc = round_trip_doc(resources_dir, tmp_path)
    root = tmp_path / "root"
    write(root / "etc/motd", "old motd\n", 0o644)
    write(root / "etc/keep.conf", "original\n", 0o600)

    result = oscmd_init("decode", "-n", "-f", doc, "--root", root)

    assert result.returncode == 0, result.stdout + result.stderr
    out = lines(result.stdout)
    assert "greeting=hello world" in out
    # outer.mime was encoded from "-f drop.mime -y deep.yaml": the -y entries come first, as in osinit.py
    assert (root / "counter").read_text().split() == ["top", "deep", "nested"]
    assert (root / "etc/motd").read_text() == "hello from oscmd\n"
    assert mode_of(root / "etc/motd") == 0o640
    assert (root / "etc/keep.conf").read_text() == "original\n"
    facts = root / "etc/facter/facts.d/localfacts.yaml"
    assert yaml.safe_load(facts.read_text()) == {"role": "web", "tier": "front"}
    assert mode_of(facts) == 0o600
    actions = [line for line in out if not line.startswith(("greeting=",))]
    assert actions[:3] == ["set property greeting", f"write {facts} (0600)", "run script counter"]
    assert f"write {root}/etc/motd (0640)" in actions
    assert any(line.startswith(f"keep {root}/etc/keep.conf") for line in actions)
    assert sum(line.startswith("run script") for line in actions) == 3
    # Nothing left behind: the scripts' working directory is gone.
    assert not any((root / "tmp").iterdir())


def test_dry_run_lists_actions_and_changes_nothing(resources_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    write(resources_dir / "tool.rpm", b"\xed\xab\xee\xdb fake rpm")
    write(resources_dir / "base.pkgs", "vim curl\n")
    write(resources_dir / "touch.sh", f"#!/bin/sh\ntouch {marker}\n")
    doc = build_user_data(
        properties={"greeting": "hi"},
        hostname="web01",
        facts={"role": "web"},
        urls=["http://127.0.0.1:9/never-fetched"],
        resources=resolve_resources(["touch.sh", "outer.mime", "tool.rpm", "base.pkgs"], [resources_dir]),
        allow_http=True,
    )
    path = write(tmp_path / "doc", doc)
    root = tmp_path / "root"

    result = oscmd_init("decode", "-n", "-f", path, "--root", root, "--dry-run")

    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == [
        "set property greeting",
        "run script set-hostname",
        f"write {root}/etc/facter/facts.d/localfacts.yaml (0600)",
        "include http://127.0.0.1:9/never-fetched",
        "run script touch.sh",
        "run script part-6",  # outer.mime's -y entry, before its -f drop.mime (osinit.py's order)
        f"write {root}/etc/motd (0640)",
        f"write {root}/etc/keep.conf (0644)",
        "run script part-9",
        "skip install rpm tool.rpm (--root: an install would change the whole system)",
        "skip install packages vim curl (--root: an install would change the whole system)",
    ]
    assert not root.exists()
    assert not marker.exists()

    plain = oscmd_init("decode", "-n", "-f", path, "--dry-run")
    assert plain.returncode == 0
    assert "install rpm tool.rpm" in lines(plain.stdout)
    assert "install packages vim curl" in lines(plain.stdout)
    assert "write /etc/motd (0640)" in lines(plain.stdout) or "keep /etc/motd" in plain.stdout
    assert not marker.exists()


# ------------------------------------------------------------------ includes and sources
def test_include_url_content_is_typed_by_the_document(https_server: Routes, tmp_path: Path) -> None:
    files = build_document([make_part("text/plain", b"served\n", filename="/etc/from-https",
                                      headers=[("X-Mode", "0600")])])
    https_server["/script"] = (200, {"Content-Type": "text/x-shellscript"},
                               b'#!/bin/sh\necho "included greeting=$greeting"\n'
                               b'echo included >> "$OSCMD_ROOT/counter"\n')
    https_server["/files.mime"] = (200, {"Content-Type": "application/octet-stream"}, files)
    https_server["/packed"] = (200, {"Content-Encoding": "gzip"},
                               gzip.compress(b'#!/bin/sh\necho packed >> "$OSCMD_ROOT/counter"\n'))
    base = https_server.base
    doc = build_user_data(properties={"greeting": "hi"}, hostname=None, facts={},
                          urls=[f"{base}/script", f"{base}/files.mime", f"{base}/packed"], resources=[])
    path = write(tmp_path / "doc", doc)
    root = tmp_path / "root"

    result = oscmd_init("decode", "-n", "-f", path, "--root", root, env=child_env(SSL_CERT_FILE=str(https_server.ca)))

    assert result.returncode == 0, result.stderr
    assert "included greeting=hi" in lines(result.stdout)
    assert f"include {base}/script" in lines(result.stdout)
    assert (root / "counter").read_text().split() == ["included", "packed"]
    assert (root / "etc/from-https").read_text() == "served\n"
    assert mode_of(root / "etc/from-https") == 0o600
    assert https_server.hits == {"/script": 1, "/files.mime": 1, "/packed": 1}


def test_include_loops_stop_at_the_depth_limit(https_server: Routes, tmp_path: Path) -> None:
    https_server["/loop"] = (200, {"Content-Type": "text/x-include-url"},
                             f"#include\n{https_server.base}/loop\n".encode())
    https_server["/gone"] = (404, {}, b"")
    doc = build_user_data(properties={}, hostname=None, facts={},
                          urls=[f"{https_server.base}/loop", f"{https_server.base}/gone"], resources=[])
    path = write(tmp_path / "doc", doc)

    result = oscmd_init("decode", "-n", "-f", path, "--root", tmp_path / "root", "--max-depth", "3",
                        env=child_env(SSL_CERT_FILE=str(https_server.ca)))

    assert result.returncode == 1
    assert https_server.hits["/loop"] == 3
    assert "more than 3 nested includes" in result.stderr
    assert "HTTP 404" in result.stderr


def test_url_source(http_server: Routes, tmp_path: Path) -> None:
    doc = build_document([make_part("text/plain", b"via url\n", filename="/etc/u")])
    http_server["/doc"] = (200, {"Content-Type": "application/octet-stream"}, doc)
    root = tmp_path / "root"
    result = oscmd_init("decode", "-n", "-u", f"{http_server.base}/doc", "--root", root)
    assert result.returncode == 0, result.stderr
    assert (root / "etc/u").read_text() == "via url\n"


def test_instance_user_data_through_imdsv2(http_server: Routes, tmp_path: Path) -> None:
    doc = build_document([make_part("text/plain", b"from imds\n", filename="/etc/imds")])
    http_server["PUT /latest/api/token"] = (200, {}, b"TOKEN-1")
    http_server["GET /latest/user-data"] = (200, {"X-Require-Token": "TOKEN-1"}, gzip.compress(doc))
    root = tmp_path / "root"
    env = child_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=http_server.base)

    result = oscmd_init("decode", "--root", root, env=env)

    assert result.returncode == 0, result.stderr
    assert (root / "etc/imds").read_text() == "from imds\n"


def test_no_user_data_is_not_an_error(http_server: Routes, tmp_path: Path) -> None:
    http_server["PUT /latest/api/token"] = (200, {}, b"T")
    env = child_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=http_server.base)
    result = oscmd_init("decode", "--root", tmp_path / "root", env=env)
    assert result.returncode == 0
    assert lines(result.stdout) == ["no user data"]


@pytest.mark.parametrize("token", [b"T\r\nX-Evil: 1", "t\u00e9\u2028".encode(), b"a" * 2_000_000],
                         ids=["line break", "not ascii", "two megabytes"])
def test_a_token_that_is_not_one_is_refused_in_one_line(http_server: Routes, tmp_path: Path, token: bytes) -> None:
    http_server["PUT /latest/api/token"] = (200, {}, token)
    http_server["GET /latest/user-data"] = (200, {}, b"#!/bin/sh\ntouch \"$OSCMD_ROOT/ran\"\n")
    env = child_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=http_server.base)
    result = oscmd_init("decode", "--root", tmp_path / "root", env=env)
    assert result.returncode == 2, result.stderr
    assert lines(result.stderr) == [f"oscmd-init: error: the metadata service at {http_server.base} answered "
                                    "something that is not a session token"]
    assert not (tmp_path / "root" / "ran").exists()


def test_a_servers_reason_phrase_reaches_the_terminal_inert(http_server: Routes, tmp_path: Path) -> None:
    http_server["/doc"] = (418, {}, b"")
    http_server.reasons["/doc"] = "I'm \x1b[2Ja teapot\x1b]0;owned\x07"
    result = oscmd_init("decode", "-n", "-u", f"{http_server.base}/doc", "--root", tmp_path / "root")
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "HTTP 418" in result.stderr


def test_imdsv1_only_service(http_server: Routes) -> None:
    http_server["PUT /latest/api/token"] = (405, {}, b"")
    http_server["GET /latest/user-data"] = (200, {}, b"data")
    assert imds.fetch_user_data(http_server.base, attempts=1) == b"data"


def test_imds_retries_then_gives_up() -> None:
    waits: list[float] = []
    with pytest.raises(imds.MetadataError, match="after 4 attempts"):
        imds.fetch_user_data("http://127.0.0.1:9", attempts=4, timeout=0.5, sleep=waits.append)
    assert waits == [1.0, 2.0, 4.0]


@pytest.mark.parametrize("wrap", ["gzip", "base64", "gzip+base64", "stdin", "stdin+gzip"])
def test_packed_inputs(wrap: str, tmp_path: Path) -> None:
    doc = build_document([make_part("text/plain", b"packed input\n", filename="/etc/p")])
    data = gzip.compress(doc) if "gzip" in wrap else doc
    if "base64" in wrap:
        data = base64.encodebytes(data)
    root = tmp_path / "root"
    if wrap.startswith("stdin"):
        result = oscmd_init("decode", "-n", "-f", "-", "--root", root, stdin=data)
    else:
        result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", data), "--root", root)
    assert result.returncode == 0, result.stderr
    assert (root / "etc/p").read_text() == "packed input\n"


@pytest.mark.parametrize(
    ("content_type", "extra", "body"),
    [
        ("message/rfc822", "", b""),
        ("multipart/mixed", "", b""),
        ("message/rfc822", "Content-Encoding: gzip\n", b"gzip"),
    ],
)
def test_containers_sent_base64_are_decoded_and_walked(content_type: str, extra: str, body: bytes,
                                                       tmp_path: Path) -> None:
    inner = build_document([make_part("text/plain", b"inside\n", filename="/etc/inside")])
    encoded = base64.encodebytes(gzip.compress(inner) if body == b"gzip" else inner)
    doc = (f'Content-Type: multipart/mixed; boundary="out"\nMIME-Version: 1.0\n\n--out\n'
           f"Content-Type: {content_type}\n{extra}Content-Transfer-Encoding: base64\n\n").encode()
    doc += encoded + b"\n--out--\n"
    root = tmp_path / "root"
    result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", doc), "--root", root)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == [f"write {root}/etc/inside (0644)"]
    assert (root / "etc/inside").read_text() == "inside\n"


def test_encoded_container_that_is_not_mime_fails(tmp_path: Path) -> None:
    doc = build_document([
        make_part("application/octet-stream", b"x"),
        make_part("text/x-shellscript", b"echo still runs\n"),
    ])
    doc = doc.replace(b"Content-Type: application/octet-stream", b"Content-Type: message/rfc822", 1)
    result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", doc), "--root", tmp_path / "root")
    assert result.returncode == 1
    assert "not a MIME document" in result.stderr
    assert "still runs" in lines(result.stdout)


# ------------------------------------------------------------------ failures
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello world\nthis is not MIME\n", "not a MIME document"),
        (b"\x00\xff\xfe binary garbage", "not a MIME document"),
        (b"", "empty input"),
        (b"Content-Type: multipart/mixed\n\nno boundary\n", "malformed MIME document"),
        (b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\ntruncated',
         "truncated"),
        (b"\x1f\x8b\x08 not really gzip", "gzip"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(content: bytes, message: str, tmp_path: Path) -> None:
    path = write(tmp_path / "bad", content)
    result = oscmd_init("decode", "-n", "-f", path, "--root", tmp_path / "root")
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = lines(result.stderr)
    assert line.startswith("oscmd-init: error: ") and message in line
    assert not (tmp_path / "root").exists()


def test_unreadable_file_and_bad_command_lines(tmp_path: Path) -> None:
    for args in (["decode", "-n", "-f", str(tmp_path / "missing")], ["decode", "-n"], ["decode", "--bogus"],
                 [], ["decode", "-n", "-u", "ftp://x/doc"]):
        result = oscmd_init(*args)
        assert result.returncode == 2, args
        [line] = lines(result.stderr)
        assert line.startswith("oscmd-init: error: ")


def test_failed_script_is_reported_and_processing_goes_on(tmp_path: Path) -> None:
    marker = tmp_path / "after"
    doc = build_document([
        make_part("text/x-shellscript", b"echo failing; exit 3\n", description="fail.sh"),
        make_part("text/x-executable", b"#!/no/such/interpreter\n", description="broken"),
        make_part("text/x-executable", f"#!/bin/sh\ntouch {marker}\n".encode(), description="later"),
    ])
    result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", doc), "--root", tmp_path / "root")
    assert result.returncode == 1
    assert "execution of fail.sh failed with status 3" in lines(result.stderr)
    assert any(line.startswith("execution of broken failed") for line in lines(result.stderr))
    assert "failing" in lines(result.stdout)
    assert marker.exists()


def test_properties_refusals(tmp_path: Path) -> None:
    properties = b"good: yes it is\nno colon here\nPATH: /evil\nLD_PRELOAD: /evil.so\n# comment\n\nurl: http://x:80/\n"
    doc = build_document([
        make_part("text/properties", properties),
        make_part("text/x-shellscript", b'echo "good=$good url=$url path=$PATH preload=${LD_PRELOAD:-}"\n'),
    ])
    result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", doc), "--root", tmp_path / "root")
    assert result.returncode == 1, result.stderr
    [echo] = [line for line in lines(result.stdout) if line.startswith("good=")]
    assert echo.startswith("good=yes it is url=http://x:80/ path=")
    assert "/evil" not in echo
    assert lines(result.stderr) == [
        "part-1 line 2 refused: no ':' between a name and a value",
        "part-1 line 3 refused: property PATH is refused: it could make the instance's scripts run other code",
        "part-1 line 4 refused: property LD_PRELOAD is refused: it could make the instance's scripts run other code",
    ]


@pytest.mark.parametrize("name", ["TAR_OPTIONS", "GIT_EDITOR", "GIT_PAGER", "SYSTEMD_PAGER", "MANPAGER",
                                  "SUDO_EDITOR", "VIMINIT", "LUA_INIT", "PIP_INDEX_URL", "npm_config_script_shell",
                                  "AWS_CONFIG_FILE", "KUBECONFIG", "XDG_CONFIG_HOME", "CURL_HOME", "WGETRC",
                                  "SSL_CERT_FILE", "https_proxy", "no_proxy", "HTTP_PROXY", "Http_Proxy",
                                  "Npm_Config_registry"])
def test_properties_that_reroute_tools_or_fetches_are_refused(name: str, tmp_path: Path) -> None:
    doc = build_document([make_part("text/properties", f"{name}: --checkpoint-action=exec=id\n".encode()),
                          make_part("text/x-shellscript", b'echo "[${' + name.encode() + b':-unset}]"\n')])
    result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", doc), "--root", tmp_path / "root",
                        env=child_env())
    assert result.returncode == 1, result.stderr
    assert f"property {name} is refused" in result.stderr
    assert "[--checkpoint" not in result.stdout


def test_a_fetch_that_trickles_ends_at_its_deadline() -> None:
    from oscmd_shell.bootstrap.fetch import open_url
    from oscmd_shell.bootstrap.sources import InputError

    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            while not stop.wait(0.2):  # one byte each 0.2 s: every read answers well within its timeout
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match=r"no whole answer within 1\.5 s"):
            open_url(f"http://127.0.0.1:{listener.getsockname()[1]}/doc", {}, 1 << 20, timeout=5.0, deadline=1.5)
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_root_confines_relative_and_dotted_paths(tmp_path: Path) -> None:
    doc = build_document([
        make_part("text/plain", b"escape\n", filename="../../../../../escape"),
        make_part("text/plain", b"abs\n", filename="/../../etc/abs"),
        make_part("application/octet-stream", b"\x00bin", filename="/opt/blob", headers=[("X-Mode", "9999")]),
    ])
    root = tmp_path / "root"
    result = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", doc), "--root", root)
    assert result.returncode == 1
    assert "is outside" in result.stderr
    assert "invalid mode '9999'" in result.stderr
    assert (root / "etc/abs").read_text() == "abs\n"
    assert not (root / "opt/blob").exists()  # a mode that does not parse writes nothing
    assert not (tmp_path / "escape").exists()


def test_hostname_script_leaves_the_host_alone_under_a_root(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    calls = tmp_path / "calls"
    for name in ("hostname", "hostnamectl"):
        write(fake / name, f'#!/bin/sh\necho "{name} $*" >> {calls}\n', 0o755)
    script = write(tmp_path / "set-hostname", hostname_script("test-host-name"))
    env = {"PATH": f"{fake}:/usr/bin:/bin"}

    guarded = subprocess.run(["sh", str(script)], env={**env, "OSCMD_ROOT": str(tmp_path)},
                             capture_output=True, text=True, check=False)
    assert guarded.returncode == 0
    assert "host name test-host-name not set" in guarded.stdout
    assert not calls.exists()

    unguarded = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, check=False)
    assert unguarded.returncode == 0
    assert calls.read_text().splitlines() == ["hostnamectl --transient set-hostname test-host-name",
                                              "hostname test-host-name"]


# ------------------------------------------------------------------ encode
def test_encode_yaml_subset_and_headers(tmp_path: Path) -> None:
    source = write(tmp_path / "id_rsa", "PRIVATE KEY\n")
    entries = write(tmp_path / "entries.yaml", (
        "---\n"
        f"- source: {source}\n"
        "  file_name: /root/.ssh/id_rsa   # where it lands\n"
        "  X-Mode: 0600\n"
        "  X-Owner: 'root:root'\n"
        '  X-overwrite: "yes"\n'
        "- content: |-\n"
        "    line one\n"
        "\n"
        "      indented\n"
        "  file_name: /etc/issue\n"
        "  Content-Encoding: gzip\n"
    ))
    result = oscmd_init("encode", "-y", entries)
    assert result.returncode == 0, result.stderr
    assert lines(result.stderr) == ["/root/.ssh/id_rsa text/plain", "/etc/issue text/plain gzip"]
    key, issue = parts_of(result.stdout.encode())
    assert key.get_filename() == "/root/.ssh/id_rsa"
    assert (key["X-Mode"], key["X-Owner"], key["X-overwrite"]) == ("0600", "root:root", "yes")
    assert decoded(key) == b"PRIVATE KEY\n"
    assert issue["Content-Encoding"] == "gzip"
    assert gzip.decompress(decoded(issue)) == b"line one\n\n  indented"


def test_encode_files_with_type_override_and_pack(tmp_path: Path) -> None:
    script = write(tmp_path / "deploy.sh", "#!/bin/sh\necho deploy\n")
    packed = oscmd_init("encode", "-p", "-f", f"{script};text/plain", "-f", script)
    assert packed.returncode == 0, packed.stderr
    doc = gzip.decompress(base64.b64decode(packed.stdout))
    parts = parts_of(doc)
    # text/plain goes out under its oscmd spelling, which cloud-init leaves alone
    assert [p.get_content_type() for p in parts] == ["text/x-oscmd-plain", "text/x-executable"]
    assert all(p.get_filename() == str(script) for p in parts)
    # The decoder takes packed output as it is.
    listed = oscmd_init("decode", "-n", "-f", "-", "--dry-run", "--root", tmp_path / "r",
                        stdin=packed.stdout.encode())
    assert lines(listed.stdout) == [f"write {tmp_path / 'r'}{script} (0644)", f"run script {script}"]


def test_encode_keeps_a_private_file_private(tmp_path: Path) -> None:
    secret = write(tmp_path / "db.secret", "password=hunter2\n")
    secret.chmod(0o600)
    public = write(tmp_path / "motd", "hello\n")
    public.chmod(0o644)
    spec = write(tmp_path / "spec.yaml", f"- source: {secret}\n  file_name: /etc/app/db.secret\n")
    encoded = oscmd_init("encode", "-y", spec, "-f", f"{secret};text/plain", "-f", f"{public};text/plain")
    assert encoded.returncode == 0, encoded.stderr
    root = tmp_path / "root"
    done = oscmd_init("decode", "-n", "-f", write(tmp_path / "doc", encoded.stdout), "--root", root)
    assert done.returncode == 0, done.stderr
    assert mode_of(root / "etc/app/db.secret") == 0o600
    assert mode_of(Path(f"{root}{secret}")) == 0o600 and mode_of(Path(f"{root}{public}")) == 0o644


def test_encode_puts_the_y_entries_before_the_f_files(tmp_path: Path) -> None:
    """The 2017 osinit.py's order: the -y entries first, then the -f files, whatever the command line's order."""
    first = write(tmp_path / "first.sh", "#!/bin/sh\necho first\n")
    last = write(tmp_path / "last.txt", "last\n")
    entries = write(tmp_path / "entries.json", json.dumps([{"content": "one\n", "file_name": "/etc/one"},
                                                           {"source": str(first)}]))
    result = oscmd_init("encode", "-f", last, "-y", entries, "-f", f"{first};text/plain")
    assert result.returncode == 0, result.stderr
    names = [part.get_filename() for part in parts_of(result.stdout.encode())]
    assert names == ["/etc/one", str(first), str(last), str(first)]
    assert lines(result.stderr) == ["/etc/one text/plain", f"{first} text/x-executable", f"{last} text/plain",
                                    f"{first} text/plain"]


def test_version() -> None:
    from oscmd_shell import __version__

    result = oscmd_init("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"oscmd-init {__version__}\n", "")


def test_encode_errors(tmp_path: Path) -> None:
    both = write(tmp_path / "both.json", json.dumps([{"source": "x", "content": "y"}]))
    unknown = write(tmp_path / "unknown.yaml", "- content: x\n  colour: blue\n")
    for args in (["encode"], ["encode", "-y", str(both)], ["encode", "-y", str(unknown)],
                 ["encode", "-f", str(tmp_path / "missing")]):
        result = oscmd_init(*args)
        assert result.returncode == 2, args
        [line] = lines(result.stderr)
        assert line.startswith("oscmd-init: error: ")
        assert result.stdout == ""


def test_yaml_subset_parser() -> None:
    parse = encode_module.parse_entries
    assert parse("") == []
    assert parse("[]\n") == []
    assert parse(
        "- content: 'it''s'\n"
        '  file_name: "/a b\\tc"\n'
        "  X-Mode: 0640\n"
        "-   content: |+\n"
        "      kept\n"
        "\n"
        "    X-Owner: nobody # comment\n"
        "...\n"
        "ignored after the end\n"
    ) == [
        {"content": "it's", "file_name": "/a b\tc", "X-Mode": "0640"},
        {"content": "kept\n\n", "X-Owner": "nobody"},
    ]
    for bad in ("key: value\n", "- a: 1\n   b: 2\n", "- a: >\n    x\n", "- a: [1, 2]\n", '- a: "open\n',
                "- a: 1\n  a: 2\n"):
        with pytest.raises(encode_module.EncodeError):
            parse(bad)


# ------------------------------------------------------------------ standalone
def test_bootstrap_imports_only_the_standard_library() -> None:
    for module in BOOTSTRAP_DIR.glob("*.py"):
        source = module.read_text()
        assert "from __future__ import annotations" not in source, module.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, f"{module.name} imports {name}"


def _old_pythons() -> list[str]:
    found = [shutil.which(f"python3.{minor}") for minor in (6, 7)]
    found += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.[67].*/bin/python3")))
    usable = []
    for candidate in dict.fromkeys(p for p in found if p):
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                               capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            usable.append(candidate)
    return usable


@pytest.mark.parametrize("python", [sys.executable, *_old_pythons()])
def test_copied_alone_runs_as_python_m_bootstrap(python: str, tmp_path: Path) -> None:
    shutil.copytree(BOOTSTRAP_DIR, tmp_path / "bootstrap", ignore=shutil.ignore_patterns("__pycache__"))
    doc = build_document([
        make_part("text/properties", b"who: instance\n"),
        make_part("text/x-executable", b'#!/bin/sh\necho "hello $who"\n', description="hello"),
        make_part("text/plain", b"file\n", filename="/etc/f", headers=[("X-Mode", "0604")]),
    ])
    write(tmp_path / "doc", doc)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C"}
    result = subprocess.run([python, "-m", "bootstrap", "decode", "-n", "-f", "doc", "--root", "root"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "hello instance" in result.stdout
    assert mode_of(tmp_path / "root/etc/f") == 0o604
