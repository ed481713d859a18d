"""``oscmd help [TOPIC | OBJECT [VERB]]``: the help topics, on the command line and in the shell.

:data:`TOPICS` maps each topic name to a :class:`Topic` (a one-line title and
a body, some parts of which are derived: the config keys behind options from
the registry, the shell's built-ins, the built-in resources from their own
header comments, the ``oscmd-init`` help).  :func:`render` answers ``help``
with no topic (the list of topics and objects), a topic, or an object or verb
(the registry's help); anything else is a :class:`UsageError` with a
suggestion.  The man page reuses the same texts.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import registry
from ..errors import Exit, UsageError
from ..journal.topic import JOURNAL
from . import help as helptext
from .results import Outcome
from .schema import FLEET

if TYPE_CHECKING:
    from ..context import Context
    from .render import Renderer

#: The exit statuses, as the README's table and ``help exit-codes`` state them.
EXIT_CODES: tuple[tuple[Exit, str], ...] = (
    (Exit.OK, "success (also a --dry-run request that would have succeeded)"),
    (Exit.NOT_FOUND, "object not found, a name matching several objects, exist false"),
    (Exit.USAGE, "usage: bad command line, script line, config file, template or input file"),
    (Exit.API, "the EC2 API refused or failed (one line with its code and message)"),
    (Exit.REFUSED, "refused: a destructive verb was not confirmed (no terminal and no -y/--yes)"),
    (Exit.CONNECTION, "connection or credentials: endpoint unreachable, timeout, TLS, missing or rejected "
                      "credentials"),
    (Exit.OUTPUT, "standard output could not be written (closed with >&-, a full disk, an I/O error)"),
    (Exit.INTERRUPTED, "interrupted (Ctrl-C)"),
    (Exit.BROKEN_PIPE, "the program reading the output stopped early (a closed pipe, as with head): "
                       "nothing is printed"),
)

OSCMD_KEYS = (
    ("output", "text, table, json or yaml (as --output)"),
    ("wait_timeout", "seconds a wait may last (as --timeout; default 600)"),
    ("poll_interval", "seconds between two polls of a wait (default 2)"),
    ("retry_mode", "standard, adaptive or legacy (also AWS_RETRY_MODE)"),
    ("max_attempts", "attempts per request (also AWS_MAX_ATTEMPTS; else [Boto] num_retries + 1)"),
    ("connect_timeout", "seconds to open a connection (default 5)"),
    ("read_timeout", "seconds to wait for an answer (default 20)"),
    ("connect_attempts", "attempts to reach an unreachable endpoint (default 2)"),
    ("max_backoff", "longest pause between retries, in seconds (default 20)"),
    ("cache_ttl", "seconds before the shell reloads completion data (default 600)"),
)

CONFIG = """\
oscmd reads boto-style INI files, as the 2017 tool did:
  -c FILE or $OSCONFIG    only that file (it must exist)
  $BOTO_CONFIG            only that file
  $BOTO_PATH              these files, separated by ':'
  otherwise               /etc/boto.cfg, then ~/.boto (a later file wins)
Only regular files are read (a link to one is fine): a FIFO or a device there is a
warning and is skipped (named by $OSCONFIG or $BOTO_CONFIG, an error); only -c may name
a pipe, as in 'oscmd -c <(pass show oscmd)'.
A file holding secret keys that others can read earns a warning.  A value may end with
a comment, ';' or '#' after a space: 'key_name = deploy  ; mine' (but 'a;b' is a value).
Every number must be finite and in range (timeouts above 0, attempts at least 1),
else oscmd stops with exit status 2 naming the file and the key.

Precedence is command line > environment > files:
  region       -r, -S ROLE (the instance's region), AWS_REGION, AWS_DEFAULT_REGION,
               [Boto] ec2_region_name, then the region in an ec2.REGION.amazonaws.com or
               fcu.REGION.outscale.com endpoint
  endpoint     -e, AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL, [Boto] ec2_region_endpoint
               (that key is ignored under -S, which uses its region's endpoint; a bare host
               name means https://HOST, http://HOST with [Boto] is_secure = False; a
               user:password@ in the URL is refused, as botocore never sends it; a
               ?token= is kept and shown as ***)
  zone         -z, OSCMD_ZONE, [Boto] ec2_zone_name
  output       --output, OSCMD_OUTPUT, [oscmd] output, then the aws CLI's own:
               AWS_DEFAULT_OUTPUT, the AWS profile's 'output =' (yaml-stream is yaml)
  credentials  -S ROLE: the role's temporary credentials from the instance metadata
               (renewed before they expire); else --profile; AWS_ACCESS_KEY_ID and
               AWS_SECRET_ACCESS_KEY; [Credentials] of the INI files; then the standard
               AWS chain: AWS_PROFILE, ~/.aws/credentials and ~/.aws/config (SSO and
               credential_process included), the instance role.
Nothing touches the network at start-up (but -S asks the instance metadata service for
its region), and -h never needs credentials.

  [Boto]
  ec2_region_name = eu-west-2
  ec2_region_endpoint = fcu.eu-west-2.outscale.com
  [Credentials]
  aws_access_key_id = AKIA...
  aws_secret_access_key = ...
  key_name = deploy
  key_file = ~/.ssh/deploy.pem

[Boto] keys: ec2_region_name, ec2_region_endpoint, ec2_zone_name, num_retries,
is_secure (False: a bare host name means http), https_validate_certificates (False: TLS
certificates are not checked, and every command says so on stderr).
[Credentials] keys: aws_access_key_id, aws_secret_access_key, aws_session_token.
[oscmd] keys:
{oscmd_keys}
Keys giving option defaults (the command line wins):
{option_keys}[ami] owner also names whose images 'ami -n' (and a template's ami_name) may select,
besides your own: a name never selects another account's image unless you trust its owner.

Files: ~/.config/oscmd/known_hosts (ssh host keys), ~/.local/state/oscmd/history (the
shell's history), ~/.cache/oscmd/values/ (completion data); XDG_CONFIG_HOME,
XDG_STATE_HOME and XDG_CACHE_HOME move them.
"""

TEMPLATES = """\
'ami run -T FILE.yaml' reads a YAML mapping whose keys are the dest names of the run
options, so a template holds a whole recipe and the command line adds or overrides:

  ami_name: web-base-2026.11       # or ami_id; used when 'ami -i/-n' is not given
  ami_owner: self                  # whose image ami_name may be (default: yours and [ami] owner's)
  instance_type: t3.small
  security_groups: [web]
  key_name: demo
  volume_size: ["20G,type=gp3", 100]
  ressource: [wrapvols, puppetize]
  ressources_dir: [resources]      # relative to the template's directory
  variables: [puppetmaster=puppet.example.com:8140]
  local_facts: {{role: web, tier: [front, public]}}
  tag:team: web
  run_instances:                   # RunInstances parameters, in the API's spelling
    Monitoring: {{Enabled: true}}

Rules:
  - the command line wins: a value or list it gives replaces the template's;
  - local_facts merge key by key, and -F KEY VALUE wins for its key;
  - a scalar given where a list is expected is a one-element list;
  - key_file and ressources_dir paths are read from the template's directory; a template
    names resources by file name alone, and its ressources_dir is never your home
    directory or ~/.ssh, ~/.aws, ~/.gnupg... (a path goes with -r on the command line);
  - run_instances cannot give LaunchTemplate, nor network interfaces whose subnet or
    groups differ from those given;
  - ami_name is an exact name, found only among trusted owners (ami_owner, else your own
    images and [ami] owner's; 'ami -o' wins), as for 'ami -n';
  - embedded_commands, resource and resources are aliases of ressource;
  - the 2017 pass-through keys still work: {legacy};
  - an unknown key, a value of the wrong shape or bad YAML is one error naming the file.
'ami run --show-user-data' prints the user data a template produces without launching.
"""

SCRIPTS = """\
A script is a file of oscmd lines ('oscmd FILE.os', or lines piped on standard input).
Its lines mean what they mean in the shell:

  # restart the web servers in Ireland
  set region eu-west-1
  instance -n web1 stop
  use instance -n web2
  reboot
  eip allocate
  eip -i $_ associate -n web1
  --dry-run instance -n old1 terminate
  -y volume -n scratch delete
  !date >> rotation.log

Lines are split with shell-style quoting; blank lines and '#' comments are skipped;
'!command' runs command with /bin/sh on the terminal ($_ expanded; its exit status is
reported).  A line may end with '| COMMAND' (its output goes to /bin/sh -c COMMAND,
as it is produced), '> FILE' or '>> FILE' (written when the line succeeds: '>' replaces
FILE whole and atomically, keeping its mode; '>>' appends; a symbolic link is refused);
a quoted '|' or '>' is an ordinary character.  Only standard output is redirected.
These are the only things ever handed to a shell.  $_ (and $1, $2...) stand for the
ids the previous line produced ('$_' in single quotes stays as it is; after '|' the
text is the shell's); after a line that fails, or a new region, endpoint or profile,
they are unset, so they never name an older line's objects or another region's.
'set region|endpoint|zone|profile|output VALUE' changes that setting for the lines
after it (a region, zone or profile must exist: a typo is refused with a suggestion; a
new region, endpoint or profile forgets the 'use' selection), 'use OBJECT -n NAME'
selects an object as in the shell, 'unset' forgets it.  Root options may lead a line
for that line only (-y, --dry-run, -d, --output, -z, --timeout, --keep-going); -e, -r
and --profile cannot (write a 'set' line), and -c, -S and --local belong on the oscmd
command line.  The first failing line stops the run with 'FILE:LINE: message' on
standard error and that line's exit status, unless --keep-going; even then a failing
'set', 'use' or 'unset' stops it (the lines after it would run in another context).

In the shell, 'save FILE.os' writes the session's successful lines as such a script:
'set'/'use' lines give each line the region, endpoint, zone, profile, output format
and selection it ran in, and $_ stays $_, so 'oscmd -y FILE.os' replays it on the
same region and objects (a line typed with -y is saved without it: whoever replays the
file confirms again).  A session of the local playground starts with 'set endpoint
local', which refuses to run anywhere but 'oscmd --local FILE.os'.  Credentials are
never written (an endpoint's user:password@ is dropped, with a comment saying so).
The file is written whole under a temporary name and then renamed, with mode 0600 (a
script may name internal hosts); save asks before replacing a file ('save -f FILE'
does not) and never writes through a symbolic link.
"""

SHELL = """\
'oscmd' on a terminal (or 'oscmd --local') starts the interactive shell.  Lines are
the same as on the command line without the leading 'oscmd', and run through the
same dispatcher, with one connection for the session.

Keys: Tab completes the line as it is when Tab is read (objects, verbs, options,
values, ids and Names from the cache): a single candidate is taken with a space after
it, several insert their common part and open the menu, and further Tabs (Shift-Tab:
backwards) cycle through it; Enter takes the chosen one, and on a directory shows what
is inside.  Up and Down move in a menu Tab opened, and otherwise through the history
lines that start with what is typed (Ctrl-P and Ctrl-N always do); Esc closes the menu.
Right arrow takes the grey suggestion from the history; Ctrl-R searches the history;
Ctrl-Space opens the menu; Alt-. inserts the id of the previous line; Ctrl-C clears
the line or stops a running command; Ctrl-Z suspends the shell ('fg' resumes it);
Ctrl-D leaves.  Keys typed while a command runs wait for the next prompt.  A paste of
several lines runs each line in turn; an unfinished last line is left to edit.

Built-in commands:
{builtins}  !COMMAND            run COMMAND with /bin/sh on the terminal
A line may end with '| COMMAND', '> FILE' or '>> FILE', as in scripts ('help scripts').
$_ (and $1, $2...) stand for the ids the previous line produced:
  eip allocate
  eip -i $_ associate -n web1
After 'use instance -n web1', 'console' alone means 'instance -n web1 console'.
$_, set, use and unset work in scripts too.  'save FILE.os' writes the successful lines
with the region and context each ran in; 'oscmd -y FILE.os' replays them exactly
('help scripts').  save asks before replacing a file; 'save -f FILE.os' does not.

The prompt shows the region and the selections; the bottom toolbar the profile,
region, endpoint, zone, output format and the age of the completion cache.  The
cache is loaded in the background (never while you type), reloaded after
[oscmd] cache_ttl seconds and after verbs that change things, kept per endpoint,
region and account in ~/.cache/oscmd/values/, and read by the bash, zsh and fish
completion scripts too.  Output taller than the screen goes through $PAGER (default
'less', with LESS=-FRX unless LESS is set: what was shown stays on the screen after q).
The history (~/.local/state/oscmd/history, mode 0600) never records lines that
carry secrets.
"""

def _outscale() -> str:
    from ..complete.static import OUTSCALE_REGIONS

    return f"""\
Outscale's EC2-compatible API (FCU) is reached with its endpoint, given as a bare
host name (https is implied) in the config file, with -e, or with AWS_ENDPOINT_URL_EC2:

  [Boto]
  ec2_region_endpoint = fcu.eu-west-2.outscale.com

  oscmd -e fcu.us-east-2.outscale.com instance list

The region is read from an fcu.REGION.outscale.com host when none is given
({", ".join(OUTSCALE_REGIONS)}).  In the
shell, 'set endpoint HOST' switches the connection and the completion cache.
Outscale's instance types (tinavN.cXrYpZ: X vCPUs, Y GiB) are completed, and
'instance summary' counts their vCPUs and memory from the name.  A console whose
timestamp is 1970-01-01 is reported as broken: stop and start the instance.
"""


COMPLETION = """\
'oscmd completion bash|zsh|fish' prints the completion script for your shell; the
same files are in the completions/ directory of the source.

  bash  mkdir -p ~/.local/share/bash-completion/completions
        oscmd completion bash > ~/.local/share/bash-completion/completions/oscmd
        (or add 'eval "$(oscmd completion bash)"' to ~/.bashrc)
  zsh   mkdir -p ~/.zfunc && oscmd completion zsh > ~/.zfunc/_oscmd
        (with 'fpath=(~/.zfunc $fpath)' before 'compinit' in ~/.zshrc)
  fish  mkdir -p ~/.config/fish/completions
        oscmd completion fish > ~/.config/fish/completions/oscmd.fish

The scripts complete objects, verbs and options at each level, option values
(choices, instance types, regions, zones, protocols, files) and, through
'oscmd __complete', ids and Names from the cache the interactive shell keeps:
no network, about one Python start-up per Tab.
"""

PATTERNS = """\
'OBJECT list -p FMT' prints each object through a Python %-format applied to its
attributes: -p '%(id)s %(name)-10s %(state)s'.  Widths and alignment work
(%(size)5s), \\t and \\n are understood, and a newline ends each line.
'OBJECT list -s' prints the attribute names usable in a pattern.  Every object has
id and name (its Name tag, the AMI name or the group name), tags, region and profile;
instances add state, zone, type, public_ip, private_ip, and more.  A list prints as its
items joined by commas.  The 2017 tool's boto 2 names work too, shown in parentheses
by 'list -s': placement, instance_type, ip_address, private_ip_address,
public_dns_name... on instances; ownerId, is_public, location, type... on images;
private_ip_address on addresses; status on volumes and snapshots.
--output json or yaml prints the same attributes as data, each under its one
modern name ('oscmd help json'); --output table as columns.

Text from the cloud is shown inert: in text and table output a control character,
line break, bidi control or invisible character (zero-width joiner, soft hyphen...)
inside a value prints as an escape (\\x1b, \\n, \\r, \\t, \\x9b, \\u202e, \\u200d...;
a backslash that could be read as one is doubled), so each object stays on one line,
no Name can clear the screen or set the title, and none can pass for another.  JSON
and YAML keep the exact values (written with their own escapes).
"""


FILES = """\
Every file oscmd writes on this machine goes through one module, with one set of rules:
a new file is written whole under a temporary name nobody can predict (created with
O_EXCL|O_NOFOLLOW, its final mode from the first byte), synced, then given its name;
nothing is ever written through a symbolic link or into a FIFO; a full disk leaves the
previous file in place, or no half record.  Directories oscmd creates are 0700, and
its own directories and appended files must belong to you.  XDG_CONFIG_HOME,
XDG_STATE_HOME and XDG_CACHE_HOME move the first three directories below.

  ~/.config/oscmd/known_hosts          0600  dir 0700
      SSH host keys oscmd accepted: one line per new key, appended under a lock, so two
      oscmd never mix lines.  Read strictly: a malformed line names file and line.
  ~/.local/state/oscmd/history          0600  dir 0700
      The shell's history, one locked write per entry; lines carrying secrets are never
      written.  If it is a link or a FIFO the shell says so and keeps no history.
  ~/.local/state/oscmd/journal.jsonl    0600  dir 0700
      The journal of changes ('oscmd help journal'), one locked write per record, so
      concurrent oscmd never mix records; credentials and key material never go in.
      At 4 MiB it becomes journal.1.jsonl (replacing the one before) and a new one starts.
  ~/.cache/oscmd/values/KEY.jsonl       0600  dir 0700
      Completion data, one file per endpoint, region and account, replaced atomically.
      Read only if it is a regular file (opened non-blocking, never through a link):
      a FIFO, a link, a bad header or a damaged line is ignored with a notice.
  DIR/NAME.pem ('keypair create', DIR default ~/.ssh)   0600  new DIR 0700
      Only ever a new file: if anything is at DIR/NAME.pem (file, link, FIFO) oscmd
      refuses before asking EC2 for a key, and if something appears meanwhile, the
      file cannot be written, or Ctrl-C, SIGTERM or SIGHUP arrives before it is saved,
      the new key pair is deleted again (and the file removed).  An existing DIR
      keeps its mode.
  FILE ('save FILE' in the shell)       0600
      Written whole and renamed into place; the shell asks before replacing a file
      ('save -f' does not ask); a link is never written through.
  FILE of a line's '> FILE' / '>> FILE'   0666 less the umask, or the old file's mode
      '>' writes the output whole under a temporary name and renames it over FILE (a
      reader never sees half of it; a failed line leaves FILE as it was); '>>' appends
      with one locked write.  A link, a directory or a FIFO is refused before the line
      runs; a device such as /dev/null is written in place.

On the instance, the post-install ('ami run' without -N) makes a fresh directory with
'mktemp -d' (0700, the login user's) and uploads oscmd-init.pyz and, with
--upload-user-data, user-data.mime into it over SFTP: each is created exclusively (an
existing file or link there is refused, never written through) and set to 0600 before
any content; the directory is removed after the run.  What oscmd-init itself writes is
in 'oscmd help user-data'.

Files oscmd only reads: the configuration ('oscmd help config'), ~/.ssh/known_hosts
(a line OpenSSH skips is skipped; hashed entries match; @revoked keys are refused),
and the files you name (-f, -T, -r, scripts), which may be links.
"""


@dataclass(frozen=True)
class Topic:
    """One help topic: a one-line title and a body (text, or a function building it)."""

    title: str
    body: str | Callable[[], str]

    @property
    def text(self) -> str:
        return self.body if isinstance(self.body, str) else self.body()


def _columns(rows: list[tuple[str, str]], width: int = 20) -> str:
    """Two columns, the right one wrapped to fit 86 characters."""
    out = []
    for left, right in rows:
        lines = textwrap.wrap(right, max(30, 84 - width), break_on_hyphens=False, break_long_words=False) or [""]
        pad = " " * (width + 2)
        head = f"  {left:<{width}}" if len(left) < width else f"  {left}\n{pad}"
        out.append(head + f"\n{pad}".join(lines) + "\n")
    return "".join(out)


def option_config_keys() -> dict[str, list[str]]:
    """``section.key`` of every option default in the registry, with the options it feeds."""
    keys: dict[str, list[str]] = {}

    def note(key: str | None, where: str) -> None:
        if key and where not in keys.setdefault(key, []):
            keys[key].append(where)

    for opt in registry.ROOT_OPTIONS:
        note(opt.config, f"oscmd {opt.long}")
    for obj in registry.OBJECTS:
        for opt in obj.options:
            note(opt.config, f"{obj.name} {opt.long}")
        for verb in obj.verbs:
            for opt in verb.options:
                note(opt.config, f"{obj.name} {verb.name} {opt.long}")
    return dict(sorted(keys.items()))


def _config() -> str:
    rows = []
    for key, users in option_config_keys().items():
        section, _, name = key.partition(".")
        rows.append((f"[{section}] {name}", ", ".join(users)))
    return CONFIG.format(oscmd_keys=_columns(list(OSCMD_KEYS)), option_keys=_columns(rows, 28))


def _templates() -> str:
    from ..launch.template import LEGACY

    legacy = textwrap.fill(", ".join(sorted(LEGACY)), 80, initial_indent=" " * 45,
                           subsequent_indent="    ").strip()
    return TEMPLATES.format(legacy=legacy)


def _shell() -> str:
    rows = [(b.usage if len(b.usage) < 19 else b.name, b.help) for b in registry.BUILTINS]
    return SHELL.format(builtins=_columns(rows))


def _user_data() -> str:
    from ..bootstrap.__main__ import DECODE_HELP

    return (
        "'ami run' sends one multipart/mixed MIME document as user data, its parts in\n"
        "this order: text/properties (-V NAME=VALUE, and 'volumes' naming the -s devices),\n"
        "the hostname script (-H), application/facter-yaml facts (-F and local_facts),\n"
        "text/x-include-url (-U) and the resources (-r, see 'help resources').  Beyond\n"
        "16384 bytes the document is gzipped; if it is still too big the launch stops\n"
        "and names the biggest parts.  'ami run --show-user-data' prints it.\n\n"
        "The launcher applies the decoder's rules before anything is sent (exit 2):\n"
        "-V names and values as in the table below, -H host names letter for letter,\n"
        "-U URLs https only (--allow-http-include accepts plain http ones and names\n"
        "each in an X-Allow-Http header), never a link-local or metadata address.\n"
        "Scripts, include URLs and plain files go out as text/x-oscmd-* types, which\n"
        "cloud-init ignores: on images that run cloud-init they run once, by\n"
        "oscmd-init; with -N nothing runs them (cloud-config parts still reach\n"
        "cloud-init).\n\n"
        "Unless -N, once the instance runs, oscmd logs in over ssh and runs the decoder,\n"
        "oscmd-init, with sudo ('oscmd-init decode' also works on its own):\n\n"
        + DECODE_HELP
    )


def resource_summaries() -> list[tuple[str, str]]:
    """(name, first line of its header comment) of every built-in resource."""
    from ..launch.resources import BUILTIN_DIR

    out = []
    for path in sorted(Path(BUILTIN_DIR).iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        summary = ""
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:12]:
            text = line.lstrip("#").strip()
            if text.startswith(path.name + " - "):
                summary = text[len(path.name) + 3 :]
                break
        out.append((path.name, summary))
    return out


def _resources() -> str:
    from ..bootstrap.__main__ import ENCODE_HELP

    return (
        "'ami run -r NAME' embeds the file NAME in the user data.  NAME is looked up in\n"
        "the -R directories in order, then among the built-in resources; the first match\n"
        "wins, so your own file shadows a built-in one.  'NAME;content/type' forces the\n"
        "type, otherwise it comes from one explicit table: .py, .sh or '#!' scripts run,\n"
        ".rpm and .pkgs install, .mime documents are walked, .yaml facts go to Facter.\n\n"
        "Built-in resources:\n" + _columns(resource_summaries(), 12)
        + "\n'oscmd-init encode' builds .mime resources:\n\n" + ENCODE_HELP
    )


def _json() -> str:
    from .schema import json_topic

    return json_topic()


def _exit_codes() -> str:
    return _columns([(str(int(code)), text) for code, text in EXIT_CODES], 6) + (
        "No error shows a Python traceback unless -d/--debug is given.\n"
        "With several regions or profiles (-r a,b, -r all, --profile a,b) a read verb prints what the\n"
        "others answered and one stderr line per failing region or profile, then exits 5 when every\n"
        "failure was a connection or credentials one, else 3 ('oscmd help fleet').\n")


ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("OSCONFIG, BOTO_CONFIG", "the one INI file to read, as -c (see 'oscmd help config')"),
    ("BOTO_PATH", "INI files to read, separated by ':'"),
    ("AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL", "the EC2 endpoint, as -e"),
    ("AWS_REGION, AWS_DEFAULT_REGION", "the region, as -r"),
    ("OSCMD_ZONE", "the default availability zone, as -z"),
    ("OSCMD_OUTPUT", "the output format, as --output"),
    ("AWS_DEFAULT_OUTPUT", "the aws CLI's output format: used below OSCMD_OUTPUT and [oscmd] output, and "
     "above the AWS profile's 'output ='"),
    ("AWS_PROFILE, AWS_DEFAULT_PROFILE", "the AWS profile, as --profile"),
    ("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN", "credentials, before the INI files"),
    ("AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE", "where the AWS config and credentials files are"),
    ("AWS_RETRY_MODE, AWS_MAX_ATTEMPTS", "retries, as [oscmd] retry_mode and max_attempts"),
    ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "the metadata service -s and -S read (default "
     "http://169.254.169.254; OSCMD_IMDS_ENDPOINT is an older name)"),
    ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6: read the metadata service at fd00:ec2::254"),
    ("AWS_METADATA_SERVICE_TIMEOUT", "seconds to wait for the metadata service (default 1)"),
    ("AWS_EC2_METADATA_DISABLED", "true: never ask the metadata service (-s and -S then fail)"),
    ("XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_STATE_HOME", "where oscmd's known_hosts, completion cache and shell "
     "history live (default ~/.config, ~/.cache, ~/.local/state)"),
    ("HOME", "~ in paths; ~/.boto, ~/.aws/, ~/.ssh/"),
    ("SSH_AUTH_SOCK", "the ssh-agent tried when no key file is known"),
    ("PAGER", "the shell's pager for long output (default 'less'; LESS defaults to -FRX)"),
    ("NO_COLOR, TERM=dumb", "no colours"),
)


ENVIRONMENT_INTRO = "Variables oscmd reads; a command-line option always wins over them."


def _environment() -> str:
    lines = [ENVIRONMENT_INTRO, ""]
    for names, text in ENVIRONMENT:
        lines.append("  " + names)
        lines += textwrap.wrap(text, 80, initial_indent="        ", subsequent_indent="        ")
    return "\n".join(lines) + "\n"


TOPICS: dict[str, Topic] = {
    "config": Topic("configuration files, environment variables and their precedence", _config),
    "templates": Topic("YAML templates for 'ami run -T'", _templates),
    "user-data": Topic("what 'ami run' sends to a new instance and how oscmd-init handles it", _user_data),
    "resources": Topic("files embedded with 'ami run -r', built-in ones included", _resources),
    "scripts": Topic("running files of oscmd lines", SCRIPTS),
    "shell": Topic("the interactive shell: keys, built-ins, $_, cache", _shell),
    "exit-codes": Topic("what oscmd's exit status means", _exit_codes),
    "environment": Topic("the environment variables oscmd reads", _environment),
    "outscale": Topic("using oscmd with Outscale's EC2 API", _outscale),
    "completion": Topic("installing bash, zsh and fish completion", COMPLETION),
    "patterns": Topic("'list -p' patterns and object attributes", PATTERNS),
    "json": Topic("the JSON and YAML documents, their attributes, streaming and --query", _json),
    "fleet": Topic("--filter, several regions and profiles at once, --sort", FLEET),
    "files": Topic("the files oscmd writes, their modes, and how they are protected", FILES),
    "journal": Topic("the journal of changes, and taking a change back with 'undo'", JOURNAL),
}


def topic_list() -> str:
    """``oscmd help``: the topics, then the objects."""
    topics = _columns([(name, topic.title) for name, topic in TOPICS.items()], 14)
    objects = _columns([(o.name, o.help) for o in registry.OBJECTS], 14)
    return ("usage: oscmd help TOPIC | OBJECT [VERB]\n\ntopics:\n" + topics + "\nobjects:\n" + objects
            + "\n'oscmd -h' lists every option; 'oscmd OBJECT -h' an object's verbs.\n")


def help_command(args: list[str], ctx: Context, renderer: Renderer) -> Outcome:
    """The ``help`` root command: the topic's text on standard output."""
    ctx.env.stdout.write(render(args))
    return Outcome()


def render(args: list[str]) -> str:
    """The text of ``help ARGS``; raises :class:`UsageError` for an unknown topic."""
    args = [a for a in args if a not in ("-h", "--help")]
    if not args or args[0] == "help":
        return topic_list()
    head, rest = args[0], args[1:]
    obj = registry.get_object(head)
    if obj is not None:
        if not rest:
            return helptext.object_help(obj)
        verb = obj.verb(rest[0])
        if verb is None:
            from ..parsing.command import verb_elsewhere

            raise UsageError(f"help: {obj.name} has no verb '{rest[0]}'" + _suggest(rest[0], obj.verb_names),
                             hint=verb_elsewhere(obj, rest[0]))
        if rest[1:]:
            raise UsageError(f"help: unexpected '{rest[1]}' after '{obj.name} {verb.name}'")
        return helptext.verb_help(obj, verb)
    topic = TOPICS.get(head)
    command = next((c for c in registry.ROOT_COMMANDS if c.name == head and c.options), None)
    if topic is None and command is not None and not rest:  # help undo: the command's own help
        return helptext.command_help(command, "journal")
    if topic is None:
        candidates = [*TOPICS, *registry.object_names()]
        raise UsageError(f"help: no topic or object '{head}'" + _suggest(head, candidates)
                         + " ('oscmd help' lists them)")
    if rest:
        raise UsageError(f"help: unexpected '{rest[0]}' after '{head}'")
    return f"oscmd help {head}: {topic.title}\n\n{topic.text}"


def _suggest(word: str, candidates: list[str]) -> str:
    from ..parsing.levels import suggest

    return suggest(word, candidates)
