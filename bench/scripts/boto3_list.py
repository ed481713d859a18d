"""The minimal boto3 program the one-shot and scale benchmarks compare oscmd with.

``python boto3_list.py ENDPOINT``: build an EC2 client on ENDPOINT (credentials
and region from the environment), page through DescribeInstances and print one
instance id per line.
"""

from __future__ import annotations

import sys

import boto3


def main() -> int:
    ec2 = boto3.client("ec2", endpoint_url=sys.argv[1])  # noqa: TID251 - the raw boto3 reference program
    out = []
    for page in ec2.get_paginator("describe_instances").paginate():
        for reservation in page["Reservations"]:
            for instance in reservation["Instances"]:
                out.append(instance["InstanceId"])
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
