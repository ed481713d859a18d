"""The journal of changes and ``undo``: what oscmd changed, and taking it back.

Every API call that changes something is recorded where the EC2 client is
built (:mod:`.hooks`: the parameters that matter, filtered by :mod:`.params`;
what was created or removed, read by :mod:`.effects`), framed by the change it
belongs to (:mod:`.record`, armed by the dispatcher around every verb) and
appended to a private JSON Lines file (:mod:`.store`).  ``oscmd journal``
lists and shows the changes (:mod:`.view`); ``oscmd undo`` reverses one
(:mod:`.inverse` plans the steps, :mod:`.steps` and :mod:`.netsteps` check and
run them, :mod:`.undo` drives it all); :mod:`.command` parses both commands.
"""
