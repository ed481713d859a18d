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
directory) to one directory; ``dry_run`` only prints the actions.  This module
is the walk; the leaves' actions are :mod:`.leaves` and :mod:`.packages`, the
run's state and the commands it runs :mod:`.workspace`.  Standard library only.
"""

import base64
import quopri
from email.message import Message

from . import packages
from .fsroot import PathError
from .leaves import Leaves
from .limits import MAX_INCLUDES, MAX_NESTING, MAX_PARTS, LimitError
from .mimeparts import PartError, is_transfer_encoded, parse_document, serialize
from .mimetypes_table import is_container, plain_type
from .sources import InputError, check_tree
from .urlrules import ALLOW_HTTP_HEADER, url_refusal
from .workspace import reason

SCRIPT_TYPES = ("text/x-shellscript", "text/x-executable", "text/x-python")
INCLUDE_TYPES = ("text/x-include-url", "text/x-include-once-url")
_FAILURES = (PartError, InputError, PathError, OSError, ValueError)


class Decoder(Leaves):
    """Walks one or more MIME trees, carries out their leaves and counts the failures.

    The arguments are :class:`~.workspace.Workspace`'s; ``max_depth`` bounds nested includes.
    """

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
        if self.leaves > MAX_PARTS:
            if self.leaves == MAX_PARTS + 1:
                self.fail(f"more than {MAX_PARTS} parts in this run: the rest is not carried out")
            return
        label = self._label(message)
        try:
            self._dispatch(message, content_type, label, depth)
        except _FAILURES as exc:
            self.fail(f"{label} ({content_type}) failed: {reason(exc)}")

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
