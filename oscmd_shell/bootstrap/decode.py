"""Walk a user-data MIME tree once, depth first, and carry out the action of each leaf.

Containers (``multipart/*`` and embedded ``message/rfc822`` documents) are
descended into exactly once, at most :data:`~.limits.MAX_NESTING` deep, and
every leaf is handled exactly once, in document order, by content type (the
oscmd spellings of :data:`~.mimetypes_table.WIRE_TYPES` and the plain ones
alike): properties become environment variables for what runs later, scripts
run (once: see :mod:`.runonce`), facts and files are written (see
:mod:`.fsroot`), packages are installed and included URLs are fetched and
walked in turn (see :mod:`.fetch`).  One line is printed per action as it
happens; a refused or failed action is reported, counted, and the walk goes
on.  ``root`` confines every path written (and the scripts' working
directory) to one directory; ``dry_run`` only prints the actions.  Standard
library only.
"""

import base64
import os
import posixpath
import quopri
import re
import stat
import tempfile
from collections.abc import Callable, Mapping
from email.message import Message
from typing import TextIO

from . import packages, properties, runner
from .fetch import include_entity
from .fsroot import SETID_BITS, PathError, Tree, parse_mode, parse_owner
from .limits import MAX_INCLUDES, MAX_NESTING, Budget, LimitError
from .mimeparts import PartError, is_transfer_encoded, parse_document, serialize
from .mimetypes_table import is_container, plain_type
from .report import Reporter
from .runonce import Record
from .sources import InputError, check_tree
from .urlrules import ALLOW_HTTP_HEADER, url_refusal

DEFAULT_MAX_DEPTH = 5
TRUE_WORDS = ("true", "yes", "1")
SCRIPT_TYPES = ("text/x-shellscript", "text/x-executable", "text/x-python")
INCLUDE_TYPES = ("text/x-include-url", "text/x-include-once-url")
_FAILURES = (PartError, InputError, PathError, OSError, ValueError)

_SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")


class Decoder(Reporter):
    """Carries out the leaves of one or more MIME trees and counts the failures.

    ``env`` is the environment the scripts and installers inherit (the
    decoder's own by default); ``fetch`` turns an include URL into a MIME
    entity and exists so tests can replace it; ``record`` is the run-once
    record (an unopened one records nothing); ``allow_setid`` lets ``X-Mode``
    set setuid and setgid bits.
    """

    def __init__(
        self,
        root: "str | None" = None,
        dry_run: "bool" = False,
        max_depth: "int" = DEFAULT_MAX_DEPTH,
        env: "Mapping[str, str] | None" = None,
        out: "TextIO | None" = None,
        err: "TextIO | None" = None,
        fetch: "Callable[[str, Mapping[str, str], int], Message] | None" = None,
        record: "Record | None" = None,
        allow_setid: "bool" = False,
    ) -> None:
        self.tree = Tree(root)
        self.root = self.tree.root
        self.dry_run = dry_run
        self.max_depth = max_depth
        self.env = dict(os.environ if env is None else env)
        if self.root:
            self.env["OSCMD_ROOT"] = self.root
        super().__init__(out, err)
        self.fetch = fetch if fetch is not None else include_entity
        self.record = record if record is not None else Record(self.tree, dry_run)
        self.allow_setid = allow_setid
        self.budget = Budget()
        self.leaves = 0
        self.fetches = 0
        self.current: str | None = None
        self._workdir: str | None = None

    # ------------------------------------------------------------------- walk
    def process(self, message: "Message", depth: "int" = 0, nesting: "int" = 0) -> None:
        """Handle every leaf of ``message``, in document order, each once."""
        content_type = plain_type(message.get_content_type())
        container = is_container(content_type) or message.is_multipart()
        if container and nesting >= MAX_NESTING:
            self.fail(f"{self._label(message)} ({content_type}) refused: containers nested more than "
                      f"{MAX_NESTING} deep; nothing in it was done")
            return
        if is_container(content_type) and (is_transfer_encoded(message) or not message.is_multipart()):
            # A container sent base64 (or left unparsed): decode it, then walk what it holds.
            try:
                inner = self._decoded_container(message)
            except _FAILURES as exc:
                self.fail(f"{self._label(message)} ({content_type}) failed: {reason(exc)}")
                return
            self.process(inner, depth, nesting + 1)
            return
        if message.is_multipart():
            for part in message.get_payload():
                if isinstance(part, Message):
                    self.process(part, depth, nesting + 1)
            return
        self.leaves += 1
        label = self._label(message)
        try:
            self._dispatch(message, content_type, label, depth)
        except _FAILURES as exc:
            self.fail(f"{label} ({content_type}) failed: {reason(exc)}")

    def finish(self) -> "int":
        """Remove the working directory if nothing was left in it; the exit status (0 or 1)."""
        if self._workdir is not None:
            try:
                os.rmdir(self._workdir)
            except OSError:
                pass
        self.record.close()
        return 1 if self.failures else 0

    def stopped(self, signal_name: "str") -> None:
        """Report (and record) that the run was stopped by ``signal_name`` during the current action."""
        if self.current is None:
            self.say(self.err, f"stopped by {signal_name}")
            return
        self.say(self.err, f"stopped by {signal_name} during {self.current}: it is not recorded as completed "
                              "and runs again on the next decode")
        note = self.record.mark_stopped(self.current, signal_name)
        if note:
            self.warn(note)

    def _dispatch(self, part: "Message", content_type: "str", label: "str", depth: "int") -> None:
        if content_type == "text/properties":
            self._properties(self._payload(part, label), label)
        elif content_type in SCRIPT_TYPES:
            self._run_script(self._payload(part, label), label, content_type)
        elif content_type == "application/facter-yaml":
            self._facts(part, label)
        elif content_type == "application/x-rpm":
            packages.install_rpm(self, self._payload(part, label), label)
        elif content_type == "text/x-packagelist":
            packages.install_packages(self, self._payload(part, label), label)
        elif content_type in INCLUDE_TYPES:
            self._include(part, depth, once=content_type == "text/x-include-once-url")
        elif part.get_filename():
            self._extract(part, label)
        else:
            self.action(f"skip {label} ({content_type}: no filename, no action)")

    def _label(self, part: "Message") -> "str":
        filename = part.get_filename()
        if filename:
            return " ".join(filename.split())
        description = part.get("Content-Description")
        if description and description.strip():
            return " ".join(str(description).split())
        return f"part-{self.leaves}"

    def _payload(self, part: "Message", label: "str") -> "bytes":
        """The part's content, transfer encoding and gzip undone, counted against the limits."""
        data = part.get_payload(decode=True)
        payload = bytes(data) if isinstance(data, (bytes, bytearray)) else b""
        if (part.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
            payload = self.budget.gunzip(payload)
        self.budget.take(len(payload), label)
        return payload

    def _decoded_container(self, part: "Message") -> "Message":
        """The document inside a container part whose body the parser could not read as MIME."""
        label = self._label(part)
        if part.is_multipart():
            # message/rfc822 sent base64: the parser took the encoded text for a message body.
            raw = b"".join(serialize(sub) for sub in part.get_payload() if isinstance(sub, Message))
            encoding = str(part.get("Content-Transfer-Encoding")).strip().lower()
            payload = base64.b64decode(raw) if encoding == "base64" else quopri.decodestring(raw)
            if (part.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
                payload = self.budget.gunzip(payload)
            self.budget.take(len(payload), label)
        else:
            payload = self._payload(part, label)
        try:
            inner = parse_document(payload)
        except PartError:
            if part.get_content_maintype() != "multipart":
                raise
            # A bare multipart body: its headers are those of the part.
            head = "Content-Type: {}\n\n".format(part.get("Content-Type", "text/plain"))
            inner = parse_document(head.encode("utf-8", "surrogateescape") + payload)
        check_tree(inner, label)
        return inner

    # ------------------------------------------------------------- properties
    def _properties(self, payload: "bytes", label: "str") -> None:
        for number, raw in enumerate(properties.split_lines(payload), 1):
            parsed = properties.parse_line(raw)
            if parsed is None:
                continue
            if isinstance(parsed, str):
                self.fail(f"{label} line {number} refused: {parsed}")
                continue
            key, value = parsed
            self.action(f"set property {key}")
            if not self.dry_run:
                self.env[key] = value

    # ---------------------------------------------------------------- scripts
    def _run_script(self, payload: "bytes", label: "str", content_type: "str") -> None:
        key = self.record.script_key(payload)
        done = self.record.completed(key)
        if done is not None:
            self.action(f"skip script {label} (completed {done}, run-once record {self.record.where})")
            return
        self.action(f"run script {label}")
        if self.dry_run:
            return
        path = self.temp_file(label, payload, 0o700)
        try:
            ran = self._execute(runner.script_command(content_type, path, payload), f"script {label}", payload)
        except OSError as exc:
            self.fail(f"execution of {label} failed: {reason(exc)}")
            ran = False
        finally:
            unlink(path)
        if ran:
            note = self.record.mark(key, label)
            if note:
                self.warn(note)

    def _execute(self, command: "list[str]", what: "str", payload: "bytes" = b"") -> "bool":
        try:
            return self.run_command(command, what)
        except PermissionError:
            # A working directory on a noexec file system: run the interpreter line by hand.
            interpreter = runner.interpreter(payload)
            if interpreter is None:
                raise
            return self.run_command(interpreter + command[-1:], what)

    def run_command(self, command: "list[str]", what: "str", extra_env: "Mapping[str, str] | None" = None) -> "bool":
        """Run ``command`` (``what`` names it: ``script NAME``); True when it exited 0."""
        env = dict(self.env)
        env.update(extra_env or {})
        self.out.flush()
        self.err.flush()
        self.current = what
        status = runner.run(command, self.workdir(), env)
        self.current = None
        if status == 0:
            return True
        label = what.split(" ", 1)[-1]
        if status < 0:
            self.fail(f"execution of {label} failed: killed by {runner.signal_name(-status)}")
        else:
            self.fail(f"execution of {label} failed with status {status}")
        return False

    # ------------------------------------------------------------------ facts
    def _facts(self, part: "Message", label: "str") -> None:
        name = posixpath.basename((part.get_filename() or "").replace("\\", "/"))
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        stem = _SAFE_NAME_RE.sub("_", stem).strip("._") or f"facts-{self.leaves}"
        target = self.tree.components(f"/etc/facter/facts.d/{stem}.yaml")
        data = self._payload(part, label)
        self.action(f"write {self.tree.display(target)} (0600)")
        if not self.dry_run:
            self.tree.write(target, data, 0o600, None)

    # ------------------------------------------------------------------ files
    def _extract(self, part: "Message", label: "str") -> None:
        target = self._target(str(part.get_filename()))
        where = self.tree.display(target)
        overwrite = (part.get("X-overwrite") or "").strip().lower() in TRUE_WORDS
        try:
            mode = None if part.get("X-Mode") is None else parse_mode(part.get("X-Mode"), self.allow_setid)
            owner = None if part.get("X-Owner") is None else parse_owner(part.get("X-Owner"))
        except ValueError as exc:
            self.fail(f"write {where} refused: {exc}; nothing written")
            return
        data = self._payload(part, label)
        existing = self.tree.lstat(target)
        if existing is not None and not overwrite:
            self.action(f"keep {where} (it exists and X-overwrite is not set)")
            return
        if mode is None:
            mode = stat.S_IMODE(existing.st_mode) if existing and stat.S_ISREG(existing.st_mode) else 0o644
            if mode & SETID_BITS and not self.allow_setid:
                self.fail(f"write {where} refused: the file there is setuid or setgid ({mode:04o}) and no X-Mode "
                          "is given; nothing written")
                return
        owned = "" if owner is None else ", owner {}".format(" ".join(str(part.get("X-Owner")).split()))
        self.action(f"write {where} ({mode:04o}{owned})")
        if not self.dry_run:
            self.tree.write(target, data, mode, owner)

    def _target(self, filename: "str") -> "list[str]":
        """Where a part named ``filename`` is extracted; relative names land in the working directory."""
        if posixpath.isabs(filename):
            return self.tree.components(filename)
        if self.dry_run and self._workdir is None:
            base = ["tmp"] if self.root else self.tree.split(os.environ.get("TMPDIR") or "/tmp")
            return self.tree.components(filename, [*base, "<workdir>"])
        return self.tree.components(filename, self.tree.split(self.workdir()))

    # --------------------------------------------------------------- includes
    def _include(self, part: "Message", depth: "int", once: "bool") -> None:
        allowed = {url for value in part.get_all(ALLOW_HTTP_HEADER) or [] for url in str(value).split()}
        for raw in self._payload(part, self._label(part)).split(b"\n"):
            url = raw.decode("utf-8", "replace").strip()
            if not url or url.startswith("#"):
                continue
            reason = url_refusal(url, url in allowed)
            if reason is not None:
                self.fail(f"include {url} refused: {reason}")
                continue
            key = self.record.include_key(url) if once else ""
            done = self.record.completed(key) if once else None
            if done is not None:
                self.action(f"skip include-once {url} (completed {done}, run-once record {self.record.where})")
                continue
            self.action(f"include {url}")
            if self.dry_run:
                continue
            if depth >= self.max_depth:
                self.fail(f"include {url} failed: more than {self.max_depth} nested includes")
                continue
            if self.fetches >= MAX_INCLUDES:
                self.fail(f"include {url} failed: more than {MAX_INCLUDES} include fetches in one run")
                continue
            self.fetches += 1
            failures = self.failures
            try:
                entity = self.fetch(url, self.env, self.budget.allowance())
                check_tree(entity, url)
            except (InputError, PartError, LimitError) as exc:
                self.fail(f"include {url} failed: {exc}")
                continue
            self.process(entity, depth + 1)
            if once and self.failures == failures:
                note = self.record.mark(key, url)
                if note:
                    self.warn(note)

    # ------------------------------------------------------------------ paths
    def workdir(self) -> "str":
        """The scripts' working directory, made on first use (under ``ROOT/tmp`` with a root).

        It is made again if a script removed it (a cleaner emptying /tmp).
        """
        if self._workdir is None or not os.path.isdir(self._workdir):
            if self.root is None:
                self._workdir = tempfile.mkdtemp(prefix="oscmd-init.")
            else:
                self._workdir = self.tree.display(self.tree.make_temp_dir(["tmp"], "oscmd-init."))
        return self._workdir

    def temp_file(self, label: "str", data: "bytes", mode: "int", suffix: "str" = "") -> "str":
        prefix = (_SAFE_NAME_RE.sub("_", posixpath.basename(label)).strip("._") or "part")[:40] + "."
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=self.workdir())
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(path, mode)
        except OSError:
            unlink(path)
            raise
        return path


def unlink(path: "str") -> None:
    """Remove the file ``path`` if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def reason(exc: "BaseException") -> "str":
    """One line saying why ``exc`` happened."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
