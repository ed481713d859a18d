"""The ``ami`` object: images, identified by id, AMI name or self, and their verbs."""

from __future__ import annotations

from dataclasses import replace

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, ident_id, ident_self, list_verb

HANDLERS = "oscmd_shell.objects.ami.handlers"

USERS = Option(("-u", "--users"), "users",
               "account id; given on the command line it replaces [ami] share_users instead of adding to it",
               repeat=True, config="ami.share_users", metavar="ACCOUNT")


def _owner_options() -> tuple[Option, ...]:
    return (
        Option(("-o", "--owner"), "owner", "owner account id, 'self' or 'amazon' (default: [ami] owner, "
               "else your own images)", config="ami.owner", metavar="ACCOUNT"),
        Option(("-O", "--noowner"), "noowner", "no owner filter (every image you can see: slow on AWS)",
               arity=0),
    )


OWNER_NOTE = (
    "Without -i/-n/ids only the images of one owner are shown: -o, else [ami] owner, else your own (self); "
    "-O shows every image you can see. A name (-n) selects among trusted owners only: your own images and "
    "[ami] owner's, or the owners given with -o (before or after the verb); with -O it lists every image of "
    "exactly that name, whoever owns it. Ids (-i, positionals) are shown whoever owns them, unless -o is given."
)


def _run_options() -> tuple[Option, ...]:
    return (
        Option(("-n", "--name"), "name", "instance name (Name tag); volumes are named NAME/sdX"),
        Option(("-s", "--volume_size", "--volume-size"), "volume_size",
               "extra volume SIZE[K|M|G|T][,type=gp3][,iops=N][,throughput=N][,encrypted]"
               "[,delete_on_termination=BOOL]; binary units, GiB by default, at least 1 GiB; iops implies io1 "
               "and EBS optimisation; volumes outlive the instance unless delete_on_termination",
               repeat=True, metavar="SPEC"),
        Option(("-i", "--snap_id", "--snap-id"), "snap_id", "extra volume from this snapshot (id or Name)",
               repeat=True, values="snapshot:id", metavar="SNAPID"),
        Option(("-U", "--url"), "url_commands", "https URL the instance fetches and processes",
               repeat=True, metavar="URL", sensitive=True),
        Option(("--allow-http-include",), "allow_http_include",
               "accept plain http -U URLs (anyone on the path could change what runs as root)", arity=0),
        Option(("-t", "--instance-type", "--instance_type"), "instance_type",
               "instance type (t3.micro unless configured)",
               config="ami.instance_type", values="instance_type", metavar="TYPE"),
        Option(("-p", "--placement"), "placement", "availability zone (default: root -z)", values="zone",
               metavar="ZONE"),
        Option(("-S", "--security_groups", "--security-group"), "security_groups",
               "security group name or id", repeat=True, values="group:name", metavar="GROUP"),
        Option(("-u", "--user"), "user",
               "ssh user for the post-install and the hint (else guessed from the image name)",
               config="Credentials.user"),
        Option(("-k", "--key_name", "--key-name"), "key_name", "EC2 key pair", config="Credentials.key_name",
               values="keypair:name", metavar="KEYPAIR"),
        Option(("-f", "--key_file", "--key-file"), "key_file",
               "private key for the post-install (else ~/.ssh/KEYPAIR.pem)",
               config="Credentials.key_file", values="file", metavar="FILE"),
        Option(("-F", "--Fact", "--fact"), "local_facts", "static Facter fact KEY VALUE", arity=2,
               repeat=True, metavar="KEY VALUE", sensitive=True),
        Option(("-H", "--hostname"), "hostname", "hostname set at boot (also the Name when -n is absent)"),
        Option(("-T", "--template"), "template",
               "YAML template: option dest names (instance_type, security_groups...), ami_id or ami_name "
               "(and ami_owner), "
               "local_facts, tag:KEY, run_instances; the command line wins", values="file", metavar="FILE"),
        Option(("-V", "--variable"), "variables", "property NAME=VALUE for the instance's scripts",
               repeat=True, metavar="NAME=VALUE", sensitive=True),
        Option(("-r", "--ressource", "--resource"), "ressource", "embed this resource in the user data",
               repeat=True, values="resource", metavar="NAME"),
        Option(("-R", "--ressources_dir", "--resources-dir"), "ressources_dir",
               "extra resource directory, searched before the built-in one", repeat=True,
               values="dir", metavar="DIR"),
        Option(("-e", "--elastic_ip", "--elastic-ip"), "elastic_ip",
               "allocate an elastic IP, associate it and record it in the EIP tag", arity=0),
        Option(("-I", "--private_ip", "--private-ip"), "private_ip_address", "fixed private IP (VPC)",
               metavar="IP"),
        Option(("-P", "--profile"), "instance_profile_arn", "IAM instance profile ARN or name", metavar="PROFILE"),
        Option(("-N", "--notrun"), "notrun", "skip the post-install over ssh", arity=0),
        Option(("--subnet-id", "--subnet_id"), "subnet_id", "VPC subnet", metavar="SUBNET"),
        Option(("-w", "--wait"), "wait",
               "wait until running (default on a terminal, and with -e); the post-install needs it", arity=0),
        Option(("--no-wait",), "no_wait", "do not wait for running", arity=0),
        Option(("--show-user-data",), "show_user_data", "print the user data that would be sent; launch nothing",
               arity=0),
        Option(("--host",), "host", "post-install: connect to this host instead", metavar="HOST"),
        Option(("--port",), "port", "post-install: ssh port", type="port", default=22, config="ssh.port"),
        Option(("-J", "--jump"), "jump", "post-install: jump host [user@]host[:port]", config="ssh.jump"),
        Option(("--host-key-policy",), "host_key_policy", "post-install: unknown host keys",
               choices=("strict", "accept-new", "off"), default="accept-new", config="ssh.host_key_policy"),
        Option(("--upload-user-data",), "upload_user_data",
               "post-install: upload the bundle instead of reading the metadata service", arity=0),
        Option(("--root",), "root", "post-install: run the decoder inside this directory of the instance",
               metavar="DIR"),
    )


SPEC = ObjectSpec(
    name="ami",
    help="machine images (AMIs)",
    kind="image",
    options=(
        ident_id("image", "image id (ami-...)"),
        Option(("-n", "--name"), "name", "AMI name (the image's name attribute), exactly; only images of "
               "trusted owners: your own and [ami] owner's, or -o's", metavar="NAME", values="image:name"),
        ident_self("the image of the instance this command runs on"),
        Option(("-o", "--owner"), "owner", "trust these owners' images for -n instead of your own and "
               "[ami] owner's: account id, 'self' or 'amazon', comma-separated", metavar="ACCOUNT"),
        filter_option("image"),
    ),
    verbs=(
        Verb("run", "launch an instance from the image, with volumes, tags, user data and post-install",
             "oscmd_shell.launch.run:run", options=_run_options(), target="optional",
             mutates=("instance", "volume", "address")),
        replace(dump_verb("image", "image", handler=f"{HANDLERS}:dump", extra=_owner_options()),
                description=OWNER_NOTE),
        replace(list_verb("image", "image", handler=f"{HANDLERS}:list_", extra=_owner_options()),
                description=OWNER_NOTE),
        exist_verb("image"),
        Verb("share", "grant launch permission to accounts", f"{HANDLERS}:share", options=(USERS,),
             mutates=("image",), examples=("oscmd ami -n my-image share -u 111122223333 -u 444455556666",)),
        Verb("unshare", "revoke launch permission from accounts", f"{HANDLERS}:unshare", options=(USERS,),
             mutates=("image",)),
        Verb("make", "create an image from an instance (-i) or a volume (-v)", "oscmd_shell.objects.ami.make:make",
             target="none",
             description="-i: CreateImage; EC2 reboots a running instance for a consistent image unless "
                         "--no-reboot. -v: snapshot the volume, wait until the snapshot completes, then register "
                         "an image whose root device /dev/sda1 is that snapshot. The image is tagged with Name "
                         "and creator. -A on the command line implies -s. If a step fails, the error names what "
                         "was already created.",
             examples=("oscmd ami make -i web1 -n web-2026-11 --no-reboot -w",
                       "oscmd ami make -v data-root -n base-image -a x86_64 -s -A 111122223333"),
             options=(
                 Option(("-i", "--instance"), "instance", "instance id or Name", values="instance:id",
                        metavar="INSTANCE"),
                 Option(("-v", "--volume"), "volume", "volume id or Name (snapshot, then register)",
                        values="volume:id", metavar="VOLUME"),
                 Option(("-n", "--name"), "name", "image name", required=True),
                 Option(("-d", "--description"), "description", "image description"),
                 Option(("--no-reboot",), "no_reboot", "do not reboot the instance before imaging", arity=0),
                 Option(("-a", "--architecture"), "architecture", "architecture of a volume image",
                        choices=("x86_64", "arm64", "i386"), default="x86_64"),
                 Option(("-w", "--wait"), "wait", "wait until the image is available", arity=0),
                 Option(("-s", "--share"), "share", "share the new image with -A accounts", arity=0),
                 Option(("-A", "--shared_account", "--shared-account"), "shared_account",
                        "account to share with; given on the command line it replaces [ami] share_users",
                        repeat=True,
                        config="ami.share_users", metavar="ACCOUNT"),
             ),
             mutates=("image", "snapshot")),
        Verb("delete", "deregister the image (-d: and delete its snapshots)", f"{HANDLERS}:delete",
             options=(Option(("-d", "--delete_snapshot", "--delete-snapshot"), "delete_snapshot",
                             "also delete the image's snapshots", arity=0),),
             destructive=True, mutates=("image", "snapshot"),
             description="With -d the snapshots of the image's block-device mappings are recorded before it is "
                         "deregistered, then deleted one by one; each is reported. " + YES_NOTE.capitalize() + "."),
    ),
)
