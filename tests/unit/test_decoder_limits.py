"""oscmd-init against bombs, deep nesting, reruns, signals, cloud-init and hostile paths (issue 18, items 5-9).

Every bundle runs through ``oscmd-init decode -n -f FILE --root DIR`` in a
child process; the files under DIR, their modes, the exit status and the
absence of a traceback are checked.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from email.message import Message
from email.mime.multipart import MIMEMultipart
from pathlib import Path

import pytest

from oscmd_shell.bootstrap.limits import MAX_INCLUDES, MAX_NESTING
from oscmd_shell.launch.userdata import Resource, build_user_data, content_type_for
from tests.support.bundles import bundle, decode, file_part, part, serialize, tree
from tests.support.decoder import Routes, child_env, lines, mode_of, running, write

MIB = 1024 * 1024
UID, GID = os.getuid(), os.getgid()


def zeros_gzip(size: int) -> bytes:
    """``size`` zero bytes gzip-compressed (one 1 MiB gzip member repeated), without ever holding them."""
    return gzip.compress(bytes(MIB), 9) * (size // MIB)


def limited_memory() -> None:
    """In the child: at most 1 GiB of address space, so a decoder inflating a bomb would die of it."""
    resource.setrlimit(resource.RLIMIT_AS, (1024 * MIB, 1024 * MIB))


# ------------------------------------------------------------------ 5. sizes
def test_a_gzip_bomb_part_is_stopped_at_the_part_limit(tmp_path: Path) -> None:
    bomb = part("application/octet-stream", zeros_gzip(1024 * MIB), Content_Encoding="gzip")
    bomb.add_header("Content-Disposition", "attachment", filename="/var/bomb")
    document = gzip.compress(bundle(bomb, file_part("/etc/after", b"still written\n")))
    assert len(document) < 16384  # it fits in EC2 user data
    source = write(tmp_path / "bundle.gz", document)
    root = tmp_path / "root"
    done = subprocess.run([sys.executable, "-m", "oscmd_shell.bootstrap", "decode", "-n", "-f", str(source),
                           "--root", str(root)], env=child_env(), capture_output=True, text=True, timeout=120,
                          preexec_fn=limited_memory, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert "/var/bomb (application/octet-stream) failed: more than 8 MiB once decompressed" in done.stderr
    assert tree(root) == {"etc/after": (0o644, UID, GID)}


def test_the_whole_run_is_capped(tmp_path: Path) -> None:
    parts = []
    for n in range(5):
        item = part("application/octet-stream", zeros_gzip(7 * MIB), Content_Encoding="gzip")
        item.add_header("Content-Disposition", "attachment", filename=f"/data/{n}")
        parts.append(item)
    result, root = decode(tmp_path, bundle(*parts))
    assert result.returncode == 1
    assert lines(result.stderr) == ["/data/4 (application/octet-stream) failed: more than 32 MiB decoded in one run"]
    assert sorted(tree(root)) == ["data/0", "data/1", "data/2", "data/3"]
    huge = write(tmp_path / "huge.gz", gzip.compress(b"Content-Type: text/plain\n\n" + bytes(33 * MIB)))
    result, _root = decode(tmp_path, huge.read_bytes())
    assert result.returncode == 2
    assert lines(result.stderr) == [f"oscmd-init: error: {tmp_path}/bundle.mime: more than 32 MiB once decompressed"]


# ------------------------------------------------------------------ 6. nesting and include breadth
def nested(depth: int, leaf: bytes) -> bytes:
    head = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth))
    tail = b"".join(b"\n--b%d--\n" % i for i in reversed(range(depth)))
    return head + leaf + tail


def test_a_too_deep_document_fails_whole_and_cleanly(tmp_path: Path) -> None:
    leaf = b'Content-Type: text/x-shellscript\n\ntouch "$OSCMD_ROOT/ran"\n'
    for depth in (MAX_NESTING + 1, 1000):
        result, root = decode(tmp_path, nested(depth, leaf))
        assert result.returncode == 2
        assert lines(result.stderr) == [f"oscmd-init: error: {tmp_path}/bundle.mime: containers nested more than "
                                        f"{MAX_NESTING} deep"]
        assert not root.exists()
    result, root = decode(tmp_path, nested(MAX_NESTING, leaf))
    assert result.returncode == 0, result.stderr
    assert (root / "ran").exists()


def raw_bundle(*parts: bytes, boundary: bytes = b"B") -> bytes:
    """A multipart document written by hand (headers the email package would fold or encode stay as given)."""
    body = b"".join(b"--" + boundary + b"\n" + p for p in parts)
    return (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\nMIME-Version: 1.0\n\n" + body + b"--"
            + boundary + b"--\n")


SCRIPT = b'Content-Type: text/x-shellscript\n\ntouch "$OSCMD_ROOT/%s"\n'


@pytest.mark.parametrize(("name", "document", "refusal"), [
    # the standard library reads a parameter in a time that grows with the square of its ';': 58 h at 15M
    ("parameters", raw_bundle(b'Content-Type: application/octet-stream\nContent-Disposition: attachment; '
                              b'filename="' + b";" * 5000 + b'"\n\nx\n'),
     "has more than 32 parameters"),
    ("semicolons", raw_bundle(b'Content-Type: application/octet-stream\nContent-Disposition: attachment; '
                              b'filename="' + b";" * 160_000 + b'"\n\nx\n'),
     "is longer than 8 KiB"),
    ("long header", raw_bundle(b"Content-Type: text/plain\nX-Pad: " + b"a" * 9000 + b"\n\nx\n"),
     "is longer than 8 KiB"),
    ("headers", raw_bundle(b"Content-Type: text/plain\n" + b"a: b\n" * 1000 + b"\nx\n"),
     "a part has more than 100 headers"),
    ("lines", raw_bundle(b"Content-Type: text/plain\n" + b"a:\n" * 5_000_000 + b"\nx\n"), "more than 500,000 lines"),
    ("parts", raw_bundle(*[b"Content-Type: text/plain\n\n"] * 5000), "more than 1000 parts in one document"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "")
def test_headers_and_parts_that_would_cost_hours_or_gigabytes_are_refused_at_once(
        tmp_path: Path, name: str, document: bytes, refusal: str) -> None:
    assert len(gzip.compress(document)) < 16384  # each fits in EC2 user data
    source = write(tmp_path / "bundle.gz", gzip.compress(document))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "oscmd_shell.bootstrap", "decode", "-n", "-f", str(source),
                           "--root", str(tmp_path / "root"), "--dry-run"], env=child_env(), capture_output=True,
                          text=True, timeout=120, preexec_fn=limited_memory, check=False)
    assert time.monotonic() - started < 60, name  # hours, before the limits
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert refusal in done.stderr, done.stderr


def test_a_header_of_raw_8bit_bytes_is_read_not_fatal(tmp_path: Path) -> None:
    document = raw_bundle(SCRIPT % b"first", b"Content-Type: text/plain\nContent-Description: caf\xe9\n\nx\n",
                          SCRIPT % b"third")
    result, root = decode(tmp_path, document)
    assert result.returncode == 0, result.stderr
    assert (root / "first").exists() and (root / "third").exists()


def test_a_run_carries_out_at_most_its_part_limit(tmp_path: Path) -> None:
    # sent base64, each container is a document of its own: 600 parts each, 1,800 in the run
    containers = [b"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
                  + base64.encodebytes(raw_bundle(*[b"Content-Type: text/plain\n\n"] * 600, boundary=b"C%d" % n))
                  for n in range(3)]
    result, root = decode(tmp_path, raw_bundle(*containers, SCRIPT % b"late"))
    assert result.returncode == 1, result.stderr
    assert "more than 1000 parts in this run: the rest is not carried out" in result.stderr
    assert result.stderr.count("more than 1000 parts") == 1
    assert not (root / "late").exists()


def test_deep_nesting_through_encoded_containers_is_reported(tmp_path: Path) -> None:
    inner: Message = file_part("/etc/deep", b"deep\n")
    for _ in range(MAX_NESTING + 2):
        wrapper = MIMEMultipart("mixed")
        wrapper.attach(inner)
        inner = part("message/rfc822", serialize(wrapper))
    result, root = decode(tmp_path, bundle(inner, file_part("/etc/sibling", b"sibling\n")))
    assert result.returncode == 1
    assert f"containers nested more than {MAX_NESTING} deep" in result.stderr
    assert tree(root) == {"etc/sibling": (0o644, UID, GID)}


def test_include_fetches_are_capped_in_breadth_and_a_deep_include_fails_alone(
    https_server: Routes, tmp_path: Path
) -> None:
    https_server["/fan"] = (200, {}, ("#include\n" + f"{https_server.base}/fan\n" * 4).encode())
    https_server["/deep.mime"] = (200, {}, nested(1000, b"Content-Type: text/plain\n\nx"))
    item = part("text/x-include-url", f"{https_server.base}/deep.mime\n{https_server.base}/fan\n".encode())
    result, root = decode(tmp_path, bundle(item, file_part("/etc/after", b"after\n")),
                          env=child_env(SSL_CERT_FILE=str(https_server.ca)))
    assert result.returncode == 1
    assert https_server.hits["/fan"] == MAX_INCLUDES - 1
    assert f"more than {MAX_INCLUDES} include fetches in one run" in result.stderr
    assert f"{https_server.base}/deep.mime: containers nested more than {MAX_NESTING} deep" in result.stderr
    assert tree(root) == {"etc/after": (0o644, UID, GID)}


# ------------------------------------------------------------------ 7. run once, stop cleanly
def test_completed_scripts_and_include_once_urls_do_not_run_again(https_server: Routes, tmp_path: Path) -> None:
    https_server["/once"] = (200, {}, b'#!/bin/sh\necho once >> "$OSCMD_ROOT/counter"\n')
    document = bundle(
        part("text/x-shellscript", b'echo script >> "$OSCMD_ROOT/counter"\n', Content_Description="count"),
        part("text/x-shellscript", b'echo script >> "$OSCMD_ROOT/counter"\n', Content_Description="count-again"),
        part("text/x-shellscript", b'echo failing >> "$OSCMD_ROOT/counter"; exit 4\n', Content_Description="fails"),
        part("text/x-include-once-url", f"{https_server.base}/once\n".encode()),
    )
    env = child_env(SSL_CERT_FILE=str(https_server.ca))
    first, root = decode(tmp_path, document, env=env)
    assert first.returncode == 1
    second, _ = decode(tmp_path, document, env=env)
    assert second.returncode == 1
    assert (root / "counter").read_text().split() == ["script", "script", "failing", "once", "failing"]
    record = root / "var/lib/oscmd-init"
    assert "skip script count (completed " in second.stdout and f"run-once record {record})" in second.stdout
    assert "skip script count-again (completed " in second.stdout
    assert f"skip include-once {https_server.base}/once (completed " in second.stdout
    assert "run script fails" in lines(second.stdout)
    assert https_server.hits == {"/once": 1}
    assert mode_of(record) == 0o700 and not any(mode_of(p) & 0o077 for p in record.iterdir())
    third, _ = decode(tmp_path, document, "--rerun", env=env)
    assert (root / "counter").read_text().count("once") == 2 and "skip" not in third.stdout


def test_a_part_cannot_write_into_the_run_once_record(tmp_path: Path) -> None:
    script = b'#!/bin/sh\ntouch "$OSCMD_ROOT/ran"\n'
    key = hashlib.sha256(script).hexdigest()
    forged = file_part(f"/var/lib/oscmd-init/script-{key}", b"completed 2020-01-01T00:00:00Z (forged)\n")
    result, root = decode(tmp_path, bundle(forged, part("text/x-shellscript", script)))
    assert result.returncode == 1, result.stderr
    assert "/var/lib/oscmd-init/script-" in result.stderr and "inside the run-once record" in result.stderr
    assert (root / "ran").exists()  # the script still ran: nothing said it had


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_scripts_whole_process_group(tmp_path: Path, signum: int, status: int) -> None:
    script = (b'#!/bin/sh\nif [ -e "$OSCMD_ROOT/fast" ]; then echo quick; exit 0; fi\n'
              b'sleep 300 &\necho $! > "$OSCMD_ROOT/child.pid"\ntouch "$OSCMD_ROOT/started"\nwait\n')
    source = write(tmp_path / "bundle.mime", bundle(part("text/x-executable", script, Content_Description="long")))
    root = tmp_path / "root"
    command = [sys.executable, "-m", "oscmd_shell.bootstrap", "decode", "-n", "-f", str(source), "--root", str(root)]
    process = subprocess.Popen(command, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 30
    while not (root / "started").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int((root / "child.pid").read_text())
    process.send_signal(signum)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == status, err
    assert b"Traceback" not in err
    name = signal.Signals(signum).name
    assert f"stopped by {name} during script long: it is not recorded as completed".encode() in err
    assert not running(child)
    assert f" {name} script long" in (root / "var/lib/oscmd-init/stopped").read_text()
    (root / "fast").touch()
    result, _ = decode(tmp_path, source.read_bytes())
    assert result.returncode == 0, result.stderr
    assert "quick" in lines(result.stdout)  # not recorded as completed: it ran again
    assert "warning: the previous run was stopped: " in result.stderr and f"{name} script long" in result.stderr
    assert not (root / "var/lib/oscmd-init/stopped").exists()


# ------------------------------------------------------------------ 8. cloud-init
# What cloud-init (cloudinit/user_data.py and its part handlers) does with each leaf part:
# text/plain, text/x-not-multipart and text/x-shellscript are retyped by their opening
# bytes, then these types are acted on at boot.
CLOUD_INIT_ACTS_ON = ("text/x-shellscript", "text/x-include-url", "text/x-include-once-url", "text/cloud-boothook",
                      "text/part-handler", "text/upstart-job", "text/cloud-config", "text/cloud-config-archive",
                      "text/jinja2", "text/x-shellscript-per-boot", "text/x-shellscript-per-instance",
                      "text/x-shellscript-per-once")
CLOUD_INIT_STARTS = (("#!", "text/x-shellscript"), ("#include-once", "text/x-include-once-url"),
                     ("#include", "text/x-include-url"), ("#cloud-config", "text/cloud-config"),
                     ("#cloud-boothook", "text/cloud-boothook"), ("#part-handler", "text/part-handler"))


def cloud_init_type(leaf: Message) -> str:
    content_type = leaf.get_content_type()
    if content_type in ("text/plain", "text/x-not-multipart", "text/x-shellscript"):
        payload = leaf.get_payload(decode=True)
        head = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        for start, sniffed in CLOUD_INIT_STARTS:
            if head.startswith(start):
                return sniffed
    return content_type


def test_cloud_init_leaves_oscmd_parts_alone_and_old_bundles_still_decode(tmp_path: Path) -> None:
    nested = bundle(part("text/x-shellscript", b'echo nested >> "$OSCMD_ROOT/ran"\n'),
                    part("text/x-include-url", b"https://127.0.0.1:9/nothing-listens-here\n"))
    resources = [Resource(name, Path("/r") / name, content_type_for(name, data), data) for name, data in (
        ("noshebang.sh", b'echo plain-sh >> "$OSCMD_ROOT/ran"\n'),
        ("note.txt", b'#!/bin/sh\necho a text file, not a script\n'),
        ("old.mime", nested),
    )]
    document = build_user_data(properties={"k": "v"}, hostname="web1", facts={}, urls=[], resources=resources)
    leaves = [leaf for leaf in message_from_bytes(document).walk() if not leaf.is_multipart()]
    assert [cloud_init_type(leaf) for leaf in leaves if cloud_init_type(leaf) in CLOUD_INIT_ACTS_ON] == []
    assert {leaf.get_content_type() for leaf in leaves} >= {"text/x-oscmd-shellscript", "text/x-oscmd-plain",
                                                              "text/x-oscmd-include-url"}
    result, root = decode(tmp_path, document)
    assert result.returncode == 1  # nothing listens at the nested include's address
    assert (root / "ran").read_text().split() == ["plain-sh", "nested"]
    old = bundle(part("text/x-shellscript", b'echo old >> "$OSCMD_ROOT/old"\n'), part("text/plain", b"x"))
    (tmp_path / "old").mkdir()
    result, root = decode(tmp_path / "old", old)
    assert result.returncode == 0, result.stderr
    assert (root / "old").read_text() == "old\n"


# ------------------------------------------------------------------ 9. paths under --root
def test_dry_run_with_relative_names(tmp_path: Path) -> None:
    result, root = decode(tmp_path, bundle(file_part("conf/app.ini", b"x"), file_part("../up.txt", b"y")),
                          "--dry-run")
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == [f"write {root}/tmp/<workdir>/conf/app.ini (0644)",
                                    f"write {root}/tmp/up.txt (0644)"]
    assert not root.exists()


def test_a_symlink_inside_the_root_cannot_lead_a_write_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("untouched\n")
    root = tmp_path / "root"
    (root / "usr").mkdir(parents=True)
    (root / "etc").symlink_to(outside)
    (root / "usr/lib").symlink_to("../../outside")
    (root / "target").symlink_to(outside / "passwd")
    result, _ = decode(tmp_path, bundle(
        file_part("/etc/passwd", b"pwned\n", X_overwrite="yes"), file_part("/usr/lib/x/y", b"pwned\n"),
        file_part("/target", b"replaced the link\n", X_overwrite="yes"),
    ))
    assert result.returncode == 1
    assert f"{root}/etc is a symbolic link (not followed under --root)" in result.stderr
    assert f"{root}/usr/lib is a symbolic link (not followed under --root)" in result.stderr
    assert (outside / "passwd").read_text() == "untouched\n" and sorted(os.listdir(outside)) == ["passwd"]
    assert not (root / "target").is_symlink() and (root / "target").read_text() == "replaced the link\n"


def test_file_names_up_to_255_bytes(tmp_path: Path) -> None:
    longest, too_long = "n" * 255, "n" * 256
    result, root = decode(tmp_path, bundle(file_part(f"/opt/{longest}", b"ok\n"), file_part(f"/opt/{too_long}", b"x")))
    assert result.returncode == 1
    assert "File name too long" in result.stderr
    assert tree(root) == {f"opt/{longest}": (0o644, UID, GID)}
