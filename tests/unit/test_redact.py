"""The one redaction function: what it hides, what it leaves readable, and that it can run twice."""

from __future__ import annotations

import pytest

from oscmd_shell.errors import ApiError, UsageError
from oscmd_shell.output.results import Outcome
from oscmd_shell.redact import redact

HIDDEN = [
    ("cannot connect to http://alice:pw@127.0.0.1:5000/: refused", "http://***@127.0.0.1:5000/: refused", "pw"),
    ("https://u:p@ss@host:1/x", "https://***@host:1/x", "ss"),
    ("https://ec2.amazonaws.com/?Action=CopySnapshot&X-Amz-Credential=AKID%2F2024&X-Amz-Signature=abc0",
     "&X-Amz-Credential=***&X-Amz-Signature=***", "AKID"),
    ("url=http://h/?token=TOK: refused", "?token=***: refused", "TOK"),
    ("http://h/?a=1&password=PW.", "&password=***.", "PW"),
    ("'Authorization': b'AWS4-HMAC-SHA256 Credential=AKID/x, Signature=0abc', 'x': 1",
     "'Authorization': b'***', 'x': 1", "AKID"),
    ("Proxy-Authorization: Basic dXNlcjpwYXNz\n", "Proxy-Authorization: ***\n", "dXNl"),
    ("debug botocore.auth: Signature:\n1c2f18af2b2c", "Signature:\n***", "1c2f"),
    ("POST\n/\ntoken=TOK\nhost:h\nx-amz-security-token:FQoGZX\n", "\ntoken=***\n", "FQoGZX"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", "aws_secret_access_key = ***", "wJalr"),
    ('{"SecretAccessKey": "s3", "SessionToken": "t0k", "Token": "t1k", "AccessKeyId": "AKID"}',
     '"SecretAccessKey": "***", "SessionToken": "***", "Token": "***", "AccessKeyId": "AKID"', "t0k"),
    ('{"accessToken": "aoa", "refreshToken": "rt0", "clientSecret": "cs0", "expiresIn": 28800}',
     '{"accessToken": "***", "refreshToken": "***", "clientSecret": "***", "expiresIn": 28800}', "rt0"),
    ("<SecretAccessKey>s3c</SecretAccessKey><keyMaterial>MIIE</keyMaterial>",
     "<SecretAccessKey>***</SecretAccessKey><keyMaterial>***</keyMaterial>", "MIIE"),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----", "KEY-----***-----END", "MIIE"),
]


@pytest.mark.parametrize(("text", "shows", "secret"), HIDDEN)
def test_credentials_are_hidden(text: str, shows: str, secret: str) -> None:
    out = redact(text)
    assert shows in out and secret not in out
    assert redact(out) == out


@pytest.mark.parametrize("text", [
    "AuthFailure: AWS was not able to validate the provided access credentials",
    "UnauthorizedOperation: You are not authorized to perform this operation.",
    "ssh ec2-user@203.0.113.5 port 22; http://[::1]:5000/ and https://ec2.eu-west-3.amazonaws.com",
    "instance -n web1 ssh --host 127.0.0.1 --port 2222",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


def test_known_secret_values_are_hidden_wherever_they_are() -> None:
    assert redact("key SECRETVALUE here", ["SECRETVALUE", None, "ab"]) == "key *** here"


def test_every_error_message_and_outcome_is_redacted() -> None:
    err = UsageError("endpoint 'http://bob:hunter2@host' refused", hint="try http://bob:hunter2@other")
    assert "hunter2" not in err.message + str(err) + (err.hint or "")
    assert "hunter2" not in ApiError("x?token=hunter2 failed").message
    outcome = Outcome(3, "internal error: http://h/?password=hunter2 x")
    assert outcome.error == "internal error: http://h/?password=*** x"
