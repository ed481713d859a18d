"""Helpers for driving ``oscmd-init`` as a process, and loopback HTTP/HTTPS servers it can include from.

The HTTPS server presents a certificate for ``127.0.0.1`` and ``localhost``
signed by a throwaway CA made at test time (with ``cryptography``, already a
paramiko dependency); the decoder trusts that CA through ``SSL_CERT_FILE``,
which Python's default TLS context honours.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import ssl
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BOOTSTRAP_DIR = REPO / "oscmd_shell" / "bootstrap"


def child_env(**extra: str) -> dict[str, str]:
    """The environment for oscmd-init: the repository importable, no proxies, no real IMDS."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:9"
    env.pop("greeting", None)
    env.update(extra)
    return env


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def own_var_lib(var_lib: Path) -> list[str]:
    """A command prefix: run the command in a mount namespace of its own where ``var_lib`` is /var/lib.

    How a decode without ``--root`` (it keeps its run-once record in /var/lib/oscmd-init)
    runs here as on an instance, leaving this machine's /var/lib alone.  Needs root.
    """
    unshare, mount = shutil.which("unshare"), shutil.which("mount")
    assert unshare is not None and mount is not None, "util-linux's unshare and mount are needed"
    return [unshare, "--mount", "--propagation", "private", "/bin/sh", "-c",
            f'{mount} --bind "$0" /var/lib && exec "$@"', str(var_lib)]


def oscmd_init(*args: str | Path, env: dict[str, str] | None = None, stdin: bytes | None = None,
               wrapper: list[str] | None = None) -> Result:
    """Run ``python -m oscmd_shell.bootstrap ARGS`` (under ``wrapper``, a command prefix); never a traceback."""
    done = subprocess.run(
        [*(wrapper or []), sys.executable, "-m", "oscmd_shell.bootstrap", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env or child_env(),
        timeout=90,
        check=False,
    )
    result = Result(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in result.stderr, result.stderr
    return result


def write(path: Path, data: bytes | str, mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    if mode is not None:
        path.chmod(mode)
    return path


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


Answer = tuple[int, dict[str, str], bytes]


class Routes(dict[str, Answer | Callable[[], Answer]]):
    """path -> (status, headers, body), or a function giving them at each request, served by a test server.

    The hits are counted per path.
    """

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, int] = {}
        self.base = ""
        self.ca: Path | None = None  # the CA file a client must trust (HTTPS servers)
        self.reasons: dict[str, str] = {}  # path -> the reason phrase of its status line (default: the standard one)


@contextmanager
def serve(routes: Routes, tls: tuple[ssl.SSLContext, Path] | None = None) -> Iterator[Routes]:
    """Serve ``routes`` on 127.0.0.1 (over TLS with ``tls``: a context and its CA file); ``routes.base`` is its URL."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            routes.hits[self.path] = routes.hits.get(self.path, 0) + 1
            key = f"{self.command} {self.path}"
            route = routes.get(key) or routes.get(self.path) or (404, {}, b"not found")
            status, headers, body = route() if callable(route) else route
            token = headers.get("X-Require-Token")
            if token is not None and self.headers.get("X-aws-ec2-metadata-token") != token:
                status, headers, body = 401, {}, b"no token"
            self.send_response(status, routes.reasons.get(self.path))
            for name, value in headers.items():
                if name != "X-Require-Token":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = _answer
        do_PUT = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls[0].wrap_socket(server.socket, server_side=True)
        routes.ca = tls[1]
    routes.base = f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield routes
    finally:
        server.shutdown()
        server.server_close()


def make_tls(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1/localhost and the PEM file of the CA that signed it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def build(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey,
              ca: bool) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                              key_encipherment=False, data_encipherment=False, key_agreement=False,
                              encipher_only=False, decipher_only=False), critical=True)
        else:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = build("oscmd test CA", ca_key, "oscmd test CA", ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = build("127.0.0.1", key, "oscmd test CA", ca_key, ca=False)
    ca_file = directory / "test-ca.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    chain = directory / "server.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return context, ca_file


def running(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for an init that may never reap it does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
