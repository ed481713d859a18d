"""oscmd: a command line and interactive shell for the Amazon EC2 API.

The package is laid out by job: ``spec``/``registry``/``objects`` declare the
grammar, ``parsing`` reads command lines, ``dispatch`` runs one command,
``aws`` talks to EC2, ``output`` renders results, ``repl`` is the interactive
shell and ``cli`` is the process entry point.
"""

__version__ = "0.6.0"
#: The date of this version, shown by the man page; set with the version (and the CHANGELOG heading).
__date__ = "2026-12-03"
