"""The effective ``ami run`` options: command line over template over configuration, and the user data.

:func:`gather` merges the verb's arguments with the ``-T`` template (the
command line wins for every key it gave, ``-F`` overrides template facts key
by key) into one :class:`LaunchOptions`.  :func:`user_data` builds the MIME
document from them (properties with the ``volumes`` of the ``-s`` devices,
hostname script, facts, include URLs, resources) and fits it to the API limit.
Nothing here calls EC2, so ``--show-user-data`` works offline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import userdata
from .template import Template, load_template, merge_facts
from .volumes import block_devices

DEFAULT_INSTANCE_TYPE = "t3.micro"


@dataclass
class LaunchOptions:
    """Every setting of one launch, after the template merge."""

    name: str | None = None
    hostname: str | None = None
    instance_type: str = DEFAULT_INSTANCE_TYPE
    placement: str | None = None
    key_name: str | None = None
    key_file: str | None = None
    user: str | None = None
    volume_size: list[str | int | float] = field(default_factory=list)
    snap_id: list[str] = field(default_factory=list)
    url_commands: list[str] = field(default_factory=list)
    ressource: list[str] = field(default_factory=list)
    ressources_dir: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    security_groups: list[str] = field(default_factory=list)
    elastic_ip: bool = False
    private_ip_address: str | None = None
    instance_profile: str | None = None
    subnet_id: str | None = None
    ami_id: str | None = None
    ami_name: str | None = None
    ami_owner: str | None = None
    associate_public_ip: bool | None = None
    allow_http_include: bool = False
    facts: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    run_instances: dict[str, Any] = field(default_factory=dict)
    template: Path | None = None

    @property
    def instance_name(self) -> str | None:
        """The Name tag: ``-n``, else the host name."""
        return self.name or self.hostname or None


@dataclass
class UserData:
    """The document as built, what goes to the API, and a summary of its parts."""

    document: bytes
    encoded: bytes
    parts: list[tuple[str, str, int]]

    @property
    def gzipped(self) -> bool:
        return self.encoded != self.document

    def summary(self) -> list[str]:
        """One line per part, then the total."""
        lines = [f"part {n}: {ctype}{f' ({name})' if name else ''}, {size} bytes"
                 for n, (ctype, name, size) in enumerate(self.parts, 1)]
        total = f"user data: {len(self.document)} bytes in {len(self.parts)} parts"
        if self.gzipped:
            total += f", sent gzipped: {len(self.encoded)} bytes"
        return [*lines, total]


# Option dests a template may set, and the LaunchOptions field each one fills.
_FIELDS = {
    "name": "name", "hostname": "hostname", "instance_type": "instance_type", "placement": "placement",
    "key_name": "key_name", "key_file": "key_file", "user": "user", "volume_size": "volume_size",
    "snap_id": "snap_id", "url_commands": "url_commands", "ressource": "ressource",
    "ressources_dir": "ressources_dir", "variables": "variables", "security_groups": "security_groups",
    "elastic_ip": "elastic_ip", "private_ip_address": "private_ip_address",
    "instance_profile_arn": "instance_profile", "subnet_id": "subnet_id",
}


def gather(args: Mapping[str, Any], given: set[str], expand: Callable[[str], Path]) -> LaunchOptions:
    """Merge the verb's arguments (config defaults applied) with the template they name."""
    template: Template | None = None
    if args.get("template"):
        template = load_template(str(args["template"]), expand)
    opts = LaunchOptions()
    from_template: set[str] = set()
    for dest, attr in _FIELDS.items():
        value = args.get(dest)
        if template is not None and dest not in given and dest in template.values:
            value = template.values[dest]
            from_template.add(dest)
        if value is None:
            continue
        if isinstance(value, list):
            value = list(value)
        setattr(opts, attr, value)
    if not opts.instance_type:
        opts.instance_type = DEFAULT_INSTANCE_TYPE
    opts.allow_http_include = bool(args.get("allow_http_include"))
    if opts.key_file and "key_file" not in from_template:
        opts.key_file = str(expand(opts.key_file))
    cli_facts = [(str(k), str(v)) for k, v in args.get("local_facts") or []]
    if template is not None:
        opts.template = template.path
        opts.ami_id = template.values.get("ami_id")
        opts.ami_name = template.values.get("ami_name")
        opts.ami_owner = template.values.get("ami_owner")
        opts.tags = dict(template.tags)
        opts.run_instances = dict(template.run_instances)
        opts.associate_public_ip = template.associate_public_ip
        opts.facts = merge_facts(template.facts, cli_facts)
    else:
        opts.facts = merge_facts({}, cli_facts)
    return opts


def properties(opts: LaunchOptions) -> dict[str, str]:
    """``volumes`` (the ``-s`` devices), then each ``-V NAME=VALUE`` in order."""
    props: dict[str, str] = {}
    sized = block_devices(opts.volume_size, opts.snap_id).sized
    if sized:
        props["volumes"] = " ".join(sized)
    for variable in opts.variables:
        key, eq, value = variable.partition("=")
        key = key.strip()
        if not eq or not key:
            raise UsageError(f"variable '{variable}': expected NAME=VALUE")
        if key == "volumes" and sized:
            raise UsageError("variable 'volumes' is set from the -s volumes; choose another name")
        props[key] = value
    return props


def user_data(opts: LaunchOptions) -> UserData:
    """Build the user-data document; a missing resource or an oversize document is a UsageError."""
    resources = userdata.resolve_resources(opts.ressource, opts.ressources_dir)
    document = userdata.build_user_data(
        properties=properties(opts),
        hostname=opts.hostname,
        facts=opts.facts,
        urls=opts.url_commands,
        resources=resources,
        allow_http=opts.allow_http_include,
    )
    if not document:
        return UserData(b"", b"", [])
    encoded = userdata.encode_for_api(document)
    return UserData(document, encoded, userdata.describe_parts(document))
