"""The ``keypair`` object: EC2 key pairs, identified by key name."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, list_verb

HANDLERS = "oscmd_shell.objects.keypair.handlers"

SPEC = ObjectSpec(
    name="keypair",
    help="EC2 key pairs",
    kind="keypair",
    options=(Option(("-i", "--id"), "id", "key name (or key pair id key-...)", metavar="KEY",
                    values="keypair:name"),
             Option(("-n", "--name"), "name", "key name", metavar="NAME", values="keypair:name"),
             filter_option("keypair")),
    verbs=(
        dump_verb("keypair", "key pair", handler=f"{HANDLERS}:dump"),
        list_verb("keypair", "key pair"),
        exist_verb("key pair"),
        Verb("create", "create a key pair and save its private key as DIR/NAME.pem (0600)", f"{HANDLERS}:create",
             target="none",
             options=(Option(("-n", "--name"), "name", "key name", required=True),
                      Option(("-o", "--output-directory", "--output_directory"), "output_directory",
                             "where to write NAME.pem", default="~/.ssh", values="dir", metavar="DIR"),
                      Option(("-t", "--type"), "key_type", "key type", choices=("rsa", "ed25519"),
                             default="rsa")),
             mutates=("keypair",),
             description="Refuses before creating anything when DIR/NAME.pem exists (a file or a link). A "
                         "missing DIR is created with mode 0700; the key file is written atomically with mode "
                         "0600, never through a link. If the file cannot be written, or Ctrl-C, SIGTERM or SIGHUP "
                         "arrives before it is, the new key pair is deleted again. The private key is never "
                         "printed."),
        Verb("import", "import a public key file as a key pair", f"{HANDLERS}:import_",
             target="none",
             options=(Option(("-n", "--name"), "name", "key name", required=True),
                      Option(("-f", "--file"), "file", "public key file (OpenSSH format)", required=True,
                             values="file", metavar="FILE")),
             mutates=("keypair",),
             description="The file must hold one OpenSSH public key line (ssh-rsa or ssh-ed25519); it is "
                         "checked before anything is sent, and a private key is refused.",
             examples=("oscmd keypair import -n laptop -f ~/.ssh/id_ed25519.pub",)),
        Verb("delete", "delete the key pair", f"{HANDLERS}:delete", destructive=True, mutates=("keypair",),
             description=YES_NOTE),
    ),
)
