#!/usr/bin/env bash
# Install what the test suite needs on a fresh Debian machine: the package with its
# test extras (moto's EC2 server, pytest, pexpect, coverage...), OpenSSH's server for the
# SSH tests, the shells (and bash-completion) the completion scripts are tested in, tmux
# (terminal tests that need a terminal keeping an alternate screen), ip (the
# network-namespace test), ping (instance ping's ICMP path), and lvm2 and sfdisk (extendvol
# run on loop devices).  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing=""
    for pkg in openssh-server openssh-client zsh fish tmux bash-completion iproute2 iputils-ping lvm2 fdisk; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
    mkdir -p /run/sshd
else
    echo "tests/setup.sh: not root or no apt-get: install openssh-server, zsh, fish, tmux, bash-completion," \
         "iproute2, iputils-ping, lvm2 and fdisk yourself (the tests that need root are marked netns)" >&2
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test,local]'
