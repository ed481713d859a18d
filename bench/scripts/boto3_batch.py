"""The raw boto3 loop the batch benchmark compares one ``oscmd`` process with.

``python boto3_batch.py ENDPOINT PLAN.json`` builds one EC2 client and, for
each step of the plan, makes the same API calls ``oscmd`` makes for the
matching script line, printing a line per object or the object's JSON for a
dump: ``["instance_list"]`` pages through DescribeInstances,
``["instance_dump", ID]`` describes one instance, ``["volume_list"]`` pages
through DescribeVolumes and ``["volume_create", NAME, ZONE]`` creates a 1 GiB
gp3 volume with a Name tag.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import boto3


def name_of(item: dict[str, Any]) -> str:
    for tag in item.get("Tags") or ():
        if tag.get("Key") == "Name":
            return str(tag.get("Value") or "")
    return ""


def main() -> int:
    ec2 = boto3.client("ec2", endpoint_url=sys.argv[1])  # noqa: TID251 - the raw boto3 reference program
    with open(sys.argv[2], encoding="utf-8") as fh:
        plan = json.load(fh)
    out = sys.stdout
    for step in plan:
        op = step[0]
        if op == "instance_list":
            for page in ec2.get_paginator("describe_instances").paginate():
                for reservation in page["Reservations"]:
                    for inst in reservation["Instances"]:
                        out.write(f"{inst['InstanceId']} {name_of(inst)}\n")
        elif op == "instance_dump":
            answer = ec2.describe_instances(InstanceIds=[step[1]])
            for reservation in answer["Reservations"]:
                for inst in reservation["Instances"]:
                    out.write(json.dumps(inst, default=str, indent=1) + "\n")
        elif op == "volume_list":
            for page in ec2.get_paginator("describe_volumes").paginate():
                for vol in page["Volumes"]:
                    out.write(f"{vol['VolumeId']} {name_of(vol)}\n")
        elif op == "volume_create":
            answer = ec2.create_volume(
                Size=1, AvailabilityZone=step[2], VolumeType="gp3",
                TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": step[1]}]}],
            )
            out.write(f"created volume {answer['VolumeId']}\n")
        else:
            raise SystemExit(f"unknown step {op!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
