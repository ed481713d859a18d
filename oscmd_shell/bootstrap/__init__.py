"""oscmd-init: the instance-side user-data decoder and ``.mime`` encoder of oscmd.

``decode`` walks the MIME user data an instance was launched with (or given
files and URLs) and carries out each part; ``encode`` builds ``.mime`` resources
for ``oscmd ami run -r``.  This package uses the Python 3 standard library only
and imports nothing else from oscmd, because it is copied alone to bare
instances and run there as ``python3 -m bootstrap`` (or, installed, as
``oscmd-init`` and ``python -m oscmd_shell.bootstrap``).
"""
