"""The text of ``oscmd help journal``: what the journal records, and what ``undo`` does and refuses."""

from __future__ import annotations

JOURNAL = """\
Every change oscmd makes is written to a journal on this machine, and 'undo' takes a
change back where EC2 allows it.

  oscmd journal                    the last 20 changes, numbered, newest last
  oscmd journal --all              every change (-n 50: the last 50)
  oscmd journal --region eu-west-1 --object instance --since 2h
                                   only those (--since 2026-11-25, 2026-11-25T14:00, 30m, 7d)
  oscmd journal show 12            change 12 in full: each API call, what it did, how to undo it
  oscmd -o json journal            the records themselves
  oscmd undo                       take back the latest change made on this connection
  oscmd undo 12 --dry-run          show what 'undo 12' would do, check it, change nothing
  oscmd -y undo 12                 without asking (a script needs -y: no terminal, exit 4)

Both work the same in the shell and in scripts.

What is recorded
  One change per command that called a mutating API (dry runs and reads are not changes),
  in ~/.local/state/oscmd/journal.jsonl ($XDG_STATE_HOME/oscmd), mode 0600 in a 0700
  directory: when, the process, region, endpoint, profile and account (when an answer
  showed it), the command as it ran, its object, verb and target, then every API call
  with its essential parameters, what it created, removed or changed, and the outcome.
  The intent is written before the first call and each call before it is sent, so a
  change cut short (kill -9, a crash, a lost machine) shows as 'interrupted' with what
  it did; Ctrl-C records 'interrupted' too.  A call that got no answer is marked so: it
  may have taken effect.
  Never recorded: credentials, key material (keypair create's private key, the public
  key you import: its size and SHA-256 only), user data (its size and SHA-256 only), the
  values of 'ami run -V', -F and -U (shown as ***), Windows password data, and anything
  redact() would hide from a log (an endpoint's ?token=...).  Several oscmd processes
  can write at once: each record is one write under a lock, never mixed, never lost.
  Once journal.jsonl reaches 4 MiB it is set aside as journal.1.jsonl (replacing the one
  set aside before) and a new file starts: both are read, so the last few thousand changes
  are always kept, and a change keeps its number for as long as it is kept.

What undo reverses (last call first)
  created a volume, snapshot, security group, key pair     deleted
  allocated an address                                     released
  launched an instance (ami run)                           terminated, and the volumes the
                                                           launch made that outlive it deleted
  made an image (ami make)                                 deregistered (-i: and its snapshots)
  attached / detached a volume                             detached / attached again there
  associated / disassociated an address                    disassociated / associated again
  added / removed inbound rules                            removed / added again (descriptions kept)
  started / stopped an instance                            stopped / started
  shared / unshared an image                               unshared / shared again
  set or removed tags (the EIP tag...)                     the previous values put back
  'ami run' undone: its address disassociated and released, the instance terminated, its
  volumes deleted.  What a command made and removed itself (a key pair deleted again after
  Ctrl-C) cancels out.  A key pair's private key file stays where keypair create wrote it.

What undo refuses
  A change that terminated an instance, deleted a volume, snapshot, image, group or key
  pair, released an address or rebooted: it cannot be taken back, and undo says why
  (exit 2).  So is 'instance addvolume -m/-d' (its volume now belongs to a file system).
  Before acting, undo checks each step against EC2: a step already done is skipped; if
  the world no longer matches the journal (the volume was attached since, a tag holds
  another value, the key pair of that name is another key), undo does nothing and says
  what differs (exit 2).  A change made with another region, endpoint or profile is undone
  from there; a change still running in another process is refused until it ends.
  undo shows every step and asks, like a destructive verb.

An undo is a change too: it is journaled, and 'undo' right after an undo takes the undo
back where an inverse exists (a stop undone by a start is undone by a stop; a volume
deleted by undo stays deleted).  'undo N' picks any change; 'journal' shows which
changes were undone, and by which.
"""
