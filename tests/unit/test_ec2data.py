"""Instance types, volume types and regions: botocore's lists, generated and kept current, plus Outscale's.

``oscmd_shell/data/ec2.json`` is generated from botocore by ``python -m
oscmd_shell.shellcomp``.  The staleness test compares it with what the
installed botocore lists: equal, or (with an older botocore than the one
recorded) a superset.  With a newer botocore than the one recorded, the file is
not wrong, only behind: the test says so as an explicit skip (regenerate to
offer the new values), so a machine that installs a newer botocore never fails
the suite for a release it had no part in.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from oscmd_shell.complete import static
from oscmd_shell.shellcomp import botodata
from tests.support.runner import REPO

REGENERATE = "regenerate it with: python3 -m oscmd_shell.shellcomp"
LISTS = ("instance_types", "volume_types", "regions")


def test_the_committed_lists_are_the_installed_botocores() -> None:
    committed = json.loads(static.EC2_FILE.read_text(encoding="utf-8"))
    fresh = botodata.generate()
    recorded, installed = committed["botocore"], fresh["botocore"]
    for name in LISTS:
        if committed[name] == fresh[name]:
            continue
        new = sorted(set(fresh[name]) - set(committed[name]))
        if botodata.version_key(installed) < botodata.version_key(recorded):
            # An older botocore knows fewer values; it must not know values the file lacks.
            assert not new, f"botocore {installed} lists {name} missing from data/ec2.json: {new[:10]}"
            continue
        gone = sorted(set(committed[name]) - set(fresh[name]))
        if botodata.version_key(installed) > botodata.version_key(recorded):
            pytest.skip(f"data/ec2.json comes from botocore {recorded}; the installed {installed} adds {len(new)} "
                        f"{name} and drops {len(gone)}: {REGENERATE}")
        raise AssertionError(f"data/ec2.json ({name}) was generated from botocore {recorded}; botocore {installed} "
                             f"adds {len(new)} ({new[:5]}) and drops {len(gone)} ({gone[:5]}): {REGENERATE}")


def test_offered_values_are_botocores_plus_outscales() -> None:
    committed = json.loads(static.EC2_FILE.read_text(encoding="utf-8"))
    types = static.INSTANCE_TYPES
    assert types[: len(committed["instance_types"])] == tuple(committed["instance_types"])
    assert {"t3.micro", "m7i.large", "c7gn.16xlarge", "tinav5.c2r4p2", "tinav7.c16r64p3"} <= set(types)
    # Sizes that do not exist are not offered (m7i has no "medium"; t3 has no "metal").
    assert "m7i.medium" not in types and "t3.metal" not in types
    assert {"us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1", "cloudgouv-eu-west-1"} <= set(static.REGIONS)
    assert not any(r.endswith("-global") or r.startswith("us-iso") for r in static.REGIONS)
    assert len(static.REGIONS) == len(set(static.REGIONS))
    assert set(static.VOLUME_TYPES) >= {"gp3", "gp2", "io2", "st1", "sc1", "standard"}


def test_sizes_are_in_reading_order() -> None:
    t3 = [t for t in static.INSTANCE_TYPES if t.startswith("t3.")]
    assert t3 == ["t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge"]
    m7i = [t.split(".")[1] for t in static.INSTANCE_TYPES if t.startswith("m7i.")]
    assert m7i.index("2xlarge") < m7i.index("12xlarge") < m7i.index("48xlarge") < m7i.index("metal-24xl")


def test_a_file_from_a_newer_botocore_is_kept() -> None:
    newer = json.dumps({"botocore": "999.0.0", "instance_types": ["x9.huge"], "volume_types": [], "regions": []})
    text, note = botodata.refresh(newer)
    assert text is None and "999.0.0" in note and "older" in note
    text, _ = botodata.refresh(json.dumps({"botocore": "0.1.0"}))
    assert text is not None and json.loads(text)["botocore"] == botodata.botocore_version()


def test_completion_reads_the_lists_without_botocore() -> None:
    code = ("import sys; from oscmd_shell.complete import static; from oscmd_shell.shellcomp import model;"
            "assert 'tinav5.c1r1p1' in model.static_lists()['instance_type'];"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('botocore', 'boto3')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=60, check=False)
    assert (proc.returncode, proc.stdout) == (0, "[]\n"), proc.stderr


def test_the_committed_filter_names_are_the_installed_botocores() -> None:
    committed = json.loads(static.EC2_FILE.read_text(encoding="utf-8"))
    fresh = botodata.generate()
    if botodata.version_key(fresh["botocore"]) > botodata.version_key(committed["botocore"]):
        pytest.skip(f"data/ec2.json comes from botocore {committed['botocore']}: {REGENERATE}")
    for operation, names in fresh["filters"].items():
        assert set(names) <= set(committed["filters"][operation]), f"{operation}: {REGENERATE}"
    instances = set(committed["filters"]["describe_instances"])
    assert {"instance-state-name", "tag:", "tag-key", "instance-type"} <= instances
