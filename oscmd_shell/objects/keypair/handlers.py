"""The verbs of ``keypair``: dump, create (saving the private key), import and delete.

``create`` checks the target file before asking EC2 for a key, writes the
private key atomically with mode 0600 (creating a missing directory 0700) and,
if that write fails, deletes the new key pair again so nothing is left that
nobody holds the key of.  The private key never appears in any output.
``import`` checks the public key file locally before sending it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ...context import Invocation
from ...errors import ApiError, UsageError
from ...fileio import write_private
from ...output.results import Details, Message
from ..generic import selected
from ..tagging import creator_tags, tag_specs
from .pubkey import read_public_key
from .view import dump_text


def dump(inv: Invocation) -> Details:
    items = sorted(selected(inv), key=lambda item: str(item[0].get("name") or ""))
    return Details(inv.kind.name, items, dump_text)


def _key_file(inv: Invocation, name: str, where: str) -> Path:
    """DIR/NAME.pem, checked: a usable directory (or none yet) and no existing file."""
    if not name or "/" in name or name in (".", "..") or "\0" in name:
        raise UsageError(f"{where}: the key name '{name}' cannot be used as a file name")
    directory = inv.ctx.env.expand(str(inv.args.get("output_directory") or "~/.ssh"))
    path = directory / f"{name}.pem"
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


def create(inv: Invocation) -> Message:
    where = "keypair create"
    name = str(inv.args["name"])
    path = _key_file(inv, name, where)
    params: dict[str, Any] = {"KeyName": name, "KeyType": inv.args.get("key_type") or "rsa"}
    specs = tag_specs("key-pair", creator_tags(inv.ctx.user))
    if specs:
        params["TagSpecifications"] = specs
    answer = inv.ec2.create_key_pair(**params)
    material = str(answer.pop("KeyMaterial", "") or "")
    fingerprint = answer.get("KeyFingerprint")
    try:
        if not material:
            raise OSError("EC2 returned no key material")
        write_private(path, material.encode("utf-8"), exclusive=True, tighten_dir=False)
    except OSError as exc:
        raise _undo(inv, name, path, exc) from None
    data = {"name": name, "id": answer.get("KeyPairId"), "fingerprint": fingerprint, "file": str(path),
            "type": params["KeyType"]}
    return Message([f"created key pair {name} ({fingerprint})", f"private key saved to {path}"], data=data,
                   ids=(name,))


def _undo(inv: Invocation, name: str, path: Path, exc: OSError) -> ApiError:
    reason = exc.strerror or str(exc) or exc.__class__.__name__
    if isinstance(exc, FileExistsError):
        reason = "the file appeared meanwhile"
    try:
        inv.ec2.delete_key_pair(KeyName=name)
    except Exception as undo_exc:
        from ...aws.errors import translate

        translated = translate(undo_exc)
        why = translated.message if translated is not None else str(undo_exc)
        return ApiError(f"could not write {path}: {reason}; deleting the new key pair '{name}' failed too "
                        f"({why}): delete it with 'oscmd keypair -n {name} delete -y'")
    return ApiError(f"could not write {path}: {reason}; the new key pair '{name}' was deleted again")


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
