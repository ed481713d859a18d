"""Install the packages a bundle names: pick the instance's package manager and run it non-interactively.

Package lists (``text/x-packagelist``) are installed with dnf, yum, apt-get or
zypper, local rpm files (``application/x-rpm``) with dnf, yum, zypper or rpm,
whichever is found first on the decoder's ``PATH``.  Under ``--root`` nothing
is installed (an install changes the whole system): the decoder says so.
Standard library only.
"""

import re
import shutil
from collections.abc import Callable

from .workspace import Workspace, reason, unlink

PACKAGE_MANAGERS = ("dnf", "yum", "apt-get", "zypper")
RPM_MANAGERS = ("dnf", "yum", "zypper", "rpm")

# A package name, possibly with a version or architecture; never an option.
_NAME_RE = re.compile(r"^[A-Za-z0-9_+][A-Za-z0-9._+:~=<>*@/-]*$")


def find_manager(candidates: "tuple[str, ...]", path: "str | None") -> "str | None":
    """The first of ``candidates`` found on ``path`` (a ``PATH`` string), else None."""
    for name in candidates:
        if shutil.which(name, path=path):
            return name
    return None


def is_package_name(name: "str") -> "bool":
    """True when ``name`` can be given to a package manager: it cannot be read as an option, a URL (dnf and
    zypper would fetch and install an rpm, unsigned and perhaps over plain http), an rpm file (those are
    ``application/x-rpm`` parts) or a removal (apt-get removes ``name-``)."""
    return bool(_NAME_RE.match(name)) and "://" not in name and not name.endswith("-") \
        and not name.lower().endswith(".rpm")


def names_in(payload: "bytes", ignored: "Callable[[str], None]") -> "list[str]":
    """The package names of a ``text/x-packagelist`` body (``#`` lines skipped); ``ignored`` hears the others."""
    names = []
    for line in payload.decode("utf-8", "replace").split("\n"):
        if line.strip().startswith("#"):
            continue
        for name in line.split():
            if is_package_name(name):
                names.append(name)
            else:
                ignored(name)
    return names


def install_packages_commands(manager: "str", names: "list[str]") -> "list[list[str]]":
    """The commands installing ``names`` with ``manager``, in the order to run them."""
    if manager in ("dnf", "yum"):
        return [[manager, "-y", "install", *names]]
    if manager == "apt-get":
        return [["apt-get", "-q", "update"], ["apt-get", "-y", "-q", "install", *names]]
    if manager == "zypper":
        return [["zypper", "--non-interactive", "install", *names]]
    raise ValueError(f"unknown package manager: {manager}")


def install_rpm_commands(manager: "str", path: "str") -> "list[list[str]]":
    """The commands installing the local rpm file ``path`` with ``manager``."""
    if manager in ("dnf", "yum"):
        return [[manager, "-y", "install", path]]
    if manager == "zypper":
        return [["zypper", "--non-interactive", "install", path]]
    if manager == "rpm":
        return [["rpm", "-U", "--replacepkgs", path]]
    raise ValueError(f"unknown rpm installer: {manager}")


def manager_environment(manager: "str") -> "dict[str, str]":
    """Extra environment variables ``manager`` needs to run without a terminal."""
    return {"DEBIAN_FRONTEND": "noninteractive"} if manager == "apt-get" else {}


def install_rpm(decoder: "Workspace", payload: "bytes", label: "str") -> None:
    """Install the rpm file ``payload`` (the part ``label``)."""
    if decoder.root is not None:
        decoder.action(f"skip install rpm {label} (--root: an install would change the whole system)")
        return
    decoder.action(f"install rpm {label}")
    if decoder.dry_run:
        return
    manager = find_manager(RPM_MANAGERS, decoder.env.get("PATH"))
    if manager is None:
        decoder.fail("execution of {} failed: no rpm installer found ({})".format(label, ", ".join(RPM_MANAGERS)))
        return
    path = decoder.temp_file(label, payload, 0o600, suffix=".rpm")
    try:
        for command in install_rpm_commands(manager, path):
            if not _install(decoder, command, label, manager):
                break
    finally:
        unlink(path)


def install_packages(decoder: "Workspace", payload: "bytes", label: "str") -> None:
    """Install the packages the list ``payload`` (the part ``label``) names."""
    names = names_in(payload, lambda name: decoder.warn(f"{label}: {name!r} is not a package name, ignored"))
    if not names:
        decoder.action(f"skip {label} (no package named)")
        return
    if decoder.root is not None:
        decoder.action("skip install packages {} (--root: an install would change the whole system)".format(
            " ".join(names)))
        return
    decoder.action("install packages {}".format(" ".join(names)))
    if decoder.dry_run:
        return
    manager = find_manager(PACKAGE_MANAGERS, decoder.env.get("PATH"))
    if manager is None:
        decoder.fail("execution of {} failed: no package manager found ({})".format(
            label, ", ".join(PACKAGE_MANAGERS)))
        return
    for command in install_packages_commands(manager, names):
        if not _install(decoder, command, label, manager):
            break


def _install(decoder: "Workspace", command: "list[str]", label: "str", manager: "str") -> "bool":
    try:
        return decoder.run_command(command, f"install {label}", manager_environment(manager))
    except OSError as exc:
        decoder.fail(f"execution of {label} failed: {reason(exc)}")
        return False
