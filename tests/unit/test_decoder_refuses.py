"""oscmd-init fails closed against hostile bundles (issue 18, items 1-4): properties, modes, owners, includes.

Each bundle is crafted with Python's ``email`` package where oscmd's own
encoder would refuse it, and run through ``oscmd-init decode -n -f FILE
--root DIR``; the files under DIR, their modes and owners, the exit status
and the absence of a traceback are checked.  The launcher's side of the same
rules is checked through ``ami run --show-user-data`` (exit 2, nothing sent).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import socket
from pathlib import Path

import pytest

from oscmd_shell.bootstrap import __main__ as oscmd_init_main
from oscmd_shell.bootstrap import runner
from oscmd_shell.errors import UsageError
from oscmd_shell.launch.userdata import hostname_script
from tests.support.bundles import bundle, decode, file_part, part, tree
from tests.support.decoder import Routes, child_env, lines, oscmd_init
from tests.support.runner import Oscmd

ENV_DUMP = b'#!/bin/bash\nenv > "$OSCMD_ROOT/env.txt"\ntype id > "$OSCMD_ROOT/id.txt" 2>&1\n'


def show_user_data(oscmd: Oscmd, *args: str) -> tuple[int, str, str]:
    result = oscmd("ami", "-n", "some-image", "run", "-n", "web1", *args, "--show-user-data")
    return result.status, result.out, result.err


# ------------------------------------------------------------------ 1. property smuggling
SMUGGLERS = ["\u2028", "\u2029", "\u0085", "\v", "\f", "\x1c", "\x1d", "\x1e", "\r", "\t", "\x1b", "\x9b"]


def test_smuggled_properties_are_refused_by_the_decoder(tmp_path: Path) -> None:
    smuggled = "".join(f"S{n}: main{char}BASH_FUNC_id%%=() {{ touch /tmp/pwned-{n}; }}\n"
                       for n, char in enumerate(SMUGGLERS))
    denied = "".join(f"{name}: /tmp/evil\n" for name in (
        "BASH_FUNC_id%%", "BASH_ENV", "ENV", "PYTHONPATH", "PERL5OPT", "APT_CONFIG", "LD_PRELOAD", "PATH",
        "IFS", "SHELLOPTS", "PS4", "GCONV_PATH", "NODE_OPTIONS", "RUBYOPT", "1NUMBER", "dash-name"))
    body = ("GOOD_ONE: fine\n" + smuggled + denied).encode("utf-8")
    result, root = decode(tmp_path, bundle(part("text/properties", body), part("text/x-executable", ENV_DUMP)))

    assert result.returncode == 1
    env = dict(line.split("=", 1) for line in (root / "env.txt").read_text().splitlines() if "=" in line)
    assert env["GOOD_ONE"] == "fine"
    assert not [name for name in env if re.fullmatch(r"S\d+", name) or name.startswith("BASH_FUNC")]
    assert "/tmp/evil" not in env.values()
    assert "BASH_ENV" not in env and "ENV" not in env
    assert "id is /" in (root / "id.txt").read_text()  # still the command, not a smuggled function
    refused = lines(result.stderr)
    assert len(refused) == len(SMUGGLERS) + 16
    assert all(line.startswith("part-1 line ") and " refused: " in line for line in refused)
    assert "U+2028" in refused[0] and "U+0085" in refused[2]
    assert not list(Path("/tmp").glob("pwned-*"))


@pytest.mark.parametrize("char", [*SMUGGLERS, "\n", "\x00"])
def test_smuggled_properties_are_refused_at_launch(oscmd_offline: Oscmd, char: str) -> None:
    status, out, err = show_user_data(oscmd_offline, "-V", f"BRANCH=main{char}BASH_FUNC_id%%=() {{ x; }}")
    assert (status, out) == (2, "")
    assert "BRANCH" in err and "U+" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["BASH_FUNC_id%%", "BASH_ENV", "ENV", "PYTHONSTARTUP", "PERL5LIB", "APT_CONFIG",
                                  "LD_LIBRARY_PATH", "PATH", "IFS", "SHELLOPTS", "PS4", "OSCMD_ROOT", "9lives",
                                  "a.b", "na\u2028me"])
def test_refused_names_at_launch(oscmd_offline: Oscmd, name: str) -> None:
    status, out, err = show_user_data(oscmd_offline, "-V", f"{name}=x")
    assert (status, out) == (2, "")
    assert "refused" in err or "invalid property name" in err


def test_ordinary_properties_still_go_out(oscmd_offline: Oscmd) -> None:
    status, out, _err = show_user_data(oscmd_offline, "-V", "branch=main", "-V", "_X1=a b: c=d")
    assert status == 0
    assert "branch: main\n_X1: a b: c=d\n" in out


# ------------------------------------------------------------------ 2. modes and owners fail closed
@pytest.mark.parametrize("mode", ["u=rw,go=", "384", "", "0o600", "12345", "0x1ff", " 06 00"])
def test_a_mode_that_does_not_parse_writes_nothing(tmp_path: Path, mode: str) -> None:
    result, root = decode(tmp_path, bundle(file_part("/etc/secret", b"TOKEN\n", X_Mode=mode),
                                           file_part("/etc/other", b"fine\n", X_Mode="0640")))
    assert result.returncode == 1
    assert "write " in result.stderr and "refused: invalid mode" in result.stderr
    assert tree(root) == {"etc/other": (0o640, os.getuid(), os.getgid())}


def test_an_owner_that_does_not_resolve_writes_nothing(tmp_path: Path) -> None:
    result, root = decode(tmp_path, bundle(
        file_part("/etc/a", b"x", X_Owner="no-such-user-oscmd"), file_part("/etc/b", b"x", X_Owner=":no-such-group"),
        file_part("/etc/c", b"x", X_Owner="99999999999"), file_part("/etc/d", b"x", X_Owner=":"),
    ))
    assert result.returncode == 1
    assert len([line for line in lines(result.stderr) if "invalid owner" in line]) == 4
    assert tree(root) == {}


def test_setuid_and_setgid_are_refused_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "root/usr/bin").mkdir(parents=True)
    (tmp_path / "root/usr/bin/tool").write_bytes(b"old")
    (tmp_path / "root/usr/bin/tool").chmod(0o4755)
    result, root = decode(tmp_path, bundle(
        file_part("/usr/local/bin/suid", b"x", X_Mode="4755"), file_part("/usr/local/bin/sgid", b"x", X_Mode="2711"),
        file_part("/usr/bin/tool", b"new", X_overwrite="yes"),  # keeps the file's own mode: 4755
    ))
    assert result.returncode == 1
    assert "sets setuid or setgid: refused" in result.stderr
    assert "the file there is setuid or setgid (4755)" in result.stderr
    assert tree(root) == {"usr/bin/tool": (0o4755, os.getuid(), os.getgid())}
    assert (root / "usr/bin/tool").read_bytes() == b"old"


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_owner_then_mode_keeps_the_setid_bits_when_allowed(tmp_path: Path) -> None:
    nobody = pwd.getpwnam("nobody")
    result, root = decode(tmp_path, bundle(
        file_part("/usr/local/bin/suid", b"x", X_Mode="4750", X_Owner=f"nobody:{nobody.pw_gid}"),
        file_part("/etc/key", b"secret", X_Mode="0600", X_Owner="nobody"),
    ), "--allow-setid")
    assert result.returncode == 0, result.stderr
    assert tree(root) == {"usr/local/bin/suid": (0o4750, nobody.pw_uid, nobody.pw_gid),
                          "etc/key": (0o600, nobody.pw_uid, 0)}
    assert f"write {root}/usr/local/bin/suid (4750, owner nobody:{nobody.pw_gid})" in lines(result.stdout)


# ------------------------------------------------------------------ 3. includes
def include(*urls: str, allow: tuple[str, ...] = ()) -> bytes:
    item = part("text/x-include-url", "".join(u + "\n" for u in urls).encode())
    for url in allow:
        item["X-Allow-Http"] = url
    return bundle(item)


def test_plain_http_includes_need_the_bundles_leave(http_server: Routes, tmp_path: Path) -> None:
    http_server["/a"] = (200, {}, b'#!/bin/sh\necho a >> "$OSCMD_ROOT/ran"\n')
    http_server["/b"] = (200, {}, b'#!/bin/sh\necho b >> "$OSCMD_ROOT/ran"\n')
    a, b = f"{http_server.base}/a", f"{http_server.base}/b"
    result, root = decode(tmp_path, include(a, b, allow=(a,)))
    assert result.returncode == 1
    assert f"include {b} refused: plain http" in result.stderr
    assert (root / "ran").read_text() == "a\n"
    assert http_server.hits == {"/a": 1}


def test_the_encoder_can_name_an_http_url(http_server: Routes, tmp_path: Path) -> None:
    http_server["/a"] = (200, {}, b'#!/bin/sh\necho a >> "$OSCMD_ROOT/ran"\n')
    url = f"{http_server.base}/a"
    entries = tmp_path / "entries.json"
    entries.write_text(json.dumps([{"content": f"{url}\n", "Content-Type": "text/x-include-url",
                                    "X-Allow-Http": url}]))
    encoded = oscmd_init("encode", "-y", entries)
    assert encoded.returncode == 0, encoded.stderr
    assert "Content-Type: text/x-oscmd-include-url" in encoded.stdout
    result, root = decode(tmp_path, encoded.stdout.encode())
    assert result.returncode == 0, result.stderr
    assert (root / "ran").read_text() == "a\n"


def test_redirects_never_change_the_scheme(https_server: Routes, http_server: Routes, tmp_path: Path) -> None:
    http_server["/x"] = (200, {}, b'#!/bin/sh\ntouch "$OSCMD_ROOT/pwned"\n')
    https_server["/to-http"] = (302, {"Location": f"{http_server.base}/x"}, b"")
    https_server["/to-ftp"] = (301, {"Location": "ftp://127.0.0.1/x"}, b"")
    https_server["/ok"] = (302, {"Location": "/final"}, b"")
    https_server["/final"] = (200, {}, b'#!/bin/sh\ntouch "$OSCMD_ROOT/ok"\n')
    base = https_server.base
    result, root = decode(tmp_path, include(f"{base}/to-http", f"{base}/to-ftp", f"{base}/ok"),
                          env=child_env(SSL_CERT_FILE=str(https_server.ca)))
    assert result.returncode == 1
    assert f"redirect to {http_server.base}/x refused: it changes the scheme from https" in result.stderr
    assert "ftp://127.0.0.1/x" in result.stderr
    assert http_server.hits == {}
    assert tree(root) == {"ok": (0o644, os.getuid(), os.getgid())}


def test_the_document_types_what_an_include_serves(https_server: Routes, tmp_path: Path) -> None:
    # The server's headers no longer decide what runs or where files go.
    https_server["/cron"] = (200, {"Content-Type": "text/plain", "X-Mode": "4777",
                                   "Content-Disposition": 'attachment; filename="/etc/cron.d/evil"'},
                             b"* * * * * root touch /tmp/pwned\n")
    https_server["/noshebang"] = (200, {"Content-Type": "text/x-shellscript"}, b'touch "$OSCMD_ROOT/pwned"\n')
    https_server["/fake.mime"] = (200, {"Content-Type": "text/x-shellscript"},
                                  bundle(file_part("/etc/x", b"x")))
    base = https_server.base
    result, root = decode(tmp_path, include(f"{base}/cron", f"{base}/noshebang", f"{base}/fake.mime"),
                          env=child_env(SSL_CERT_FILE=str(https_server.ca)))
    assert result.returncode == 1
    assert f"{base}/noshebang: the server says text/x-shellscript but the document is text/plain" in result.stderr
    assert f"{base}/fake.mime: the server says text/x-shellscript but the document is message/rfc822" in result.stderr
    assert "skip cron (text/plain: no filename, no action)" in lines(result.stdout)
    assert tree(root) == {}


def guard_network(monkeypatch: pytest.MonkeyPatch, resolve: dict[str, str]) -> list[object]:
    """Refuse any connection off loopback (the test fails loudly), and resolve ``resolve``'s names as given."""
    tried: list[object] = []
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock: socket.socket, address: object) -> None:
        tried.append(address)
        assert isinstance(address, tuple) and address[0] in ("127.0.0.1", "::1"), f"connection to {address}"
        real_connect(sock, address)

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> object:
        if host in resolve:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (resolve[host], 443))]
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(runner, "catch_signals", lambda: None)
    return tried


def test_link_local_and_metadata_addresses_are_never_fetched(
    https_server: Routes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tried = guard_network(monkeypatch, {"metadata.example": "169.254.169.254"})
    monkeypatch.setenv("SSL_CERT_FILE", str(https_server.ca))
    https_server["/to-imds"] = (302, {"Location": "https://169.254.169.254/latest/user-data"}, b"")
    targets = ["https://169.254.169.254/latest/user-data", "https://[fe80::1]/x", "https://[fd00:ec2::254]/x",
               "https://2852039166/x", "https://[::ffff:169.254.169.254]/x", "https://metadata.example/x",
               f"{https_server.base}/to-imds", "http://169.254.169.254/latest/meta-data/"]
    source = tmp_path / "bundle.mime"
    source.write_bytes(include(*targets, allow=("http://169.254.169.254/latest/meta-data/",)))

    status = oscmd_init_main.main(["decode", "-n", "-f", str(source), "--root", str(tmp_path / "root")])

    err = capsys.readouterr().err
    assert status == 1
    assert len(lines(err)) == len(targets)
    assert err.count("is a link-local or metadata address") == 6
    assert "metadata.example resolves to 169.254.169.254, a link-local or metadata address: refused" in err
    assert "redirect to https://169.254.169.254/latest/user-data refused" in err
    assert all(address[0] == "127.0.0.1" for address in tried)  # type: ignore[index]
    assert tree(tmp_path / "root") == {}


def test_launch_requires_https_includes(oscmd_offline: Oscmd) -> None:
    status, out, err = show_user_data(oscmd_offline, "-U", "http://config.example/boot")
    assert (status, out) == (2, "")
    assert "plain http" in err and "--allow-http-include" in err
    status, out, err = show_user_data(oscmd_offline, "-U", "http://config.example/boot", "--allow-http-include",
                                      "-U", "https://config.example/other")
    assert status == 0, err
    assert "Content-Type: text/x-oscmd-include-url" in out
    assert "X-Allow-Http: http://config.example/boot\n" in out
    assert "X-Allow-Http: https" not in out
    for target in ("https://169.254.169.254/", "http://[fe80::1]/"):
        status, out, err = show_user_data(oscmd_offline, "-U", target, "--allow-http-include")
        assert (status, out) == (2, "")
        assert "link-local or metadata address" in err


# ------------------------------------------------------------------ 4. host name
@pytest.mark.parametrize("name", ["x\n.touch", "web1\n", "web1\nrm -rf /", "a.b\r"])
def test_host_names_must_match_whole(oscmd_offline: Oscmd, name: str) -> None:
    with pytest.raises(UsageError, match="invalid host name"):
        hostname_script(name)
    status, out, err = show_user_data(oscmd_offline, "-H", name)
    assert (status, out) == (2, "")
    assert "invalid host name" in err
