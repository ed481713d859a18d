"""Pick the instance's package manager and spell its non-interactive install commands.

Package lists (``text/x-packagelist``) are installed with dnf, yum, apt-get or
zypper, local rpm files (``application/x-rpm``) with dnf, yum, zypper or rpm,
whichever is found first on the decoder's ``PATH``.  Standard library only.
"""

import re
import shutil

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
    """True when ``name`` can be given to a package manager (it cannot be read as an option)."""
    return bool(_NAME_RE.match(name))


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
