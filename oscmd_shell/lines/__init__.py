"""The oscmd line language, shared by the interactive shell and scripts.

:mod:`.words` turns a line into dispatcher tokens (``$_`` expansion, the
``use`` selection); :mod:`.runner` runs lines one by one with the state they
share (context, selection, the previous line's ids); :mod:`.builtins` holds
the built-in commands that work in both (``set``, ``use``, ``unset``);
:mod:`.saved` turns a recorded session into a script that replays exactly.
"""
