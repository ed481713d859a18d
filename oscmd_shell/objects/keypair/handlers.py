"""The verbs of ``keypair``: dump, create (saving the private key), import and delete.

``create`` checks the target file before asking EC2 for a key, writes the
private key under a name nobody can predict or pre-link, mode 0600 from the
first byte (creating a missing directory 0700), and, if that write fails or
SIGINT, SIGTERM or SIGHUP arrives before the key is saved, deletes the new key
pair again (and the file, if written) so nothing is left that nobody holds the
key of; the message says so.  The private key never appears in any output.
``import`` checks the public key file locally before sending it.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...context import Invocation
from ...critical import Forced, Held, hold_signals
from ...errors import ApiError, Interrupted, UsageError
from ...fileio import write_private
from ...keyfiles import key_path
from ...output.results import Message, Records
from .. import generic
from ..tagging import creator_tags, tag_specs
from .pubkey import read_public_key
from .view import dump_text


def _sorted_keys(inv: Invocation) -> list[list[dict[str, Any]]]:
    """One target's key pairs, by name."""
    rows = [row for page in generic.target_rows(inv, raw=True) for row in page]
    return [sorted(rows, key=lambda row: str(row.get("name") or ""))]


def dump(inv: Invocation) -> Records:
    return generic.dump_records(inv, generic.across(inv, _sorted_keys), dump_text)


def _key_file(inv: Invocation, name: str, where: str) -> Path:
    """DIR/NAME.pem, checked: a usable directory (or none yet) and no existing file."""
    directory = inv.ctx.env.expand(str(inv.args.get("output_directory") or "~/.ssh"))
    path = key_path(directory, name)
    if path is None:
        raise UsageError(f"{where}: the key name '{name}' cannot be used as a file name")
    if path.exists() or path.is_symlink():
        raise UsageError(f"{where}: {path} already exists; remove it or choose another -n/-o "
                         "(no key pair was created)")
    parent = directory
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"{where}: {parent} is not a directory (no key pair was created)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{where}: cannot write in {parent} (no key pair was created)")
    return path


@dataclass
class _Progress:
    """How far ``create`` got: what an interruption has to undo or report."""

    created: bool = False
    written: bool = False


def create(inv: Invocation) -> Message:
    where = "keypair create"
    name = str(inv.args["name"])
    path = _key_file(inv, name, where)
    params: dict[str, Any] = {"KeyName": name, "KeyType": inv.args.get("key_type") or "rsa"}
    specs = tag_specs("key-pair", creator_tags(inv.ctx.user))
    if specs:
        params["TagSpecifications"] = specs
    progress = _Progress()
    try:
        with hold_signals() as held:
            return _create(inv, name, path, params, held, progress)
    except Forced:
        raise Interrupted(_forced(name, path, progress)) from None


def _create(inv: Invocation, name: str, path: Path, params: dict[str, Any], held: Held,
            progress: _Progress) -> Message:
    """Create the key pair and save its key, or undo: run with SIGINT, SIGTERM and SIGHUP held."""
    try:
        answer = inv.ec2.create_key_pair(**params)
    except Exception as exc:
        signame = held.take()
        if signame is not None:
            raise Interrupted(f"interrupted by {signame}; creating the key pair '{name}' failed: {_reason(exc)}") \
                from exc
        raise
    progress.created = True
    material = str(answer.pop("KeyMaterial", "") or "")
    fingerprint = answer.get("KeyFingerprint")
    signame = held.take()
    if signame is None:
        try:
            if not material:
                raise OSError("EC2 returned no key material")
            write_private(path, material.encode("utf-8"), exclusive=True, tighten_dir=False)
        except OSError as exc:
            held.take()  # the undo below is what any signal asked for
            raise _undo(inv, name, path, exc) from None
        progress.written = True
        signame = held.take()
    if signame is not None:
        raise _interrupted(inv, name, path if progress.written else None, signame)
    data = {"name": name, "id": answer.get("KeyPairId"), "fingerprint": fingerprint, "file": str(path),
            "type": params["KeyType"]}
    return Message([f"created key pair {name} ({fingerprint})", f"private key saved to {path}"], data=data,
                   ids=(name,))


def _reason(exc: Exception) -> str:
    from ...aws.errors import translate

    translated = translate(exc)
    return translated.message if translated is not None else str(exc) or exc.__class__.__name__


def _delete_again(inv: Invocation, name: str) -> str | None:
    """Delete the key pair just created; the reason when that fails."""
    try:
        inv.ec2.delete_key_pair(KeyName=name)
    except Exception as exc:
        return _reason(exc)
    return None


def _undo(inv: Invocation, name: str, path: Path, exc: OSError) -> ApiError:
    reason = exc.strerror or str(exc) or exc.__class__.__name__
    if isinstance(exc, FileExistsError):
        reason = "the file appeared meanwhile"
    why = _delete_again(inv, name)
    if why is not None:
        return ApiError(f"could not write {path}: {reason}; deleting the new key pair '{name}' failed too "
                        f"({why}): delete it with {_delete_command(name)}")
    return ApiError(f"could not write {path}: {reason}; the new key pair '{name}' was deleted again")


def _interrupted(inv: Invocation, name: str, written: Path | None, signame: str) -> Interrupted:
    """Undo a creation a signal interrupted: delete the key pair, then the file if it was written."""
    why = _delete_again(inv, name)
    if why is not None:
        kept = f"; its private key is in {written}" if written is not None else ""
        return Interrupted(f"interrupted by {signame}; deleting the new key pair '{name}' failed ({why}){kept}: "
                           f"delete it with {_delete_command(name)}")
    if written is None:
        return Interrupted(f"interrupted by {signame}: the new key pair '{name}' was deleted again; "
                           "no file was written")
    try:
        written.unlink()
    except OSError as exc:
        return Interrupted(f"interrupted by {signame}: the new key pair '{name}' was deleted again; "
                           f"remove {written} ({exc.strerror or exc})")
    return Interrupted(f"interrupted by {signame}: the new key pair '{name}' was deleted again and {written} "
                       "removed")


def _delete_command(name: str) -> str:
    return f"'oscmd -y keypair -i {shlex.quote(name)} delete'"


def _forced(name: str, path: Path, progress: _Progress) -> str:
    """What a second signal left behind, and how to check it."""
    delete = _delete_command(name)
    if not progress.created:
        return (f"interrupted again while EC2 was creating the key pair '{name}': it may exist with nobody holding "
                f"its private key; check with 'oscmd keypair -i {shlex.quote(name)} exist' and delete it with {delete}")
    held = f"its private key is in {path}" if progress.written else "nobody holds its private key"
    return f"interrupted again before the new key pair '{name}' was deleted: it may still exist ({held}): {delete}"


def import_(inv: Invocation) -> Message:
    where = "keypair import"
    name = str(inv.args["name"])
    shown = str(inv.args["file"])
    material = read_public_key(inv.ctx.env.expand(shown), shown, where)
    params: dict[str, Any] = {"KeyName": name, "PublicKeyMaterial": material}
    specs = tag_specs("key-pair", creator_tags(inv.ctx.user))
    if specs:
        params["TagSpecifications"] = specs
    answer = inv.ec2.import_key_pair(**params)
    fingerprint = answer.get("KeyFingerprint")
    data = {"name": name, "id": answer.get("KeyPairId"), "fingerprint": fingerprint, "file": shown}
    return Message(f"imported key pair {name} ({fingerprint})", data=data, ids=(name,))


def delete(inv: Invocation) -> Message:
    key = inv.target
    inv.ec2.delete_key_pair(KeyName=key.id)
    return Message(f"{key.id} deleted", data={"name": key.id, "id": key.raw.get("KeyPairId"), "deleted": True},
                   ids=(key.id,))
