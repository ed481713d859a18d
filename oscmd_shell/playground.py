"""``oscmd --local``: a built-in local EC2 endpoint with sample data.

Starts moto's EC2 server in-process on a random loopback port, seeds it with a
few named instances, volumes, a snapshot, an elastic IP, a security group, a
key pair and an image of your own, and points the session at it with throwaway
credentials, so every verb can be tried without an AWS account.  moto's id
generator is seeded first, so the sample objects have the same ids at every
start (those created later depend on how many requests came before them).  Needs the
``local`` extra (``pip install 'oscmd[local]'``).  The endpoint and its data
stay on this machine; the sample instances' addresses are not real, so the
verbs that connect to an instance (ssh, ping, post-install) refuse them and
accept only a loopback ``--host``.  The server's own logs (a request it
cannot serve, such as an unknown region, makes it log a traceback) are
dropped: they never reach the terminal.  Each run has a new port, so the
shell keeps one completion cache file for the playground, not one per run.
"""

from __future__ import annotations

import logging
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache.snapshot import account_hash
from .config import Settings
from .env import Env
from .errors import UsageError
from .redact import redact

AMIS = Path(__file__).resolve().parent / "data" / "amis.json"
REGION = "us-east-1"
PLAYGROUND_KEY = "playground"
#: moto draws its ids from one seeded generator: the sample data gets the same ids at every start.
ID_SEED = 2017
PLAYGROUND_ACCOUNT = account_hash(PLAYGROUND_KEY)  # how the completion cache tags the playground's files
#: The loggers of the local server (moto's Flask application, werkzeug's request log): never shown.
SERVER_LOGGERS = ("moto", "werkzeug", "flask", "flask.app")


def silence_server_logs() -> None:
    """Drop everything the local server logs (tracebacks of requests it cannot serve included)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
        logger.setLevel(logging.CRITICAL + 1)


@dataclass
class Playground:
    """A running local endpoint and how to reach it."""

    endpoint: str
    server: Any

    @classmethod
    def start(cls, env: Env, *, seed: bool = True) -> Playground:
        os.environ.setdefault("MOTO_AMIS_PATH", str(AMIS))
        try:
            from moto.server import ThreadedMotoServer
        except ImportError as exc:
            missing = f" (no module {exc.name})" if exc.name else ""
            raise UsageError(
                f"--local needs moto's EC2 server, which is not installed{missing}: "
                "install oscmd[local] (pip install 'oscmd[local]')"
            ) from None
        silence_server_logs()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        playground = cls(f"http://{host}:{port}", server)
        if seed:
            playground.seed()
        env.stderr.write(
            f"oscmd: local EC2 endpoint at {redact(playground.endpoint)} (region {REGION}, sample data kept on this "
            "machine; the sample instances' addresses are not real)\n"
        )
        env.stderr.flush()
        return playground

    def apply(self, settings: Settings) -> None:
        """Point the settings at the local endpoint, with throwaway credentials."""
        settings.endpoint = self.endpoint
        settings.region = settings.region or REGION
        settings.profile = None
        settings.access_key = PLAYGROUND_KEY
        settings.secret_key = PLAYGROUND_KEY
        settings.session_token = None
        settings.sources.update(endpoint="--local", region="--local")
        settings.local = True

    def client(self) -> Any:
        import boto3

        return boto3.client(  # noqa: TID251 - seeding the playground's own server
            "ec2", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=PLAYGROUND_KEY, aws_secret_access_key=PLAYGROUND_KEY,
        )

    def seed(self) -> None:
        """Create the sample data, with the same ids at every start (the README's tour shows them)."""
        req = urllib.request.Request(f"{self.endpoint}/moto-api/seed?a={ID_SEED}", method="POST", data=b"")
        urllib.request.urlopen(req, timeout=10).close()
        seed_sample_data(self.client())

    def stop(self) -> None:
        try:
            self.server.stop()
        except Exception:  # stopping a server that already died must not mask the real outcome
            pass



def _tags(kind: str, **tags: str) -> list[dict[str, Any]]:
    return [{"ResourceType": kind, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}]


def seed_sample_data(ec2: Any) -> dict[str, str]:
    """Create the sample objects; return their ids by name."""
    ids: dict[str, str] = {}
    ec2.create_key_pair(KeyName="demo")
    group = ec2.create_security_group(GroupName="web", Description="web servers")["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        ],
    )
    ids["web"] = group
    base = "ami-0a1b2c3d4e5f60001"
    for name, itype, zone in (("web1", "t3.small", "us-east-1a"), ("web2", "t3.small", "us-east-1b"),
                              ("db1", "m7i.large", "us-east-1a")):
        inst = ec2.run_instances(
            ImageId=base, MinCount=1, MaxCount=1, InstanceType=itype, KeyName="demo",
            SecurityGroupIds=[group], Placement={"AvailabilityZone": zone},
            TagSpecifications=_tags("instance", Name=name, creator="playground"),
        )["Instances"][0]
        ids[name] = inst["InstanceId"]
    ec2.stop_instances(InstanceIds=[ids["web2"]])
    data = ec2.create_volume(Size=50, AvailabilityZone="us-east-1a", VolumeType="gp3",
                             TagSpecifications=_tags("volume", Name="db1/data", creator="playground"))
    ids["db1/data"] = data["VolumeId"]
    ec2.attach_volume(VolumeId=data["VolumeId"], InstanceId=ids["db1"], Device="/dev/sdf")
    scratch = ec2.create_volume(Size=10, AvailabilityZone="us-east-1b",
                                TagSpecifications=_tags("volume", Name="scratch", creator="playground"))
    ids["scratch"] = scratch["VolumeId"]
    snap = ec2.create_snapshot(VolumeId=data["VolumeId"], Description="db1 data, nightly",
                               TagSpecifications=_tags("snapshot", Name="db1-data-nightly"))
    ids["db1-data-nightly"] = snap["SnapshotId"]
    eip = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=ids["web1"])
    ec2.create_tags(Resources=[ids["web1"]], Tags=[{"Key": "EIP", "Value": eip["PublicIp"]}])
    ids["eip"] = eip["PublicIp"]
    image = ec2.create_image(InstanceId=ids["web1"], Name="web-base-2026.11", Description="web server base image")
    ids["web-base-2026.11"] = image["ImageId"]
    return ids
