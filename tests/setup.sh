#!/usr/bin/env bash
# Install what the test suite needs on a fresh Debian machine: the package with its
# test extras (moto's EC2 server, pytest, pexpect...), OpenSSH's server for the SSH tests,
# and the shells (and bash-completion) the completion scripts are tested in.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing=""
    for pkg in openssh-server openssh-client zsh fish tmux bash-completion; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
    mkdir -p /run/sshd
else
    echo "tests/setup.sh: not root or no apt-get: install openssh-server, zsh, fish, tmux and bash-completion yourself" >&2
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test,local]'
