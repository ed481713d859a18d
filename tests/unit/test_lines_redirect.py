"""``| COMMAND``, ``> FILE`` and ``>> FILE``: where a line is cut, and how the file is written."""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oscmd_shell.complete.tokens import tokenize
from oscmd_shell.errors import UsageError
from oscmd_shell.fileio import LinkRefused, NotRegular, check_output, write_output
from oscmd_shell.lines.redirect import Redirect, operator_at, split_redirect


@pytest.mark.parametrize(("line", "expected"), [
    ("instance list", Redirect("instance list")),
    ("instance list | grep web", Redirect("instance list", "|", "grep web", "| grep web")),
    ("instance list|grep web|wc -l", Redirect("instance list", "|", "grep web|wc -l", "|grep web|wc -l")),
    ("instance list > out.txt", Redirect("instance list", ">", "out.txt", "> out.txt")),
    ("instance list >>'my file'", Redirect("instance list", ">>", "my file", ">>'my file'")),
    ("instance list > f # a comment", Redirect("instance list", ">", "f", "> f # a comment")),
    ("instance -n 'a|b' list", Redirect("instance -n 'a|b' list")),
    ('instance -n "a>b" list', Redirect('instance -n "a>b" list')),
    (r"instance -n a\|b list", Redirect(r"instance -n a\|b list")),
    ("instance list # | not a pipe", Redirect("instance list # | not a pipe")),
    ("instance list | awk '{print $1}' > x", Redirect("instance list", "|", "awk '{print $1}' > x",
                                                     "| awk '{print $1}' > x")),
])
def test_a_line_is_cut_at_its_first_unquoted_operator(line: str, expected: Redirect) -> None:
    assert split_redirect(line) == expected


@pytest.mark.parametrize(("line", "message"), [
    ("instance list |", "'|' needs a command after it"),
    ("| grep x", "'|' needs an oscmd command before it"),
    ("instance list >", "'>' needs a file name after it"),
    ("instance list > a b", "takes one file name, then nothing ('b' follows it)"),
    ("instance list > a | grep x", "must end the line: one redirection per line"),
    ("instance list 2> err", "only standard output can be redirected"),
    ("instance list >&2", "only a file name may follow"),
    ("instance list || true", "'||' is not an oscmd operator"),
    ("instance list > 'open", "cannot read the file name after '>'"),
])
def test_what_a_shell_would_guess_at_is_refused(line: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        split_redirect(line)
    assert message in caught.value.message


@given(st.text(alphabet=st.sampled_from(list("ab -'\"\\#|>")), max_size=30))
def test_completion_and_the_runner_agree_on_where_the_line_is_cut(text: str) -> None:
    """The highlighter and completion see an operator exactly where the runner cuts the line."""
    at = operator_at(text)
    ops = [t for t in tokenize(text).tokens if t.operator]
    assert (ops[0].start if ops else None) == at
    if at is not None:
        try:
            expected = shlex.split(text[:at], comments=True)
        except ValueError:
            return
        before = [t.value for t in tokenize(text).tokens if t.end <= at and not t.operator]
        assert before == expected


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_greater_than_replaces_the_file_whole_keeping_its_mode(tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    write_output(new, b"one\n")
    assert new.read_bytes() == b"one\n" and stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask()
    old = tmp_path / "old.txt"
    old.write_bytes(b"a much longer previous content\n")
    old.chmod(0o664)
    inode = old.stat().st_ino
    previous = umask()
    os.umask(0o077)
    try:
        write_output(old, b"two\n")
    finally:
        os.umask(previous)
    assert old.read_bytes() == b"two\n"  # truncated: nothing of the old content is left
    assert stat.S_IMODE(old.stat().st_mode) == 0o664  # its bits exactly, whatever the umask
    assert old.stat().st_ino != inode  # a new file renamed over it: a reader never sees half of it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "old.txt"]  # no temporary left


def test_double_greater_than_appends(tmp_path: Path) -> None:
    log = tmp_path / "log"
    write_output(log, b"no newline at the end", append=True)
    write_output(log, b"; more\n", append=True)
    assert log.read_bytes() == b"no newline at the end; more\n"  # appended as it is, as a shell does


def test_links_fifos_directories_and_missing_directories_are_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep\n")
    link = tmp_path / "link"
    link.symlink_to(victim)
    for append in (False, True):
        with pytest.raises(LinkRefused):
            write_output(link, b"x", append=append)
    assert victim.read_bytes() == b"keep\n" and link.is_symlink()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular):
        check_output(fifo)  # checked before the line runs, and never opened: nothing can hang
    with pytest.raises(NotRegular):
        write_output(tmp_path, b"x")
    with pytest.raises(FileNotFoundError):
        check_output(tmp_path / "no" / "such" / "file")


def test_a_device_such_as_dev_null_is_written_in_place() -> None:
    before = os.stat("/dev/null")
    write_output(Path("/dev/null"), b"discarded\n")
    write_output(Path("/dev/null"), b"discarded\n", append=True)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
