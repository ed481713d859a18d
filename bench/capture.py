"""DescribeInstances answers of any size, made from XML that moto really produced.

moto's DescribeInstances costs O(n²) in tagged instances (about 45 s for
10,000), so large fleets are not asked of moto.  Instead a template fleet of a
few dozen tagged instances (single-instance reservations, a tenth of them
stopped) is launched on moto once, and its raw DescribeInstances XML is kept
under ``bench/.cache/``.  :func:`instance_pages` then replicates the
template's reservation items, giving every copy its own instance, reservation,
volume and interface ids, Name tag and addresses, and cuts them into pages of
1,000 reservations chained by ``nextToken`` (``page-1``, ``page-2``...), as
EC2 pages them.  The pages are cached too, keyed by size and moto version.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import CACHE

TEMPLATE_SIZE = 50
PAGE_SIZE = 1000
FORMAT = 1

_ITEM = "<item><reservationId>"
_ID = re.compile(r"\b(i|r|vol|eni-attach|eni)-([0-9a-f]{17})\b")
_NAME = re.compile(r"(<key>Name</key><value>)([^<]*)(</value>)")
_PRIVATE = re.compile(r"<privateIpAddress>([0-9.]+)</privateIpAddress>")
_PUBLIC = re.compile(r"<publicIp>([0-9.]+)</publicIp>")


def _moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


def template_path() -> Path:
    return CACHE / f"template-{TEMPLATE_SIZE}-moto{_moto_version()}-v{FORMAT}.xml"


def capture_template() -> str:
    """The raw DescribeInstances XML of the template fleet (captured from moto once, then cached)."""
    path = template_path()
    if path.exists():
        return path.read_text(encoding="utf-8")
    from .servers import MotoProcess, seed_instances

    with MotoProcess() as moto:
        ec2 = moto.client()
        ids = seed_instances(ec2, TEMPLATE_SIZE)
        ec2.stop_instances(InstanceIds=ids[::10])
        raw: dict[str, bytes] = {}

        def keep(response_dict: dict[str, object], **_: object) -> None:
            body = response_dict.get("body")
            if isinstance(body, bytes):
                raw["body"] = body

        ec2.meta.events.register("before-parse.ec2.DescribeInstances", keep)
        ec2.describe_instances()
    text = raw["body"].decode("utf-8")
    if text.count(_ITEM) != TEMPLATE_SIZE:
        raise RuntimeError(f"unexpected template shape: {text.count(_ITEM)} reservations")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def _split(template: str) -> tuple[str, list[str], str]:
    start = template.index("<reservationSet>") + len("<reservationSet>")
    end = template.rindex("</reservationSet>")
    body = template[start:end]
    items = [_ITEM + part for part in body.split(_ITEM) if part]
    return template[:start], items, template[end:]


def _ip(prefix: str, n: int) -> str:
    return f"{prefix}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def _replica(item: str, n: int) -> str:
    """Reservation item ``item`` renumbered as the ``n``-th instance of the fleet."""
    item = _ID.sub(lambda m: f"{m.group(1)}-{n:08x}{m.group(2)[8:]}", item)
    item = _NAME.sub(lambda m: f"{m.group(1)}node-{n + 1:05d}{m.group(3)}", item)
    private = _PRIVATE.search(item)
    if private:
        item = item.replace(private.group(1), _ip("10", n))
    public = _PUBLIC.search(item)
    if public:
        item = item.replace(public.group(1), _ip("54", n + (1 << 24) // 2))
    return item


def build_pages(template: str, count: int, page_size: int = PAGE_SIZE) -> list[bytes]:
    """``count`` instances as DescribeInstances pages of ``page_size`` reservations."""
    head, items, tail = _split(template)
    pages: list[bytes] = []
    total = max(1, -(-count // page_size))
    for page in range(total):
        lo, hi = page * page_size, min(count, (page + 1) * page_size)
        body = "".join(_replica(items[n % len(items)], n) for n in range(lo, hi))
        token = f"<nextToken>page-{page + 1}</nextToken>" if page + 1 < total else ""
        end = tail.replace("</reservationSet>", "</reservationSet>" + token, 1)
        pages.append((head + body + end).encode("utf-8"))
    return pages


def instance_pages(count: int, page_size: int = PAGE_SIZE) -> list[bytes]:
    """Cached pages for a fleet of ``count`` instances (built on first use)."""
    folder = CACHE / f"instances-{count}-p{page_size}-moto{_moto_version()}-v{FORMAT}"
    marker = folder / "complete"
    if marker.exists():
        files = sorted(folder.glob("page-*.xml"), key=lambda p: int(p.stem.split("-")[1]))
        return [p.read_bytes() for p in files]
    pages = build_pages(capture_template(), count, page_size)
    folder.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(pages):
        (folder / f"page-{i}.xml").write_bytes(page)
    marker.write_text(str(len(pages)))
    return pages
