"""Walk a user-data MIME tree once, depth first, and carry out the action of each leaf.

Containers (``multipart/*`` and embedded ``message/rfc822`` documents) are
descended into exactly once and every leaf is handled exactly once, in
document order, by content type: properties become environment variables for
what runs later, scripts run, facts and files are written, packages are
installed and included URLs are fetched and walked in turn.  One line is
printed per action as it happens; a failed action is reported and the walk goes
on.  ``root`` confines every path written (and the scripts' working directory)
to one directory; ``dry_run`` only prints the actions.  Standard library only.
"""

import base64
import os
import posixpath
import quopri
import re
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from email.message import Message
from typing import TextIO

from . import packages
from .mimeparts import PartError, gunzip_bytes, is_transfer_encoded, parse_document, serialize
from .mimetypes_table import is_container
from .sources import InputError, check_tree, fetch_entity

#: Property names that would subvert the scripts run afterwards.
REFUSED_PROPERTIES = ("PATH", "IFS", "HOME", "OSCMD_ROOT")
REFUSED_PREFIXES = ("LD_",)
DEFAULT_MAX_DEPTH = 5
TRUE_WORDS = ("true", "yes", "1")
SCRIPT_TYPES = ("text/x-shellscript", "text/x-executable", "text/x-python")
INCLUDE_TYPES = ("text/x-include-url", "text/x-include-once-url")

_SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")
_ENV_NAME_RE = re.compile(r"^[^=\0\s]+$")


class Decoder:
    """Carries out the leaves of one or more MIME trees and counts the failures.

    ``env`` is the environment the scripts and installers inherit (the
    decoder's own by default); ``fetch`` turns an include URL into a MIME
    entity (headers and body) and exists so tests can replace it.
    """

    def __init__(
        self,
        root: "str | None" = None,
        dry_run: "bool" = False,
        max_depth: "int" = DEFAULT_MAX_DEPTH,
        env: "Mapping[str, str] | None" = None,
        out: "TextIO | None" = None,
        err: "TextIO | None" = None,
        fetch: "Callable[[str, Mapping[str, str]], bytes] | None" = None,
    ) -> None:
        self.root = os.path.abspath(root) if root else None
        self.dry_run = dry_run
        self.max_depth = max_depth
        self.env = dict(os.environ if env is None else env)
        if self.root:
            self.env["OSCMD_ROOT"] = self.root
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.fetch = fetch if fetch is not None else fetch_entity
        self.failures = 0
        self.leaves = 0
        self._workdir: str | None = None

    # ----------------------------------------------------------------- output
    def _print(self, stream: "TextIO", text: "str") -> None:
        line = "".join(c if c.isprintable() or c == "\t" else "?" for c in text) + "\n"
        try:
            stream.write(line)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(line.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()

    def action(self, text: "str") -> None:
        """Report one action (standard output)."""
        self._print(self.out, text)

    def warn(self, text: "str") -> None:
        """Report something skipped that does not make the run fail (standard error)."""
        self._print(self.err, "warning: " + text)

    def fail(self, text: "str") -> None:
        """Report a failed action (standard error); the run will end with status 1."""
        self.failures += 1
        self._print(self.err, text)

    # ------------------------------------------------------------------- walk
    def process(self, message: "Message", depth: "int" = 0) -> None:
        """Handle every leaf of ``message``, in document order, each once."""
        content_type = message.get_content_type()
        if is_container(content_type) and (is_transfer_encoded(message) or not message.is_multipart()):
            # A container sent base64 (or left unparsed): decode it, then walk what it holds.
            try:
                inner = self._decoded_container(message)
            except (PartError, InputError, ValueError) as exc:
                self.fail(f"{self._label(message)} ({content_type}) failed: {_reason(exc)}")
                return
            self.process(inner, depth)
            return
        if message.is_multipart():
            for part in message.get_payload():
                if isinstance(part, Message):
                    self.process(part, depth)
            return
        self.leaves += 1
        label = self._label(message)
        try:
            self._dispatch(message, content_type, label, depth)
        except (PartError, InputError, OSError, ValueError) as exc:
            self.fail(f"{label} ({content_type}) failed: {_reason(exc)}")

    def finish(self) -> "int":
        """Remove the working directory if nothing was left in it; the exit status (0 or 1)."""
        if self._workdir is not None:
            try:
                os.rmdir(self._workdir)
            except OSError:
                pass
        return 1 if self.failures else 0

    def _dispatch(self, part: "Message", content_type: "str", label: "str", depth: "int") -> None:
        if content_type == "text/properties":
            self._properties(self._payload(part), label)
        elif content_type in SCRIPT_TYPES:
            self._run_script(self._payload(part), label, content_type)
        elif content_type == "application/facter-yaml":
            self._facts(part, label)
        elif content_type == "application/x-rpm":
            self._install_rpm(self._payload(part), label)
        elif content_type == "text/x-packagelist":
            self._install_packages(self._payload(part), label)
        elif content_type in INCLUDE_TYPES:
            self._include(self._payload(part), depth)
        elif part.get_filename():
            self._extract(part)
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

    def _payload(self, part: "Message") -> "bytes":
        data = part.get_payload(decode=True)
        payload = bytes(data) if isinstance(data, (bytes, bytearray)) else b""
        if (part.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
            payload = gunzip_bytes(payload)
        return payload

    def _decoded_container(self, part: "Message") -> "Message":
        """The document inside a container part whose body the parser could not read as MIME."""
        if part.is_multipart():
            # message/rfc822 sent base64: the parser took the encoded text for a message body.
            raw = b"".join(serialize(sub) for sub in part.get_payload() if isinstance(sub, Message))
            encoding = str(part.get("Content-Transfer-Encoding")).strip().lower()
            payload = base64.b64decode(raw) if encoding == "base64" else quopri.decodestring(raw)
            if (part.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
                payload = gunzip_bytes(payload)
        else:
            payload = self._payload(part)
        try:
            inner = parse_document(payload)
        except PartError:
            if part.get_content_maintype() != "multipart":
                raise
            # A bare multipart body: its headers are those of the part.
            head = "Content-Type: {}\n\n".format(part.get("Content-Type", "text/plain"))
            inner = parse_document(head.encode("utf-8", "surrogateescape") + payload)
        check_tree(inner, self._label(part))
        return inner

    # ------------------------------------------------------------- properties
    def _properties(self, payload: "bytes", label: "str") -> None:
        text = payload.decode("utf-8", "replace")
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if ":" not in line:
                self.warn(f"{label} line {number}: no ':' in {line!r}, line ignored")
                continue
            key, value = (item.strip() for item in line.split(":", 1))
            if not _ENV_NAME_RE.match(key):
                self.warn(f"{label} line {number}: {key!r} is not a usable variable name, line ignored")
                continue
            if key in REFUSED_PROPERTIES or key.startswith(REFUSED_PREFIXES):
                self.warn(f"property {key} refused (reserved name)")
                continue
            self.action(f"set property {key}")
            if not self.dry_run:
                self.env[key] = value.replace("\0", "")

    # ---------------------------------------------------------------- scripts
    def _run_script(self, payload: "bytes", label: "str", content_type: "str") -> None:
        self.action(f"run script {label}")
        if self.dry_run:
            return
        path = self._temp_file(label, payload, 0o700)
        try:
            self._execute(_script_command(content_type, path, payload), label, payload)
        except OSError as exc:
            self.fail(f"execution of {label} failed: {_reason(exc)}")
        finally:
            _unlink(path)

    def _execute(self, command: "list[str]", label: "str", payload: "bytes" = b"") -> "bool":
        try:
            return self._run(command, label)
        except PermissionError:
            # A working directory on a noexec file system: run the interpreter line by hand.
            interpreter = _interpreter(payload)
            if interpreter is None:
                raise
            return self._run(interpreter + command[-1:], label)

    def _run(self, command: "list[str]", label: "str", extra_env: "Mapping[str, str] | None" = None) -> "bool":
        env = dict(self.env)
        env.update(extra_env or {})
        self.out.flush()
        self.err.flush()
        status = subprocess.call(command, cwd=self.workdir(), env=env, stdin=subprocess.DEVNULL)
        if status == 0:
            return True
        if status < 0:
            self.fail(f"execution of {label} failed: killed by signal {-status}")
        else:
            self.fail(f"execution of {label} failed with status {status}")
        return False

    # ------------------------------------------------------------------ facts
    def _facts(self, part: "Message", label: "str") -> None:
        name = posixpath.basename((part.get_filename() or "").replace("\\", "/"))
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        stem = _SAFE_NAME_RE.sub("_", stem).strip("._") or f"facts-{self.leaves}"
        path = self._inside(f"/etc/facter/facts.d/{stem}.yaml")
        self.action(f"write {path} (0600)")
        if not self.dry_run:
            _write_file(path, self._payload(part), 0o600, None)

    # ------------------------------------------------------------------ files
    def _extract(self, part: "Message") -> None:
        filename = str(part.get_filename())
        path = self._target(filename)
        overwrite = (part.get("X-overwrite") or "").strip().lower() in TRUE_WORDS
        mode = self._mode(part.get("X-Mode"))
        owner = self._owner(part.get("X-Owner"))
        exists = os.path.lexists(path)
        if exists and not overwrite:
            self.action(f"keep {path} (it exists and X-overwrite is not set)")
            return
        if mode is None:
            mode = stat.S_IMODE(os.stat(path).st_mode) if exists and os.path.isfile(path) else 0o644
        self.action(f"write {path} ({mode:04o})")
        if not self.dry_run:
            _write_file(path, self._payload(part), mode, owner)

    def _mode(self, value: "object") -> "int | None":
        if value is None:
            return None
        text = str(value).strip()
        try:
            mode = int(text, 8)
        except ValueError:
            mode = -1
        if not 0 <= mode <= 0o7777:
            self.fail(f"invalid mode: {text}")
            return None
        return mode

    def _owner(self, value: "object") -> "tuple[int, int] | None":
        if value is None:
            return None
        text = str(value).strip()
        user, _, group = text.partition(":")
        try:
            uid = _user_id(user) if user else -1
            gid = _group_id(group) if group else -1
        except KeyError:
            self.fail(f"invalid owner: {text}")
            return None
        return uid, gid

    # --------------------------------------------------------------- packages
    def _install_rpm(self, payload: "bytes", label: "str") -> None:
        if self.root is not None:
            self.action(f"skip install rpm {label} (--root: an install would change the whole system)")
            return
        self.action(f"install rpm {label}")
        if self.dry_run:
            return
        manager = packages.find_manager(packages.RPM_MANAGERS, self.env.get("PATH"))
        if manager is None:
            self.fail("execution of {} failed: no rpm installer found ({})".format(
                label, ", ".join(packages.RPM_MANAGERS)))
            return
        path = self._temp_file(label, payload, 0o600, suffix=".rpm")
        try:
            for command in packages.install_rpm_commands(manager, path):
                if not self._install(command, label, manager):
                    break
        finally:
            _unlink(path)

    def _install_packages(self, payload: "bytes", label: "str") -> None:
        names = []
        for line in payload.decode("utf-8", "replace").splitlines():
            if line.strip().startswith("#"):
                continue
            for name in line.split():
                if packages.is_package_name(name):
                    names.append(name)
                else:
                    self.warn(f"{label}: {name!r} is not a package name, ignored")
        if not names:
            self.action(f"skip {label} (no package named)")
            return
        if self.root is not None:
            self.action("skip install packages {} (--root: an install would change the whole system)".format(
                " ".join(names)))
            return
        self.action("install packages {}".format(" ".join(names)))
        if self.dry_run:
            return
        manager = packages.find_manager(packages.PACKAGE_MANAGERS, self.env.get("PATH"))
        if manager is None:
            self.fail("execution of {} failed: no package manager found ({})".format(
                label, ", ".join(packages.PACKAGE_MANAGERS)))
            return
        for command in packages.install_packages_commands(manager, names):
            if not self._install(command, label, manager):
                break

    def _install(self, command: "list[str]", label: "str", manager: "str") -> "bool":
        try:
            return self._run(command, label, packages.manager_environment(manager))
        except OSError as exc:
            self.fail(f"execution of {label} failed: {_reason(exc)}")
            return False

    # --------------------------------------------------------------- includes
    def _include(self, payload: "bytes", depth: "int") -> None:
        for raw in payload.decode("utf-8", "replace").splitlines():
            url = raw.strip()
            if not url or url.startswith("#"):
                continue
            if not url.lower().startswith(("http://", "https://")):
                self.warn(f"include {url}: not an http or https URL, ignored")
                continue
            self.action(f"include {url}")
            if self.dry_run:
                continue
            if depth >= self.max_depth:
                self.fail(f"include {url} failed: more than {self.max_depth} nested includes")
                continue
            try:
                entity = parse_document(self.fetch(url, self.env))
                check_tree(entity, url)
            except (InputError, PartError) as exc:
                self.fail(f"include {url} failed: {exc}")
                continue
            self.process(entity, depth + 1)

    # ------------------------------------------------------------------ paths
    def workdir(self) -> "str":
        """The scripts' working directory, made on first use (under ``ROOT/tmp`` with a root).

        It is made again if a script removed it (a cleaner emptying /tmp).
        """
        if self._workdir is None or not os.path.isdir(self._workdir):
            base = None
            if self.root is not None:
                base = self._inside("/tmp")
                os.makedirs(base, exist_ok=True)
            self._workdir = tempfile.mkdtemp(prefix="oscmd-init.", dir=base)
        return self._workdir

    def _inside(self, path: "str") -> "str":
        """The absolute ``path`` as seen through the root."""
        clean = posixpath.normpath("/" + path.lstrip("/"))
        return self.root + clean if self.root else clean

    def _target(self, filename: "str") -> "str":
        """Where a part named ``filename`` is extracted; relative names land in the working directory."""
        if posixpath.isabs(filename):
            return self._inside(filename)
        base = "<workdir>" if self.dry_run and self._workdir is None else self.workdir()
        path = posixpath.normpath(posixpath.join(base, filename))
        outside = self.root is not None and os.path.commonpath([self.root, path]) != self.root
        if outside and not self.dry_run:
            raise ValueError(f"{filename} is outside {self.root}")
        return path

    def _temp_file(self, label: "str", data: "bytes", mode: "int", suffix: "str" = "") -> "str":
        prefix = (_SAFE_NAME_RE.sub("_", posixpath.basename(label)).strip("._") or "part")[:40] + "."
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=self.workdir())
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(path, mode)
        except OSError:
            _unlink(path)
            raise
        return path


def _script_command(content_type: "str", path: "str", payload: "bytes") -> "list[str]":
    if content_type == "text/x-shellscript":
        return ["/bin/sh", path]
    if payload.startswith((b"#!", b"\x7fELF")):
        return [path]
    if content_type == "text/x-python":
        return [sys.executable, path]
    return ["/bin/sh", path]


def _interpreter(payload: "bytes") -> "list[str] | None":
    """The interpreter and its one argument from a ``#!`` line, as the kernel would read them."""
    if not payload.startswith(b"#!"):
        return None
    line = payload[2:].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if not line:
        return None
    return line.split(None, 1)


def _write_file(path: "str", data: "bytes", mode: "int", owner: "tuple[int, int] | None") -> None:
    """Write ``path`` atomically (a temporary file renamed over it) with ``mode`` and ``owner``."""
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        if owner is not None:
            os.chown(temp, owner[0], owner[1])
        os.replace(temp, path)
    except BaseException:
        _unlink(temp)
        raise


def _unlink(path: "str") -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _user_id(user: "str") -> "int":
    import pwd  # POSIX only: imported when needed so the constants here load anywhere

    return int(user) if user.isdigit() else pwd.getpwnam(user).pw_uid


def _group_id(group: "str") -> "int":
    import grp

    return int(group) if group.isdigit() else grp.getgrnam(group).gr_gid


def _reason(exc: "BaseException") -> "str":
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
