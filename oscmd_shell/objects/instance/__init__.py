"""The ``instance`` object: identification by id, Name tag or self, and its verbs."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Positional, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, ident_id, ident_name, ident_self, list_verb

HANDLERS = "oscmd_shell.objects.instance.handlers"
LIFECYCLE = "oscmd_shell.objects.instance.lifecycle"
REMOTE = "oscmd_shell.objects.instance.remote"

WAIT = Option(("-w", "--wait"), "wait", "wait until the instance is running", arity=0)
SSH_USER = Option(
    ("-u", "--user"), "user",
    "ssh login user (default: ~/.ssh/config's User, [Credentials] user, else guessed from the image)",
    config="Credentials.user",
)
SSH_KEY = Option(
    ("-f", "--key_file", "--key-file"), "key_file",
    "private key file (default: ~/.ssh/config's IdentityFile, [Credentials] key_file, ~/.ssh/KEYPAIR.pem, "
    "else the ssh-agent)",
    config="Credentials.key_file", values="file", metavar="FILE",
)
SSH_CONNECT = (
    Option(("--private",), "private", "connect to the private address", arity=0),
    Option(("--host",), "host", "connect to this host instead (a forwarded port, a VPN name)", metavar="HOST"),
    Option(("--port",), "port", "ssh port (else ~/.ssh/config's Port)", type="port", default=22,
           config="ssh.port"),
    Option(("-J", "--jump"), "jump", "jump host [user@]host[:port] (else ~/.ssh/config's ProxyJump)",
           config="ssh.jump", metavar="JUMP"),
    Option(
        ("--host-key-policy",), "host_key_policy",
        "what to do with unknown host keys (else ~/.ssh/config's StrictHostKeyChecking)",
        choices=("strict", "accept-new", "off"), default="accept-new", config="ssh.host_key_policy",
    ),
    Option(("--connect-timeout",), "connect_timeout",
           "seconds to wait for sshd to answer (default: 300 within 10 minutes of a launch or start, else "
           "no wait)", type="seconds", config="ssh.connect_timeout", metavar="SECONDS"),
)

SPEC = ObjectSpec(
    name="instance",
    help="EC2 instances (virtual machines)",
    kind="instance",
    options=(
        ident_id("instance", "instance id (i-...)"),
        ident_name("instance", "value of the Name tag"),
        ident_self("the instance this command runs on"),
        filter_option("instance"),
    ),
    verbs=(
        dump_verb("instance", "instance", handler="oscmd_shell.objects.instance.dump:dump"),
        list_verb("instance", "instance"),
        exist_verb("instance"),
        Verb("start", "start the instance; re-associates the address recorded in its EIP tag", f"{LIFECYCLE}:start",
             options=(WAIT,), mutates=("instance", "address"),
             description="An address that another instance (or network interface) holds is never taken: "
                         "the instance starts, and a warning says why the address was not re-associated."),
        Verb("stop", "stop the instance (-f: force, which is destructive)", f"{LIFECYCLE}:stop",
             options=(Option(("-f", "--forced", "--force"), "forced", "force the stop (like pulling the plug)",
                             arity=0),),
             destructive_if="forced", mutates=("instance",)),
        Verb("reboot", "reboot the instance", f"{LIFECYCLE}:reboot", mutates=("instance",)),
        Verb("terminate", "terminate the instance (-p: also its EIP and left-over volumes)", f"{LIFECYCLE}:terminate",
             options=(Option(("-p", "--purge"), "purge",
                             "also release the address of its EIP tag and delete its own volumes left behind",
                             arity=0),),
             destructive=True, mutates=("instance", "volume", "address"),
             description="-p releases the address named by the EIP tag only when this instance held it, or "
                         "when nothing holds it and no other instance's EIP tag claims it; otherwise it is "
                         "kept and a warning says why (anyone allowed to tag an instance can write an EIP "
                         "tag). " + YES_NOTE.capitalize() + "."),
        Verb("ssh", "open an ssh session, or run a command given after --", f"{REMOTE}:ssh",
             options=(SSH_USER, SSH_KEY, *SSH_CONNECT,
                      Option(("--openssh",), "openssh", "hand the session to the system's ssh client (agent "
                             "forwarding, ControlMaster, certificates from ~/.ssh/config); oscmd still chooses "
                             "the address, user, key and host key", arity=0, config="ssh.openssh")),
             positionals=(Positional("COMMAND", "remote command (after --)"),)),
        Verb("ping", "ping the instance (ICMP, else a TCP probe of port 22)", f"{REMOTE}:ping",
             options=(Option(("-c", "--count"), "count", "number of probes", type="int", default=4),
                      Option(("--private",), "private", "probe the private address", arity=0),
                      Option(("--host",), "host", "probe this host instead (a forwarded port, a VPN name)",
                             metavar="HOST"),
                      Option(("--port",), "port", "port of the TCP probe", type="port", default=22,
                             config="ssh.port")),
             positionals=(Positional("ARG", "extra arguments for ping (after --)"),)),
        Verb("console", "print the console output (-f: follow it)", f"{HANDLERS}:console",
             options=(Option(("-f", "--follow"), "follow", "keep printing new output until Ctrl-C", arity=0),
                      Option(("--interval",), "interval", "seconds between polls with -f", type="float",
                             default=5.0),
                      Option(("--raw",), "raw", "print control characters as received (escaped by default)",
                             arity=0)),
             description="Line ends (CR LF too) and tabs are kept; other control characters (ESC, a lone CR,\n"
                         "C1 and bidi controls) print as visible escapes such as \\x1b, so the console cannot\n"
                         "drive your terminal.  --raw prints them as received."),
        Verb("associate", "associate an elastic IP (-i, else the EIP tag) and record it in the EIP tag",
             f"{LIFECYCLE}:associate",
             description="An address associated with another instance (or network interface) is refused, "
                         "not moved: disassociate it first with 'eip -i IP disassociate'.",
             options=(Option(("-i", "--ip"), "ip", "elastic IP to associate", values="address:id",
                             metavar="IP"),),
             mutates=("instance", "address")),
        Verb("attach", "attach a volume (-i/-n identify the volume)", f"{LIFECYCLE}:attach",
             options=(Option(("-i", "--id"), "volume_id", "volume id", values="volume:id", metavar="VOLID"),
                      Option(("-n", "--name"), "volume_name", "volume Name tag", values="volume:name",
                             metavar="NAME"),
                      Option(("-d", "--device"), "device", "device name (default: next free from /dev/sdf)",
                             metavar="DEV")),
             mutates=("volume", "instance")),
        Verb("addvolume", "create a volume, attach it, and optionally grow an LVM volume with it",
             f"{REMOTE}:addvolume",
             options=(Option(("-n", "--name"), "name", "volume name (tagged INSTANCE/NAME)", required=True),
                      Option(("-s", "--size"), "size", "size in GiB", type="int", default=10),
                      Option(("-t", "--type"), "volume_type", "volume type", values="volume_type",
                             default="gp3"),
                      Option(("-m", "--mount"), "mount", "mount point of the LVM volume to extend", metavar="PATH"),
                      Option(("-d", "--deviceid"), "deviceid", "blkid token (LABEL=... or UUID=...) of the "
                             "LVM volume to extend", metavar="TOKEN"),
                      SSH_USER, SSH_KEY, *SSH_CONNECT),
             mutates=("volume", "instance")),
        Verb("summary", "counts per state and type, vCPUs and memory of running instances", f"{HANDLERS}:summary",
             target="none", read=True),
        Verb("offering", "instance types offered in the region or zone, with vCPUs and memory",
             f"{HANDLERS}:offering", target="none",
             options=(Option(("-z", "--zone"), "zone", "only types offered in this zone", values="zone"),
                      Option(("-f", "--family"), "family", "only this family (e.g. t3, m7i)"))),
        Verb("getwinpass", "decrypt the Windows administrator password with the key file", f"{HANDLERS}:getwinpass",
             options=(SSH_KEY,)),
        Verb("getrole", "show the instance's IAM instance profile and role", f"{HANDLERS}:getrole"),
    ),
)
