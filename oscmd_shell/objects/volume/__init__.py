"""The ``volume`` object: EBS volumes, identified by id or Name tag, and their verbs."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, ident_id, ident_name, list_verb

HANDLERS = "oscmd_shell.objects.volume.handlers"

SPEC = ObjectSpec(
    name="volume",
    help="EBS volumes",
    kind="volume",
    options=(ident_id("volume", "volume id (vol-...)"), ident_name("volume", "value of the Name tag"),
             filter_option("volume")),
    verbs=(
        dump_verb("volume", "volume"),
        list_verb("volume", "volume"),
        exist_verb("volume"),
        Verb("summary", "number of volumes and their total size in GiB", f"{HANDLERS}:summary", target="none",
             read=True),
        Verb("create", "create a volume", f"{HANDLERS}:create", target="none",
             options=(
                 Option(("-s", "--size"), "size", "size in GiB (not needed with --snapshot)", type="int"),
                 Option(("-z", "--zone"), "zone", "availability zone (default: root -z, else the region's first)",
                        values="zone"),
                 Option(("-n", "--name"), "name", "Name tag"),
                 Option(("-t", "--type"), "volume_type",
                        "volume type (default: the cloud's own)",
                        values="volume_type", config="volume.type"),
                 Option(("--iops",), "iops", "provisioned IOPS (io1/io2/gp3)", type="int"),
                 Option(("--throughput",), "throughput", "throughput in MiB/s (gp3)", type="int"),
                 Option(("--encrypted",), "encrypted", "encrypt the volume", arity=0),
                 Option(("--snapshot",), "snapshot", "create from this snapshot", values="snapshot:id",
                        metavar="SNAPID"),
                 Option(("-w", "--wait"), "wait", "wait until available", arity=0),
             ),
             mutates=("volume",)),
        Verb("attach", "attach the volume to an instance (-i/-n identify the instance)", f"{HANDLERS}:attach",
             options=(Option(("-i", "--id"), "instance_id", "instance id", values="instance:id",
                             metavar="INSTID"),
                      Option(("-n", "--name"), "instance_name", "instance Name tag", values="instance:name",
                             metavar="NAME"),
                      Option(("-d", "--device"), "device", "device name (default: next free from /dev/sdf)",
                             metavar="DEV"),
                      Option(("-w", "--wait"), "wait", "wait until attached", arity=0)),
             mutates=("volume", "instance")),
        Verb("detach", "detach the volume from its instance", f"{HANDLERS}:detach",
             options=(Option(("-f", "--forced", "--force"), "forced", "force the detach", arity=0),
                      Option(("-w", "--wait"), "wait", "wait until available", arity=0)),
             mutates=("volume", "instance")),
        Verb("delete", "delete the volume", f"{HANDLERS}:delete", destructive=True, mutates=("volume",),
             description=YES_NOTE),
    ),
)
