"""The minimal boto3 program the one-shot, scale and fleet benchmarks compare oscmd with.

``python boto3_list.py ENDPOINT [--stream]``: build an EC2 client on ENDPOINT
(credentials and region from the environment), page through DescribeInstances
and print one instance id per line: all at the end, or with ``--stream`` each
page's ids as soon as that page is parsed (the time to the first line is then
the time boto3 needs to get the first page).
"""

from __future__ import annotations

import sys

import boto3


def main() -> int:
    ec2 = boto3.client("ec2", endpoint_url=sys.argv[1])  # noqa: TID251 - the raw boto3 reference program
    stream = "--stream" in sys.argv[2:]
    out = []
    for page in ec2.get_paginator("describe_instances").paginate():
        for reservation in page["Reservations"]:
            for instance in reservation["Instances"]:
                out.append(instance["InstanceId"])
        if stream and out:
            sys.stdout.write("\n".join(out) + "\n")
            sys.stdout.flush()
            out = []
    if out:
        sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
