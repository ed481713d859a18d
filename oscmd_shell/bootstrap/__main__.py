"""The ``oscmd-init`` command line: read the ``decode``/``encode`` options, run the verb, return its status.

Exit statuses: 0 when every action succeeded, 1 when at least one action
failed or was refused (the others were still carried out), 2 for a bad
command line, input that cannot be read or is not a sound MIME document, or
a run-once record that cannot be kept (one line on standard error, nothing
done), 130 on Ctrl-C and 128+N on signal N (SIGTERM, SIGHUP): the running
script's whole process group is stopped and the record says where.
"""

import argparse
import os
import sys
import textwrap
from typing import NoReturn

from . import imds, runner
from .decode import Decoder
from .encode import EncodeError, encode, pack
from .fetch import fetch_body
from .limits import (
    MAX_HEADER_BYTES,
    MAX_HEADERS,
    MAX_INCLUDES,
    MAX_LINES,
    MAX_NESTING,
    MAX_PARAMETERS,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_TOTAL_BYTES,
    size_text,
)
from .properties import REFUSED_NAMES, REFUSED_PREFIXES
from .report import Reporter
from .runonce import RECORD_DIR, Record, RecordError
from .sources import InputError, display_origin, load_document, read_file
from .urlrules import ALLOW_HTTP_HEADER
from .workspace import DEFAULT_MAX_DEPTH

PROG = "oscmd-init"
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

def _refusals() -> "str":
    """The "what the decoder refuses" table of ``decode -h`` (and of ``oscmd help user-data``)."""
    names = ", ".join(REFUSED_NAMES)
    prefixes = ", ".join(prefix + "*" for prefix in REFUSED_PREFIXES)
    total, part = size_text(MAX_TOTAL_BYTES), size_text(MAX_PART_BYTES)
    rows = (
        ("a property line", f"whose name is not [A-Za-z_][A-Za-z0-9_]*, is one of {names} or starts with "
         f"{prefixes}; or whose name or value holds a control character or a line or paragraph separator "
         "(U+0085, U+2028...): lines end at \\n only, on both sides"),
        ("a file part", "whose X-Mode is not 3 or 4 octal digits, or sets setuid or setgid without --allow-setid; "
         "whose X-Owner names no user or group here; whose path leads out of --root or through a symbolic link "
         "inside it: nothing is written (owner first, then mode)"),
        ("an include URL", "that is not https (plain http only when the include part names that very URL in an "
         f"{ALLOW_HTTP_HEADER} header), that is or resolves to a link-local or metadata address (169.254.0.0/16, "
         "fe80::/10, fd00:ec2::/32...), that redirects to another scheme, or whose server type contradicts the "
         "document: what a URL serves is typed by its own content (serve a .mime document to deliver files)"),
        ("sizes", f"a document over {total} once decompressed, a part over {part} once decoded, more than {total} "
         f"of parts in one run, containers nested more than {MAX_NESTING} deep, more than {MAX_INCLUDES} include "
         f"fetches in one run; a document of more than {MAX_LINES:,} lines or {MAX_PARTS} parts, a part of more "
         f"than {MAX_HEADERS} headers, a header over {size_text(MAX_HEADER_BYTES)} or of more than "
         f"{MAX_PARAMETERS} parameters (refused before it is read); more than {MAX_PARTS} parts carried out in "
         "one run"),
    )
    lines = []
    for what, text in rows:
        wrapped = textwrap.wrap(text, 56, break_on_hyphens=False)
        lines.append(f"  {what:<18} {wrapped[0]}")
        lines.extend(" " * 21 + line for line in wrapped[1:])
    return "\n".join(lines)


DECODE_HELP = f"""\
Process MIME user data: by default the instance's own (read from the metadata
service with IMDSv2), then each -f file and each -u URL, in that order.  Each
leaf part is handled once, in document order, by its content type:
text/properties sets variables for later scripts, text/x-shellscript runs with
/bin/sh, text/x-executable and text/x-python run directly, application/facter-yaml
goes to /etc/facter/facts.d, application/x-rpm and text/x-packagelist are
installed, text/x-include-url URLs are fetched and processed, and text/plain
or any other part with a filename is extracted there (X-Mode, X-Owner,
X-overwrite and Content-Encoding: gzip are honoured).  oscmd sends the types
cloud-init would act on as text/x-oscmd-shellscript, text/x-oscmd-include-url,
text/x-oscmd-include-once-url and text/x-oscmd-plain, so that on images with
cloud-init only oscmd-init handles them; both spellings are read.

A script that completed, and an include-once URL whose document was processed
without a failure, are kept in the run-once record, {RECORD_DIR}
(0700; under --root, inside DIR), and skipped by the next decode, which says
so (--rerun runs them again).  Ctrl-C or SIGTERM stops the running script's
whole process group and records where the run stopped.

What the decoder refuses (the part is not carried out, the run ends with 1):
{_refusals()}
"""

ENCODE_HELP = """\
Write a multipart MIME document (a .mime resource for 'oscmd ami run -r') made
of the entries of each -y file, then the -f files (the order of the 2017
osinit.py, so the parts run in that order).  A -f file is extracted on
the instance to PATH as given; its type comes from the explicit table (.py,
.sh, .rpm, .mime, .yaml/.yml facts, .pkgs, .txt, else the opening bytes) unless
';content/type' follows the path: give ';text/plain' to deliver a script or a
YAML file as a plain file.  -y takes JSON or a small YAML subset (a list of
flat mappings with source or content, file_name, Content-Type,
Content-Encoding and X-Mode/X-Owner/X-overwrite headers; an include entry,
Content-Type text/x-include-url, may name one plain http URL it lists in an
X-Allow-Http header).  Types cloud-init acts on go out under their oscmd
spelling (text/plain as text/x-oscmd-plain...), nested documents included.
"""


class _CommandLineError(Exception):
    """argparse found the command line unusable."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: "str") -> "NoReturn":
        raise _CommandLineError(message)


def version() -> "str":
    """oscmd's version: the installed package's, or the one stamped into the zipapp the post-install uploads."""
    stamped = getattr(sys.modules.get(__package__ or ""), "STAMPED_VERSION", None)
    if isinstance(stamped, str) and stamped:
        return stamped
    try:
        from .. import __version__
    except (ImportError, ValueError):  # copied alone, without oscmd and without a stamp
        return "(version unknown)"
    return str(__version__)


def build_parser() -> "argparse.ArgumentParser":
    """The argument parser of ``oscmd-init``."""
    parser = _Parser(prog=PROG, description="Decode or encode oscmd MIME user data on an instance.")
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}")
    verbs = parser.add_subparsers(dest="verb", metavar="{decode,encode}")

    decode = verbs.add_parser(
        "decode", help="process user data", description=DECODE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    decode.add_argument("-f", "--file", action="append", default=[], metavar="FILE",
                        help="a MIME document to process (repeatable; '-' reads standard input)")
    decode.add_argument("-u", "--url", "--URL", action="append", default=[], metavar="URL",
                        help="an http or https URL whose body is a MIME document (repeatable)")
    decode.add_argument("-n", "--no-user-data", action="store_true",
                        help="do not read the instance user data from the metadata service")
    decode.add_argument("--root", metavar="DIR",
                        help="write every file under DIR; scripts run in DIR/tmp with OSCMD_ROOT=DIR; "
                             "package installs are skipped (the scripts still run on this host as you: "
                             "--root confines the decoder's own writes, not theirs)")
    decode.add_argument("--dry-run", action="store_true",
                        help="only print the actions, one per line: nothing runs, nothing is written (the way "
                             "to look at a bundle you do not trust)")
    decode.add_argument("--max-depth", type=int, default=DEFAULT_MAX_DEPTH, metavar="N",
                        help="the most nested text/x-include-url fetches (default %(default)s)")
    decode.add_argument("--rerun", action="store_true",
                        help="run the scripts and include-once URLs of the run-once record again")
    decode.add_argument("--allow-setid", action="store_true",
                        help="let X-Mode set setuid and setgid bits (refused otherwise)")

    encode_parser = verbs.add_parser(
        "encode", help="build a .mime document", description=ENCODE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    encode_parser.add_argument("-f", "--file", action="append", default=[], metavar="PATH[;TYPE]",
                               help="a file to attach, extracted to PATH on the instance (repeatable)")
    encode_parser.add_argument("-y", "--yaml_content", "--yaml-content", action="append", default=[],
                               metavar="FILE", help="a JSON or YAML-subset list of entries (repeatable)")
    encode_parser.add_argument("-p", "--pack", action="store_true",
                               help="gzip the document and write it base64-encoded")
    encode_parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    return parser


def main(argv: "list[str] | None" = None) -> "int":
    """Run ``oscmd-init`` with ``argv`` (the process arguments by default); the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _CommandLineError as exc:
        return _usage(f"{exc} (see {PROG} -h)")
    except SystemExit as exc:  # -h/--help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        if args.verb == "decode":
            return _decode(args)
        if args.verb == "encode":
            return _encode(args)
        return _usage(f"action missing: decode or encode (see {PROG} -h)")
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except runner.Stopped as stop:
        print(f"{PROG}: stopped by {runner.signal_name(stop.signum)}", file=sys.stderr)
        return 128 + stop.signum


def _usage(message: "str") -> "int":
    # the message may quote a server's reason phrase or a document's header: shown inert
    Reporter(err=sys.stderr).say(sys.stderr, f"{PROG}: error: {message}")
    return EXIT_USAGE


def _decode(args: "argparse.Namespace") -> "int":
    if args.no_user_data and not args.file and not args.url:
        return _usage("nothing to decode: -n without -f or -u")
    if args.max_depth < 0:
        return _usage("--max-depth must be 0 or more")
    if args.root is not None and os.path.exists(args.root) and not os.path.isdir(args.root):
        return _usage(f"--root {args.root}: not a directory")
    inputs = []
    try:
        if not args.no_user_data:
            data = imds.fetch_user_data()
            if data and data.strip():
                inputs.append(("user-data", data))
            else:
                print("no user data", flush=True)
        for path in args.file:
            inputs.append((display_origin(path), read_file(path)))
        for url in args.url:
            inputs.append((url, fetch_body(url, os.environ, MAX_TOTAL_BYTES)))
        documents = [load_document(data, origin) for origin, data in inputs]
    except (InputError, imds.MetadataError) as exc:
        return _usage(str(exc))
    if args.root is not None and not args.dry_run:
        try:
            os.makedirs(args.root, exist_ok=True)
        except OSError as exc:
            return _usage(f"--root {args.root}: {exc.strerror or exc}")
    decoder = Decoder(root=args.root, dry_run=args.dry_run, max_depth=args.max_depth, allow_setid=args.allow_setid)
    decoder.record = Record(decoder.tree, dry_run=args.dry_run, rerun=args.rerun)
    try:
        decoder.record.open()
    except RecordError as exc:
        return _usage(str(exc))
    previous = decoder.record.take_stopped()
    if previous:
        decoder.warn(f"the previous run was stopped: {previous}")
    runner.catch_signals()
    try:
        for document in documents:
            decoder.process(document)
    except KeyboardInterrupt:
        decoder.stopped("SIGINT")
        decoder.finish()
        raise
    except runner.Stopped as stop:
        decoder.stopped(runner.signal_name(stop.signum))
        decoder.finish()
        raise
    return decoder.finish()


def _encode(args: "argparse.Namespace") -> "int":
    try:
        document, notes = encode(args.file, args.yaml_content)
    except EncodeError as exc:
        return _usage(str(exc))
    for note in notes:
        print(note, file=sys.stderr)
    output = pack(document) if args.pack else document
    if args.output:
        try:
            with open(args.output, "wb") as handle:
                handle.write(output)
        except OSError as exc:
            return _usage(f"{args.output}: {exc.strerror or exc}")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
