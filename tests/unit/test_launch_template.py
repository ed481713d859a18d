"""``ami run -T`` templates: loading, checking, and the merge with the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.errors import UsageError
from oscmd_shell.launch.options import gather, properties
from oscmd_shell.launch.template import load_template, merge_facts


def expand(path: str) -> Path:
    return Path(path).expanduser()


def write(tmp_path: Path, text: str, name: str = "server.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def args(**values: Any) -> dict[str, Any]:
    """Verb arguments as the parser leaves them (lists empty, flags false), with ``values`` on top."""
    base: dict[str, Any] = {
        "name": None, "hostname": None, "instance_type": None, "placement": None, "key_name": None,
        "key_file": None, "user": None, "volume_size": [], "snap_id": [], "url_commands": [], "ressource": [],
        "ressources_dir": [], "variables": [], "security_groups": [], "elastic_ip": False,
        "private_ip_address": None, "instance_profile_arn": None, "subnet_id": None, "local_facts": [],
        "template": None,
    }
    base.update(values)
    return base


def test_template_fills_what_the_command_line_left_unset(tmp_path: Path) -> None:
    path = write(tmp_path, "instance_type: m5.large\nsecurity_groups: [web, ssh]\nvolume_size: [50, '1T,type=gp3']\n"
                           "elastic_ip: true\nkey_name: deploy\nami_name: some-image\n")
    opts = gather(args(template=path), set(), expand)
    assert opts.instance_type == "m5.large"
    assert opts.security_groups == ["web", "ssh"]
    assert opts.volume_size == [50, "1T,type=gp3"]
    assert opts.elastic_ip is True
    assert opts.key_name == "deploy"
    assert opts.ami_name == "some-image"
    assert opts.template == Path(path)


def test_the_command_line_wins_for_every_key(tmp_path: Path) -> None:
    path = write(tmp_path, "instance_type: m5.large\nsecurity_groups: [web, ssh]\nname: fromtemplate\n"
                           "variables: [a=1]\n")
    cli = args(template=path, instance_type="t3.nano", security_groups=["db"], name="cli", variables=["b=2"])
    opts = gather(cli, {"instance_type", "security_groups", "name", "variables"}, expand)
    assert opts.instance_type == "t3.nano"
    assert opts.security_groups == ["db"]  # replaced, not merged
    assert opts.name == "cli"
    assert opts.variables == ["b=2"]


def test_the_template_wins_over_configuration_defaults(tmp_path: Path) -> None:
    # key_name came from [Credentials] key_name (not given on the command line).
    path = write(tmp_path, "key_name: fromtemplate\n")
    assert gather(args(template=path, key_name="fromconfig"), set(), expand).key_name == "fromtemplate"
    assert gather(args(key_name="fromconfig"), set(), expand).key_name == "fromconfig"


def test_default_instance_type() -> None:
    assert gather(args(), set(), expand).instance_type == "t3.micro"


def test_scalars_become_one_element_lists(tmp_path: Path) -> None:
    path = write(tmp_path, "security_groups: web\nsnap_id: snap-1\nembedded_commands: puppetize\n"
                           "volume_size: 20\nurl_commands: http://h/x\n")
    opts = gather(args(template=path), set(), expand)
    assert opts.security_groups == ["web"]
    assert opts.snap_id == ["snap-1"]
    assert opts.ressource == ["puppetize"]  # embedded_commands is an alias
    assert opts.volume_size == [20]
    assert opts.url_commands == ["http://h/x"]


def test_facts_merge_key_by_key(tmp_path: Path) -> None:
    path = write(tmp_path, "local_facts:\n  role: web\n  env: prod\n  zones: [a, b]\n  debug: false\n")
    opts = gather(args(template=path, local_facts=[("role", "db"), ("role", "cache"), ("new", "x")]),
                  {"local_facts"}, expand)
    assert opts.facts == {"role": "db,cache", "env": "prod", "zones": "a,b", "debug": "false", "new": "x"}


def test_scalar_facts_are_single_values(tmp_path: Path) -> None:
    path = write(tmp_path, "local_facts:\n  role: web\n  port: 8140\n")
    assert gather(args(template=path), set(), expand).facts == {"role": "web", "port": "8140"}


def test_merge_facts_without_template() -> None:
    assert merge_facts({}, [("a", "1"), ("a", "2")]) == {"a": "1,2"}


def test_tags_and_pass_through(tmp_path: Path) -> None:
    path = write(tmp_path, "tag:project: apollo\ntag:creator: ops\nrun_instances:\n  DisableApiTermination: true\n"
                           "  Monitoring: {Enabled: true}\nplacement_group: grp\nebs_optimized: 'yes'\n")
    template = load_template(path, expand)
    assert template.tags == {"project": "apollo", "creator": "ops"}
    assert template.run_instances == {
        "DisableApiTermination": True, "Monitoring": {"Enabled": True},
        "Placement": {"GroupName": "grp"}, "EbsOptimized": True,
    }


def test_legacy_keys_with_their_own_meaning(tmp_path: Path) -> None:
    path = write(tmp_path, "security_groups: [web]\nsecurity_group_ids: [sg-1]\ninstance_profile_name: prof\n"
                           "associate_public_ip_address: true\n")
    opts = gather(args(template=path), set(), expand)
    assert opts.security_groups == ["web", "sg-1"]
    assert opts.instance_profile == "prof"
    assert opts.associate_public_ip is True


def test_relative_paths_are_read_from_the_template_directory(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    path = write(tmp_path / "t", "ressources_dir: [res, /abs]\nkey_file: keys/id.pem\n")
    opts = gather(args(template=path), set(), expand)
    assert opts.ressources_dir == [str(tmp_path / "t" / "res"), "/abs"]
    assert opts.key_file == str(tmp_path / "t" / "keys" / "id.pem")


def test_variables_as_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "variables:\n  puppetmaster: pm:8141\n  b: 2\nvolume_size: [10, 20]\n")
    opts = gather(args(template=path), set(), expand)
    assert properties(opts) == {"volumes": "/dev/sdf /dev/sdg", "puppetmaster": "pm:8141", "b": "2"}


def test_an_empty_template_is_no_template(tmp_path: Path) -> None:
    opts = gather(args(template=write(tmp_path, "")), set(), expand)
    assert opts.instance_type == "t3.micro" and opts.tags == {} and opts.run_instances == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("instance_typ: m5.large\n", r"server\.yaml: unknown key 'instance_typ' \(did you mean 'instance_type'\?\)"),
        ("frobnicate: 1\n", r"server\.yaml: unknown key 'frobnicate'$"),
        ("- a\n- b\n", "expected a mapping of keys to values, not a list"),
        ("name: [a, b]\n", "'name' must be a single value"),
        ("security_groups: [{a: 1}]\n", "'security_groups' must be a list of values"),
        ("local_facts: [a]\n", "local_facts must be a mapping"),
        ("local_facts: {a: {b: 1}}\n", "local_facts: 'a' must be a value"),
        ("elastic_ip: perhaps\n", "expected true or false"),
        ("tag:: x\n", "the tag key is empty"),
        ("tag:a: [1]\n", "a tag value must be a single value"),
        ("min_count: 2\n", "exactly one instance"),
        ("dry_run: true\n", "oscmd --dry-run"),
        ("embedded_commands: [a]\nressource: [b]\n", "'embedded_commands' and 'ressource' are the same key"),
        ("run_instances:\n  Frobnicate: 1\n", "run_instances: unknown RunInstances parameter 'Frobnicate'"),
        ("run_instances:\n  Monitorin: {}\n", r"did you mean 'Monitoring'\?"),
        ("run_instances:\n  UserData: x\n", "UserData is set by oscmd"),
        ("run_instances:\n  MaxCount: 3\n", "MaxCount is set by oscmd"),
        ("run_instances: [a]\n", "run_instances must be a mapping"),
        ("placement_group: a\nrun_instances:\n  Placement: {GroupName: b}\n", "set the same thing"),
        ("instance_profile_arn: a\ninstance_profile_name: b\n", "not both"),
        ("run_instances:\n  LaunchTemplate: {LaunchTemplateName: base}\n", "LaunchTemplate is set by oscmd"),
        ("ressource: [.aws/credentials]\n", "names a resource by its file name alone"),
        ("ressource: [/etc/shadow]\n", "names a resource by its file name alone"),
        ("ressource: [.netrc]\n", "names a resource by its file name alone"),
        ("ressources_dir: ['~']\n", "hold keys and credentials, not resources"),
        ("ressources_dir: [~/.ssh]\n", "hold keys and credentials, not resources"),
    ],
)
def test_template_errors_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UsageError, match=message) as caught:
        load_template(path, expand)
    assert caught.value.message.startswith(f"template {path}")


def test_a_template_resource_directory_cannot_climb_into_the_keys(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".ssh").mkdir()
    (tmp_path / "proj" / "x").mkdir(parents=True)
    for directory in ("../../.ssh", "//" + str(tmp_path / ".ssh").lstrip("/"), "../..", "."):
        path = write(tmp_path / "proj" / "x", f"ressources_dir: ['{directory}']\nressource: [id_rsa]\n")
        if directory == ".":
            assert load_template(path, expand).values["ressources_dir"]  # the template's own directory is fine
            continue
        with pytest.raises(UsageError, match="hold keys and credentials, not resources"):
            load_template(path, expand)


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: web\ninstance_type: t3.micro\nsecurity_groups: [web\nkey_name: k\n")
    with pytest.raises(UsageError) as caught:
        load_template(path, expand)
    message = caught.value.message
    assert message.startswith(f"template {path}:4: malformed YAML")
    assert "\n" not in message


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_template(str(tmp_path / "nope.yaml"), expand)
