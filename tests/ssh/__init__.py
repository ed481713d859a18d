"""Tests of oscmd_shell.ssh against a real OpenSSH server."""
