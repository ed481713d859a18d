"""The journal's pure parts: what of a request is kept, how records read back, how a change is planned back.

No endpoint here: requests and answers are dicts as botocore hands them over,
records are bytes as the journal file holds them.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from oscmd_shell.journal.effects import effects
from oscmd_shell.journal.inverse import plan
from oscmd_shell.journal.params import essential
from oscmd_shell.journal.store import encode, parse

CANARY = "CANARY-e3b0c442"


def test_user_data_and_key_material_become_size_and_hash() -> None:
    document = f"#!/bin/sh\necho {CANARY}\n".encode()
    kept = essential("RunInstances", {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1,
                                      "UserData": base64.b64encode(document).decode(),
                                      "KeyName": "deploy", "DryRun": False})
    assert kept["UserData"] == {"bytes": len(document), "sha256": hashlib.sha256(document).hexdigest()}
    assert kept["ImageId"] == "ami-1" and "DryRun" not in kept
    material = f"ssh-ed25519 AAAAC3Nza {CANARY}".encode()
    imported = essential("ImportKeyPair", {"KeyName": "laptop", "PublicKeyMaterial": material})
    assert imported["PublicKeyMaterial"]["bytes"] == len(material)
    assert CANARY not in json.dumps([kept, imported])


def test_only_allowed_parameters_are_kept_and_the_others_only_named() -> None:
    kept = essential("ModifyInstanceAttribute", {"InstanceId": "i-1", "UserData": {"Value": CANARY.encode()},
                                                 "Attribute": "userData", "Value": CANARY})
    assert kept == {"InstanceId": "i-1", "omitted": ["Attribute", "UserData", "Value"]}
    nested = essential("RunInstances", {"BlockDeviceMappings": [
        {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 2, "KmsKeyId": CANARY}, "NoDevice": CANARY}]})
    assert nested == {"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 2}}]}
    redacted = essential("CreateTags", {"Resources": ["i-1"], "Tags": [{"Key": "url",
                                                                        "Value": f"https://h/?token={CANARY}"}]})
    assert CANARY not in json.dumps(redacted)


def test_effects_take_ids_and_drop_untrusted_values() -> None:
    answer = {"Instances": [{"InstanceId": "i-1", "BlockDeviceMappings": [
        {"DeviceName": "/dev/sdf", "Ebs": {"VolumeId": "vol-1", "DeleteOnTermination": False}}],
        "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1"}]}, {"InstanceId": "i-2\x1b[2J"}]}
    found = effects("RunInstances", {}, answer)
    assert found == {"created": [{"type": "instance", "id": "i-1", "volumes": [
        {"id": "vol-1", "device": "/dev/sdf", "delete_on_termination": False}], "interfaces": ["eni-1"]}]}
    key = effects("CreateKeyPair", {"KeyName": "deploy"}, {"KeyName": "deploy", "KeyPairId": "key-1",
                                                          "KeyMaterial": CANARY})
    assert key == {"created": [{"type": "keypair", "id": "deploy", "key_pair_id": "key-1"}]}


def record(**fields: Any) -> bytes:
    return encode({"change": "c1", **fields})


def test_records_read_back_as_changes_and_garbage_is_skipped() -> None:
    data = b"".join([
        record(kind="intent", object="volume", verb="create", region="r"),
        b"garbage\n", b"{\"kind\": \"intent\"}\n", b"[]\n",
        record(kind="call", seq=1, op="CreateVolume", params={"Size": 1}, before={}),
        encode({"kind": "intent", "change": "c2", "object": "eip"}),
        record(kind="result", seq=1, state="ok", created=[{"type": "volume", "id": "vol-1"}, {"id": 5}]),
        record(kind="result", seq=7, state="ok"),
        record(kind="outcome", result="ok", status=0),
    ])
    first, second = parse(data)
    assert (first.number, first.status, second.number, second.status) == (1, "ok", 2, "interrupted")
    [call] = first.calls
    assert call.state == "ok" and call.created() == [{"type": "volume", "id": "vol-1"}]
    assert not second.effective and first.effective


def change(*calls: tuple[str, dict[str, Any], dict[str, Any] | None, dict[str, Any]]) -> Any:
    lines = [record(kind="intent", object="x", verb="y")]
    for seq, (op, params, result, before) in enumerate(calls, start=1):
        lines.append(record(kind="call", seq=seq, op=op, params=params, before=before))
        if result is not None:
            lines.append(record(kind="result", seq=seq, **result))
    return parse(b"".join(lines))[0]


def test_what_a_change_made_and_removed_itself_cancels_out() -> None:
    made = change(("CreateKeyPair", {"KeyName": "k"}, {"state": "ok", "created": [{"type": "keypair", "id": "k"}]}, {}),
                  ("DeleteKeyPair", {"KeyName": "k"}, {"state": "ok", "removed": [{"type": "keypair", "id": "k"}]},
                   {}))
    steps = plan(made)
    assert steps.steps == [] and steps.irreversible == []


def test_deletions_are_irreversible_and_refused_calls_are_skipped() -> None:
    gone = change(("DeleteVolume", {"VolumeId": "vol-1"}, {"state": "ok", "removed": [{"type": "volume",
                                                                                       "id": "vol-1"}]}, {}),
                  ("CreateVolume", {"Size": 1}, {"state": "error", "error": "Denied"}, {}))
    steps = plan(gone)
    assert steps.irreversible == ["DeleteVolume vol-1: a deleted volume and its data are gone"]
    unknown = change(("ExportImage", {"ImageId": "ami-1"}, {"state": "ok"}, {}))
    assert plan(unknown).irreversible == ["ExportImage: oscmd knows no inverse of it"]


def test_calls_without_answer() -> None:
    created = change(("AllocateAddress", {"Domain": "vpc"}, None, {}))
    steps = plan(created)
    assert steps.steps == [] and steps.notes == [
        "AllocateAddress was sent but no answer came: an address it may have made is not known to the journal"]
    stopped = change(("StopInstances", {"InstanceIds": ["i-1"]}, None, {"states": {"i-1": "running"}}))
    [step] = plan(stopped).steps
    assert step.text == "start instance i-1"
    tags = change(("CreateTags", {"Resources": ["i-1"], "Tags": [{"Key": "EIP", "Value": "1.2.3.4"}]},
                   {"state": "unknown"}, {"unknown": "could not read the previous state (ClientError)"}))
    assert plan(tags).irreversible == ["CreateTags: the previous tag values were not read"]
