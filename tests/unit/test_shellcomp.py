"""The generated completion scripts and man page, and the ``oscmd __complete`` entry point."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oscmd_shell import __date__, __version__, registry, shellcomp
from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Entry, Identity, KindData, Snapshot
from oscmd_shell.cli import run
from oscmd_shell.complete.static import INSTANCE_TYPES, REGIONS
from oscmd_shell.env import Env
from oscmd_shell.errors import UsageError
from oscmd_shell.shellcomp import model
from oscmd_shell.shellcomp.values import run as complete_values
from tests.support.runner import without_coverage

REPO = Path(__file__).resolve().parents[2]
COMPLETIONS = REPO / "completions"
REGENERATE = "regenerate with: python -m oscmd_shell.shellcomp"


def env_for(home: Path, **environ: str) -> tuple[Env, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    base = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
    return Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={**base, **environ}), out, err


def save(home: Path, identity: Identity, kinds: dict[str, list[Entry]], when: float = 1000.0) -> None:
    snap = Snapshot(identity=identity, kinds={k: KindData.build(v, when) for k, v in kinds.items()})
    store.save(home / ".cache" / "oscmd", snap, when)


def values(home: Path, *args: str, **environ: str) -> list[tuple[str, str]]:
    env, out, err = env_for(home, **environ)
    assert complete_values(list(args), env) == 0, err.getvalue()
    return [tuple(line.split("\t", 1)) for line in out.getvalue().splitlines()]  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(shellcomp.documents()))
def test_committed_files_are_what_the_generator_prints(name: str) -> None:
    committed = (COMPLETIONS / name).read_text(encoding="utf-8")
    assert committed == shellcomp.documents()[name], f"completions/{name} is stale: {REGENERATE}"


def test_oscmd_completion_prints_the_scripts(tmp_path: Path) -> None:
    for shell, name in (("bash", "oscmd.bash"), ("zsh", "_oscmd"), ("fish", "oscmd.fish")):
        env, out, err = env_for(tmp_path)
        assert run(["completion", shell], env) == 0, err.getvalue()
        assert out.getvalue() == (COMPLETIONS / name).read_text(encoding="utf-8")
    for flag in ("-h", "--help"):
        env, out, err = env_for(tmp_path)
        assert run(["completion", flag], env) == 0, err.getvalue()
        assert out.getvalue().startswith("usage: oscmd completion bash|zsh|fish\n\n")
        assert "mkdir -p ~/.config/fish/completions\n" in out.getvalue()
    env, out, err = env_for(tmp_path)
    assert run(["completion", "bsh"], env) == 2
    assert "did you mean 'bash'" in err.getvalue()
    with pytest.raises(UsageError):
        shellcomp.generate("tcsh")


def registry_sources() -> set[str]:
    """Every ``values`` name the registry uses."""
    names: set[str] = set()
    for opt in registry.ROOT_OPTIONS:
        names.add(opt.values or "")
    for obj in registry.OBJECTS:
        names.update(o.values or "" for o in obj.options)
        for verb in obj.verbs:
            names.update(o.values or "" for o in verb.options)
            names.update(p.values or "" for p in verb.positionals)
    names.discard("")
    return names


def test_every_value_source_of_the_registry_is_known_to_the_scripts() -> None:
    unknown = sorted(v for v in registry_sources() if model.source_of(v).kind == "none")
    assert unknown == [], f"teach oscmd_shell/shellcomp/model.py these value sources: {unknown}"


def test_every_level_option_and_verb_is_in_every_script() -> None:
    scripts = {s: shellcomp.generate(s) for s in shellcomp.SHELLS}
    for obj in registry.OBJECTS:
        for verb in obj.verbs:
            for shell, text in scripts.items():
                assert f"{obj.name}/{verb.name}" in text, (shell, obj.name, verb.name)
                for opt in verb.options:
                    assert " ".join(opt.flags) + f"|{opt.arity}|{opt.dest}|" in text, (shell, verb.name, opt.flags)
    for opt in registry.ROOT_OPTIONS:
        assert all(" ".join(opt.flags) in text for text in scripts.values())


def test_static_lists_come_from_the_shared_tables() -> None:
    lists = model.static_lists()
    assert lists["instance_type"] == INSTANCE_TYPES and lists["region"] == REGIONS
    assert " ".join(INSTANCE_TYPES) in shellcomp.generate("bash")


def test_choices_that_a_script_cannot_hold_are_refused() -> None:
    with pytest.raises(ValueError):
        model.source_of(None, ("a b",))
    assert model.source_of("file").code == "file" and model.source_of("instance:name").code == "live:instance:name"
    assert model.source_of("instance_type").code == "@instance_type"
    assert model.source_of(None, ("json", "yaml")).code == "=json yaml"


def test_complete_reads_names_of_the_connection_the_line_names(tmp_path: Path) -> None:
    save(tmp_path, Identity.of(None, "us-east-1", "AKIDONE"),
         {"instance": [Entry("i-1", "web1", "running", "us-east-1a", "t3.micro"),
                       Entry("i-2", "Web two", "stopped", "us-east-1b", "t3.small")]})
    save(tmp_path, Identity.of("http://127.0.0.1:5000", "eu-west-1", "AKIDTWO"),
         {"instance": [Entry("i-9", "db9", "running", "eu-west-1a", "m7i.large")]}, when=2000.0)
    found = values(tmp_path, "instance:name", "w", "2", "-r", "us-east-1")
    assert [v for v, _ in found] == ["web1", "Web two"]
    assert found[0][1] == "i-1 running/us-east-1a t3.micro"
    assert values(tmp_path, "instance:id", "", "3", "-e", "127.0.0.1:5000", "--region=eu-west-1") == []
    local = values(tmp_path, "instance:id", "", "4", "-e", "http://127.0.0.1:5000", "-r", "eu-west-1")
    assert local == [("i-9", "db9 running/eu-west-1a m7i.large")]
    assert [v for v, _ in values(tmp_path, "instance:name", "", "0", AWS_DEFAULT_REGION="us-east-1")] == [
        "web1", "Web two"]
    assert [v for v, _ in values(tmp_path, "instance:name", "", "1", "--local")] == ["db9"]
    assert values(tmp_path, "instance:name", "", "2", "-r", "ap-south-1") == []


def test_complete_zones_profiles_and_resources(tmp_path: Path) -> None:
    save(tmp_path, Identity.of(None, "eu-west-3", "AKID"),
         {"zone": [Entry("eu-west-3a", "", "available", "", "eu-west-3")]})
    assert [v for v, _ in values(tmp_path, "zone", "", "2", "-r", "eu-west-3")] == ["eu-west-3a"]
    assert values(tmp_path, "zone", "", "2", "-r", "ca-central-1") == [
        ("ca-central-1a", "guessed"), ("ca-central-1b", "guessed"), ("ca-central-1c", "guessed")]
    aws = tmp_path / "aws"
    aws.mkdir()
    (aws / "config").write_text("[default]\nregion = us-east-1\n[profile prod]\nsso_session = x\n[sso-session x]\n")
    (aws / "credentials").write_text("[legacy]\naws_access_key_id = A\n")
    found = values(tmp_path, "profile", "", "0", AWS_CONFIG_FILE=str(aws / "config"),
                   AWS_SHARED_CREDENTIALS_FILE=str(aws / "credentials"))
    assert [v for v, _ in found] == ["default", "prod", "legacy"]
    extra = tmp_path / "res"
    extra.mkdir()
    (extra / "mine.sh").write_text("#!/bin/sh\n")
    names = [v for v, _ in values(tmp_path, "resource", "", "0", str(extra))]
    assert names == sorted(names) and {"mine.sh", "wrapvols", "puppetize", "cleaner", "extendvol"} <= set(names)


def test_complete_usage_errors_and_bad_connection_options(tmp_path: Path) -> None:
    env, _out, err = env_for(tmp_path)
    assert complete_values(["instance:id"], env) == 2 and "usage" in err.getvalue()
    save(tmp_path, Identity.of(None, "us-east-1", "K"), {"instance": [Entry("i-1", "a")]})
    # An option the line cannot parse selects no connection: every cached one may answer.
    assert values(tmp_path, "instance:id", "", "1", "--nope") == [("i-1", "a")]
    assert values(tmp_path, "nothing:id", "", "0") == [] and values(tmp_path, "volume_type", "", "0") == []


def test_the_entry_point_is_fast_and_imports_nothing_heavy(tmp_path: Path) -> None:
    save(tmp_path, Identity.of(None, "us-east-1", "K"),
         {"instance": [Entry(f"i-{n:05}", f"web{n}", "running", "us-east-1a", "t3.micro") for n in range(2000)]})
    environ = without_coverage({**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / ".cache"),
                                "AWS_DEFAULT_REGION": "us-east-1"})
    probe = ("import io, sys; from oscmd_shell.cli import run; from oscmd_shell.env import Env; "
             "quiet = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={}); "
             "[run(argv, quiet) for argv in (['completion', 'bash'], ['completion', 'zsh'], ['-h'], ['help'])]; "
             "status = run(['__complete', 'instance:name', 'web19', '0'], Env.from_process()); "
             "heavy = [m for m in ('boto3', 'botocore', 'paramiko', 'prompt_toolkit', 'moto', 'yaml') "
             "if m in sys.modules]; print('HEAVY', heavy, status, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    assert "HEAVY [] 0" in proc.stderr
    assert proc.stdout.splitlines()[0].startswith("web19\ti-00019")
    assert len(proc.stdout.splitlines()) == 111
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "oscmd_shell", "__complete", "instance:name", "web1", "0"],
                       capture_output=True, env=environ, check=True)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 1.0, timings


def test_generated_scripts_parse_in_their_shells(tmp_path: Path) -> None:
    for shell, name, check in (("bash", "oscmd.bash", ["bash", "-n"]), ("zsh", "_oscmd", ["zsh", "-n"]),
                               ("fish", "oscmd.fish", ["fish", "--no-execute"])):
        assert shutil.which(shell), f"{shell} is needed (tests/setup.sh installs it)"
        proc = subprocess.run([*check, str(COMPLETIONS / name)], capture_output=True, text=True)
        assert proc.returncode == 0, (shell, proc.stderr)


def test_man_page_covers_the_registry_and_renders(tmp_path: Path) -> None:
    page = (COMPLETIONS / "oscmd.1").read_text(encoding="utf-8")
    assert page.startswith(".TH OSCMD 1 ")
    for obj in registry.OBJECTS:
        assert f".SH {obj.name.upper()}\n" in page
        for verb in obj.verbs:
            assert f'.SS "{obj.name} {verb.name}"\n' in page
    for opt in registry.ROOT_OPTIONS:
        assert "\\fB" + opt.long.replace("-", "\\-") + "\\fR" in page
    for section in ("CONFIGURATION", "EXIT STATUS", "SHELL COMPLETION", "ENVIRONMENT", "FILES", "EXAMPLES",
                    "SEE ALSO"):
        assert f".SH {section}\n" in page
    # A fixed date (the version's), so the file is reproducible; no page that is not shipped is referred to.
    assert page.startswith(f'.TH OSCMD 1 "{__date__}" "oscmd {__version__}" "User Commands"\n')
    assert "oscmd\\-init\\fR(1)" not in page
    for variable in ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "OSCONFIG", "XDG_CACHE_HOME", "AWS_PROFILE"):
        assert f"\\fB{variable}\\fR" in page, variable
    assert not any(line.startswith(("'", ". ")) for line in page.splitlines())
    if shutil.which("man") and shutil.which("groff"):
        proc = subprocess.run(["man", "--warnings", "-l", str(COMPLETIONS / "oscmd.1")], capture_output=True,
                              text=True, env={**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat"})
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        assert "ami run" in proc.stdout and "EXIT STATUS" in proc.stdout


def test_man_page_examples_are_valid_command_lines() -> None:
    import shlex

    from oscmd_shell.parsing.command import parse_command
    from oscmd_shell.shellcomp.manpage import EXAMPLES

    for line, _text in EXAMPLES:
        words = shlex.split(line)
        assert words[0] == "oscmd"
        parse_command(words[1:])  # raises UsageError on a line oscmd would refuse


def test_the_version_date_is_the_changelogs_when_it_dates_the_version() -> None:
    import datetime
    import re

    datetime.date.fromisoformat(__date__)
    heading = re.search(rf"^## {re.escape(__version__)} \((.*)\)$", (REPO / "CHANGELOG.md").read_text(), re.M)
    assert heading is not None, f"CHANGELOG.md has no heading for {__version__}"
    assert heading.group(1) in ("unreleased", __date__), (
        f"CHANGELOG.md dates {__version__} {heading.group(1)}: set oscmd_shell.__date__ to it")


def test_regenerating_writes_every_file_and_the_readme_table(tmp_path: Path) -> None:
    from oscmd_shell.shellcomp.__main__ import main
    from oscmd_shell.shellcomp.readme import BEGIN, END, command_table

    target = tmp_path / "completions"
    (tmp_path / "README.md").write_text(f"# x\n\n{BEGIN}\nold\n{END}\n", encoding="utf-8")
    assert main(["--check", str(target)]) == 1
    assert main([str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(shellcomp.FILES.values())
    assert command_table() in (tmp_path / "README.md").read_text(encoding="utf-8")
    assert main(["--check", str(target)]) == 0


def test_the_committed_grammar_holds_the_registry_sorted_with_types_choices_and_required_marks() -> None:
    grammar = json.loads((COMPLETIONS / "grammar.json").read_text(encoding="utf-8"))
    assert [o["name"] for o in grammar["objects"]] == sorted(o.name for o in registry.OBJECTS)
    assert [c["name"] for c in grammar["commands"]] == sorted(c.name for c in registry.ROOT_COMMANDS)
    assert {tuple(o["flags"]) for o in grammar["options"]} == {o.flags for o in registry.ROOT_OPTIONS}
    output = next(o for o in grammar["options"] if "--output" in o["flags"])
    assert output["choices"] == list(next(o for o in registry.ROOT_OPTIONS if o.dest == "output").choices)
    [snapshot] = [o for o in grammar["objects"] if o["name"] == "snapshot"]
    verbs = [v["name"] for v in snapshot["verbs"]]
    assert verbs == sorted(verbs) and set(verbs) == set(registry.get_object("snapshot").verb_names)  # type: ignore[union-attr]
    [create] = [v for v in snapshot["verbs"] if v["name"] == "create"]
    volume = next(o for o in create["options"] if "--volume" in o["flags"])
    assert (volume["required"], volume["type"]) == (True, "str")
    assert not any(o["required"] for o in create["options"] if o is not volume)
    longs = [next((f for f in o["flags"] if f.startswith("--")), o["flags"][0]) for o in create["options"]]
    assert len(longs) > 1 and longs == sorted(longs)
    [undo] = [c for c in grammar["commands"] if c["name"] == "undo"]
    assert undo["connected"] is True and any("--dry-run" in o["flags"] for o in undo["options"])
