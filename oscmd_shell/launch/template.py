"""Load an ``ami run -T`` YAML template and merge it with the command line.

A template is a mapping whose keys are ``ami run`` option dest names
(``instance_type``, ``security_groups``, ``volume_size``...), plus ``ami_id``
and ``ami_name`` (the image when ``ami -i/-n`` is absent; ``ami_owner`` says
whose images the name may select, as ``ami -o`` does), ``local_facts`` (a
mapping), ``tag:KEY`` instance tags, ``run_instances`` (RunInstances
parameters passed through, in the API's own spelling) and the snake_case
pass-through keys of the 2017 tool (``ebs_optimized``, ``placement_group``...).
``embedded_commands`` and ``resource(s)`` are aliases of ``ressource``.
Scalars given where lists are expected become one-element lists; relative
``key_file`` and ``ressources_dir`` paths are read from the template's
directory.  An unknown key, a value of the wrong shape or malformed YAML is
one :class:`UsageError` naming the file (and the line for YAML errors).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .volumes import parse_bool

SCALAR_KEYS = ("name", "hostname", "instance_type", "placement", "key_name", "key_file", "user",
               "private_ip_address", "instance_profile_arn", "subnet_id", "ami_id", "ami_name", "ami_owner")
LIST_KEYS = ("volume_size", "snap_id", "url_commands", "ressource", "ressources_dir", "variables",
             "security_groups")
BOOL_KEYS = ("elastic_ip",)
ALIASES = {"embedded_commands": "ressource", "resource": "ressource", "resources": "ressource",
           "resources_dir": "ressources_dir"}
PATH_KEYS = ("key_file",)
# Snake_case keys the 2017 tool passed on to RunInstances: where each one goes.
LEGACY = {
    "kernel_id": ("KernelId",),
    "ramdisk_id": ("RamdiskId",),
    "monitoring_enabled": ("Monitoring", "Enabled"),
    "disable_api_termination": ("DisableApiTermination",),
    "instance_initiated_shutdown_behavior": ("InstanceInitiatedShutdownBehavior",),
    "placement_group": ("Placement", "GroupName"),
    "tenancy": ("Placement", "Tenancy"),
    "ebs_optimized": ("EbsOptimized",),
    "client_token": ("ClientToken",),
    "additional_info": ("AdditionalInfo",),
}
LEGACY_BOOLS = ("monitoring_enabled", "disable_api_termination", "ebs_optimized")
REFUSED = {
    "min_count": "ami run launches exactly one instance",
    "max_count": "ami run launches exactly one instance",
    "dry_run": "use oscmd --dry-run",
}
# RunInstances parameters oscmd sets itself: where to give them instead.
MANAGED = {
    "ImageId": "ami_id or ami_name (or ami -i/-n)",
    "InstanceType": "instance_type (or -t)",
    "KeyName": "key_name (or -k)",
    "UserData": "variables, hostname, local_facts, url_commands and ressource",
    "MinCount": "nothing: ami run launches exactly one instance",
    "MaxCount": "nothing: ami run launches exactly one instance",
    "DryRun": "oscmd --dry-run",
    "SecurityGroups": "security_groups (or -S)",
    "SecurityGroupIds": "security_groups (or -S)",
    "SubnetId": "subnet_id (or --subnet-id)",
    "PrivateIpAddress": "private_ip_address (or -I)",
    "IamInstanceProfile": "instance_profile_arn (or -P)",
    # a launch template brings a key pair, groups, a subnet and user data that oscmd would neither show nor check
    "LaunchTemplate": "the launch template's settings as template keys",
}
KNOWN = sorted({*SCALAR_KEYS, *LIST_KEYS, *BOOL_KEYS, *ALIASES, *LEGACY, *REFUSED, "local_facts",
                "run_instances", "security_group_ids", "instance_profile_name", "associate_public_ip_address"})


@dataclass
class Template:
    """A loaded template: option values by dest, facts, tags and RunInstances pass-through."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    run_instances: dict[str, Any] = field(default_factory=dict)
    associate_public_ip: bool | None = None

    def error(self, text: str) -> UsageError:
        return UsageError(f"template {self.path}: {text}")


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key, KNOWN, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def scalar_text(value: Any) -> str:
    """A YAML scalar as text (booleans in lower case, as they were written)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def fact_value(value: Any) -> str:
    """A fact value: a scalar as is, a list comma-joined."""
    if isinstance(value, list):
        return ",".join(scalar_text(v) for v in value)
    return scalar_text(value)


TEMPLATE_LIMIT = 1 << 20


def read_yaml(path: Path, shown: str) -> Any:
    """Parse the file; errors are one line naming the file (and the line)."""
    import yaml

    from ..fileio import read_regular

    try:  # a regular file of at most 1 MiB: a FIFO or a device named as a template neither hangs nor floods
        text = read_regular(path, limit=TEMPLATE_LIMIT, follow=True).decode("utf-8")
    except FileNotFoundError:
        raise UsageError(f"template {shown}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"template {shown}: cannot read it: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        problem = exc.problem or exc.context or "syntax error"
        raise UsageError(f"template {where}: malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"template {shown}: malformed YAML: {exc}") from None


def load_template(shown: str, expand: Callable[[str], Path]) -> Template:
    """Load and check the template named ``shown`` (``~`` expanded with ``expand``)."""
    path = expand(shown)
    data = read_yaml(path, shown)
    template = Template(path=Path(shown))
    if data is None:
        return template
    if not isinstance(data, dict):
        raise template.error(f"expected a mapping of keys to values, not a {type(data).__name__}")
    base = path.parent

    def local(raw: str) -> str:
        expanded = expand(raw)
        return str(expanded if expanded.is_absolute() else base / expanded)

    legacy: list[tuple[str, Any]] = []
    seen: dict[str, str] = {}
    for raw_key, value in data.items():
        if not isinstance(raw_key, str):
            raise template.error(f"key {raw_key!r} is not a name")
        key = ALIASES.get(raw_key, raw_key)
        if key in seen:
            raise template.error(f"'{seen[key]}' and '{raw_key}' are the same key; give one of them")
        seen[key] = raw_key
        if key.startswith("tag:"):
            _tag(template, key, value)
        elif key in SCALAR_KEYS:
            if value is not None:
                _check_scalar(template, raw_key, value)
                text = scalar_text(value)
                template.values[key] = local(text) if key in PATH_KEYS else text
        elif key in LIST_KEYS:
            items = _as_list(template, raw_key, value)
            if key == "ressources_dir":
                items = [_resource_dir(template, local(item), expand("~")) for item in items]
            if key == "ressource":
                for item in items:
                    _plain_resource(template, item)
            template.values[key] = items
        elif key in BOOL_KEYS:
            template.values[key] = _as_bool(template, raw_key, value)
        elif key == "local_facts":
            template.facts = _facts(template, value)
        elif key == "run_instances":
            if value is not None:
                if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                    raise template.error("run_instances must be a mapping of RunInstances parameters")
                template.run_instances.update(value)
        elif key in REFUSED:
            raise template.error(f"key '{raw_key}' is not supported: {REFUSED[key]}")
        elif key in LEGACY or key in ("security_group_ids", "instance_profile_name", "associate_public_ip_address"):
            legacy.append((key, value))
        else:
            raise template.error(f"unknown key '{raw_key}'{_suggest(raw_key)}")
    check_run_instances(template)
    for key, value in legacy:
        _legacy(template, key, value)
    return template


def _tag(template: Template, key: str, value: Any) -> None:
    name = key[4:].strip()
    if not name:
        raise template.error(f"'{key}': the tag key is empty")
    if value is None or not _is_scalar(value):
        raise template.error(f"'{key}': a tag value must be a single value")
    template.tags[name] = scalar_text(value)


def _check_scalar(template: Template, key: str, value: Any) -> None:
    if not _is_scalar(value):
        raise template.error(f"'{key}' must be a single value, not a {type(value).__name__}")


def _as_list(template: Template, key: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if key == "variables" and isinstance(value, dict):
        return [f"{k}={scalar_text(v)}" for k, v in value.items()]
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not _is_scalar(item):
            raise template.error(f"'{key}' must be a list of values; one item is a {type(item).__name__}")
    if key == "volume_size":
        return [item if isinstance(item, int | float) and not isinstance(item, bool) else scalar_text(item)
                for item in items]
    return [scalar_text(item) for item in items]


def _as_bool(template: Template, key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str | int):
        return parse_bool(str(value), f"template {template.path}: '{key}'")
    raise template.error(f"'{key}' must be true or false")


def _facts(template: Template, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise template.error("local_facts must be a mapping of fact names to values")
    facts: dict[str, str] = {}
    for name, fact in value.items():
        items = fact if isinstance(fact, list) else [fact]
        if fact is None or not all(_is_scalar(item) for item in items):
            raise template.error(f"local_facts: '{name}' must be a value or a list of values")
        facts[scalar_text(name)] = fact_value(fact)
    return facts


def check_run_instances(template: Template) -> None:
    """Refuse parameters oscmd sets itself and names RunInstances does not know."""
    if not template.run_instances:
        return
    for key in template.run_instances:
        if key in MANAGED:
            raise template.error(f"run_instances: {key} is set by oscmd; give {MANAGED[key]} instead")
    members = run_instances_members()
    for key in template.run_instances:
        if key not in members:
            close = difflib.get_close_matches(key, members, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise template.error(f"run_instances: unknown RunInstances parameter '{key}'{hint}")


def _plain_resource(template: Template, item: str) -> None:
    """A template names its resources by plain file name: never a path to any file of the operator's."""
    name = item.split(";", 1)[0].strip()
    if "/" in name or "\\" in name or name.startswith((".", "~")):
        raise template.error(f"ressource '{item}': a template names a resource by its file name alone, found in "
                             "ressources_dir or the built-in directory (give a path with -r on the command line)")


SECRET_DIRS = (".ssh", ".aws", ".gnupg", ".kube", ".docker", ".password-store", ".azure", ".oci")


def _resource_dir(template: Template, directory: str, home: Path) -> str:
    """A template's resource directory, refused when it is the home directory or one that holds keys."""
    path, home = Path(os.path.realpath(directory)), Path(os.path.realpath(home))  # '..' and '//' undone first
    inside = path.relative_to(home).parts if path.is_relative_to(home) else None
    if inside is not None and (not inside or inside[0] in SECRET_DIRS):
        raise template.error(f"ressources_dir '{directory}': your home directory and {', '.join(SECRET_DIRS)} "
                             "hold keys and credentials, not resources")
    return directory


def run_instances_members() -> list[str]:
    """The parameter names of RunInstances, from botocore's service model."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("ec2")
    return list(model.operation_model("RunInstances").input_shape.members)


def _legacy(template: Template, key: str, value: Any) -> None:
    if value is None:
        return
    if key == "security_group_ids":
        template.values["security_groups"] = [
            *template.values.get("security_groups", []), *_as_list(template, key, value)]
        return
    if key == "instance_profile_name":
        if template.values.get("instance_profile_arn"):
            raise template.error("give instance_profile_arn or instance_profile_name, not both")
        _check_scalar(template, key, value)
        template.values["instance_profile_arn"] = scalar_text(value)
        return
    if key == "associate_public_ip_address":
        template.associate_public_ip = _as_bool(template, key, value)
        return
    if key in LEGACY_BOOLS:
        value = _as_bool(template, key, value)
    else:
        _check_scalar(template, key, value)
    path = LEGACY[key]
    target = template.run_instances
    for part in path[:-1]:
        inner = target.setdefault(part, {})
        if not isinstance(inner, dict):
            raise template.error(f"'{key}' and run_instances {part} conflict")
        target = inner
    if path[-1] in target:
        raise template.error(f"'{key}' and run_instances {'.'.join(path)} set the same thing; give one")
    target[path[-1]] = value


def merge_facts(template_facts: Mapping[str, str], cli_pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Template facts, overridden key by key by ``-F KEY VALUE`` (repeated keys are comma-joined)."""
    cli: dict[str, list[str]] = {}
    for key, value in cli_pairs:
        cli.setdefault(key, []).append(value)
    merged = dict(template_facts)
    for key, values in cli.items():
        merged[key] = ",".join(values)
    return merged
