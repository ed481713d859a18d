"""The action of each kind of leaf: properties, scripts, facts and files.

Properties become environment variables for what runs later; a script runs
once (see :mod:`.runonce`) in the working directory; facts and files are
written inside the confined tree (see :mod:`.fsroot`), keeping an existing
file unless ``X-overwrite`` says otherwise.  One line is printed per action.
Standard library only.
"""

import os
import posixpath
import stat
from email.message import Message

from . import properties, runner
from .fsroot import SETID_BITS, parse_mode, parse_owner
from .workspace import SAFE_NAME_RE, Workspace, reason, unlink

TRUE_WORDS = ("true", "yes", "1")


class Leaves(Workspace):
    """Carries out the properties, script, facts and file leaves."""

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

    # ------------------------------------------------------------------ facts
    def _facts(self, part: "Message", label: "str") -> None:
        name = posixpath.basename((part.get_filename() or "").replace("\\", "/"))
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        stem = SAFE_NAME_RE.sub("_", stem).strip("._") or f"facts-{self.leaves}"
        target = self.tree.components(f"/etc/facter/facts.d/{stem}.yaml")
        data = self._payload(part, label)
        self.action(f"write {self.tree.display(target)} (0600)")
        if not self.dry_run:
            self.tree.write(target, data, 0o600, None)

    # ------------------------------------------------------------------ files
    def _extract(self, part: "Message", label: "str") -> None:
        target = self._target(str(part.get_filename()))
        where = self.tree.display(target)
        if target[:len(self.record.parts)] == self.record.parts:  # a part must not say what already ran
            self.fail(f"write {where} refused: it is inside the run-once record {self.record.where}; nothing written")
            return
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
