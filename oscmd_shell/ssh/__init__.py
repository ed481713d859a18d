"""SSH access to instances: host-key trust, connections, remote commands and probes.

``hostkeys`` decides whether a server's host key is trusted (oscmd's own
known_hosts file, the user's ``~/.ssh/known_hosts`` and fingerprints read from
the EC2 console); ``client`` opens authenticated paramiko connections, directly
or through a jump host, and waits for a TCP port; ``remote`` runs commands,
interactive terminal sessions and SFTP uploads over an open connection;
``probe`` is the ``instance ping`` reachability check.  This package is the only
place in oscmd that imports paramiko, and this file imports nothing so that
``hostkeys`` and ``probe`` can be used without paying for it.
"""
