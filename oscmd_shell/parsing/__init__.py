"""Command-line parsing driven by the registry.

``command.parse_command`` splits a token list into root, object and verb
levels and parses each with its own options (``levels.parse_level``); all of it
raises :class:`~oscmd_shell.errors.UsageError` instead of exiting.
"""
