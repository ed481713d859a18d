"""A crafted EC2 endpoint on loopback: hand-written XML for what moto cannot produce.

moto stores what it is given and answers like EC2, but it cannot send back what
a hostile or broken cloud could: C1 controls (U+009B, U+0085) and newlines in
tag values, bidi overrides in ids, error messages holding CR LF, console output
holding ESC sequences (it is base64, so anything goes).  :class:`CraftedEC2` is
a few lines of ``http.server`` answering the EC2 Query API from a table of
instances (with their block devices), volumes, console outputs and errors the
test sets; every other action gets
an empty answer, which botocore reads as "nothing".  ``requests`` records the
parameters of every call and ``headers`` its HTTP headers (the signature's
credential scope, the session token).  With ``tls`` (a certificate and key
file) it speaks https.

XML 1.0 cannot carry C0 controls other than tab, LF and CR, even as character
references: :func:`xml_text` refuses them rather than send XML that botocore
would reject as a whole.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
# What must never reach a terminal raw: C0 and DEL, C1, line/paragraph separators, bidi controls, and what a
# terminal draws as nothing (zero-width characters, the soft hyphen, fillers, variation selectors, tag characters).
DANGEROUS = re.compile("[\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                       "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                       "\U000e0000-\U000e0fff]")


def dangerous(text: str, allowed: str = "\n") -> list[str]:
    """The characters of ``text`` that could drive a terminal (those in ``allowed`` aside)."""
    return [ch for ch in DANGEROUS.findall(text) if ch not in allowed]


def xml_text(value: str) -> str:
    """``value`` as XML character data: markup escaped, every non-ASCII or control character as ``&#N;``."""
    out = []
    for ch in value:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n\r":
            raise ValueError(f"XML 1.0 cannot carry U+{code:04X}")
        if ch in "&<>\"'" or code < 0x20 or code >= 0x7F:
            out.append(f"&#{code};")
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class Instance:
    """One instance of the crafted endpoint's single reservation."""

    id: str = "i-0c0ffee0c0ffee000"
    name: str | None = "web1"
    state: str = "running"
    tags: Mapping[str, str] = field(default_factory=dict)
    console: bytes | None = None
    key_name: str = "deploy"
    type: str = "t3.micro"
    private_ip: str = "10.0.0.1"
    public_ip: str | None = None
    public_dns: str = ""
    private_dns: str = "ip-10-0-0-1.ec2.internal"
    devices: Mapping[str, str] = field(default_factory=dict)  # device name -> volume id

    def xml(self) -> str:
        tags = dict(self.tags)
        if self.name is not None:
            tags = {"Name": self.name, **tags}
        tag_items = "".join(f"<item><key>{xml_text(k)}</key><value>{xml_text(v)}</value></item>"
                            for k, v in tags.items())
        code = {"pending": 0, "running": 16, "stopping": 64, "stopped": 80}.get(self.state, 16)
        devices = "".join(f"<item><deviceName>{xml_text(d)}</deviceName><ebs><volumeId>{xml_text(v)}</volumeId>"
                          "<status>attached</status><deleteOnTermination>true</deleteOnTermination></ebs></item>"
                          for d, v in self.devices.items())
        return (
            f"<item><instanceId>{xml_text(self.id)}</instanceId><imageId>ami-0123456789abcdef0</imageId>"
            f"<instanceState><code>{code}</code><name>{xml_text(self.state)}</name></instanceState>"
            f"<privateDnsName>{xml_text(self.private_dns)}</privateDnsName>"
            f"<dnsName>{xml_text(self.public_dns)}</dnsName>"
            f"<keyName>{xml_text(self.key_name)}</keyName><instanceType>{xml_text(self.type)}</instanceType>"
            "<launchTime>2026-01-01T00:00:00.000Z</launchTime>"
            "<placement><availabilityZone>us-east-1a</availabilityZone></placement>"
            f"<privateIpAddress>{xml_text(self.private_ip)}</privateIpAddress>"
            + (f"<ipAddress>{xml_text(self.public_ip)}</ipAddress>" if self.public_ip is not None else "") +
            "<groupSet><item><groupId>sg-0123456789abcdef0</groupId><groupName>default</groupName></item></groupSet>"
            "<architecture>x86_64</architecture><rootDeviceName>/dev/xvda</rootDeviceName>"
            f"<blockDeviceMapping>{devices}</blockDeviceMapping><tagSet>{tag_items}</tagSet></item>"
        )


@dataclass
class Failure:
    """An EC2 error answer: HTTP status, code and message (any text XML can carry)."""

    code: str
    message: str
    status: int = 400

    def xml(self) -> str:
        return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{xml_text(self.code)}"
                f"</Code><Message>{xml_text(self.message)}</Message></Error></Errors>"
                "<RequestID>crafted-0000</RequestID></Response>")


class CraftedEC2:
    """The endpoint: ``instances`` answer DescribeInstances and GetConsoleOutput; ``failures`` map an action
    to the error it answers with."""

    def __init__(self, instances: list[Instance] | None = None, failures: Mapping[str, Failure] | None = None,
                 *, tls: tuple[str, str] | None = None, volumes: Mapping[str, tuple[int, str]] | None = None) -> None:
        self.instances = list(instances or [])
        self.volumes = dict(volumes or {})  # volume id -> (size, snapshot id)
        self.failures = dict(failures or {})
        self.requests: list[dict[str, str]] = []
        self.headers: list[dict[str, str]] = []
        crafted = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
                params = {k: v[0] for k, v in form.items()}
                crafted.requests.append(params)
                crafted.headers.append({k.lower(): v for k, v in self.headers.items()})
                reply(self, *crafted.answer(params))

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        scheme = "http"
        if tls is not None:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.host_port = f"127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{scheme}://{self.host_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="crafted-ec2", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def actions(self) -> list[str]:
        return [r.get("Action", "") for r in self.requests]

    def answer(self, params: Mapping[str, str]) -> tuple[int, str]:
        action = params.get("Action", "")
        failure = self.failures.get(action)
        if failure is not None:
            return failure.status, failure.xml()
        wanted = {v for k, v in params.items() if k == "InstanceId" or k.startswith("InstanceId.")}
        chosen = [i for i in self.instances if not wanted or i.id in wanted]
        if action == "DescribeInstances":
            items = "".join(i.xml() for i in chosen)
            body = ("<reservationSet>" + (f"<item><reservationId>r-0c0ffee</reservationId><ownerId>123456789012"
                                          f"</ownerId><groupSet/><instancesSet>{items}</instancesSet></item>"
                                          if chosen else "") + "</reservationSet>")
            return 200, _response(action, body)
        if action == "DescribeVolumes":
            items = "".join(f"<item><volumeId>{xml_text(v)}</volumeId><size>{size}</size>"
                            f"<snapshotId>{xml_text(snap)}</snapshotId><status>in-use</status></item>"
                            for v, (size, snap) in self.volumes.items())
            return 200, _response(action, f"<volumeSet>{items}</volumeSet>")
        if action == "GetConsoleOutput" and chosen:
            inst = chosen[0]
            output = base64.b64encode(inst.console).decode() if inst.console is not None else ""
            return 200, _response(action, f"<instanceId>{xml_text(inst.id)}</instanceId>"
                                          f"<timestamp>2026-01-01T00:00:00.000Z</timestamp><output>{output}</output>")
        return 200, _response(action, "")


def reply(handler: BaseHTTPRequestHandler, status: int, body: str) -> None:
    """Send ``body`` as the XML answer of an EC2 Query request."""
    data = body.encode("utf-8")
    handler.send_response(status)
    handler.send_header("Content-Type", "text/xml;charset=UTF-8")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _response(action: str, body: str) -> str:
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><{action}Response xmlns=\"{NS}\">"
            f"<requestId>crafted-0000</requestId>{body}</{action}Response>")
