"""Configuration files, their lookup order, and command line > environment > files."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from oscmd_shell.config import load_config, normalise_endpoint, region_from_endpoint, resolve_settings
from oscmd_shell.env import Env
from oscmd_shell.errors import UsageError
from oscmd_shell.parsing.command import parse_root


def make_env(home: Path, **environ: str) -> Env:
    return Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
               environ={"HOME": str(home), **environ})


def settings_for(argv: list[str], env: Env):  # type: ignore[no-untyped-def]
    root = parse_root(argv)
    config = load_config(root.values["config"] if root.values.get("config") else None, env)  # type: ignore[arg-type]
    return resolve_settings(root.values, root.given, config, env.environ)


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    os.chmod(path, 0o600)
    return path


def test_lookup_order(tmp_path: Path) -> None:
    write(tmp_path / ".boto", "[Boto]\nec2_region_name = eu-west-3\n")
    osconf = write(tmp_path / "os.cfg", "[Boto]\nec2_region_name = eu-west-2\n")
    botoconf = write(tmp_path / "boto.cfg", "[Boto]\nec2_region_name = ap-south-1\n")
    assert settings_for([], make_env(tmp_path)).region == "eu-west-3"
    assert settings_for([], make_env(tmp_path, BOTO_CONFIG=str(botoconf))).region == "ap-south-1"
    env = make_env(tmp_path, OSCONFIG=str(osconf), BOTO_CONFIG=str(botoconf))
    assert settings_for([], env).region == "eu-west-2"
    assert settings_for(["-c", str(botoconf)], env).region == "ap-south-1"


def test_precedence_command_line_environment_files(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.cfg",
                "[Boto]\nec2_region_name = eu-west-2\nec2_region_endpoint = fcu.eu-west-2.outscale.com\n")
    env = make_env(tmp_path)
    s = settings_for(["-c", str(cfg)], env)
    assert (s.region, s.endpoint) == ("eu-west-2", "https://fcu.eu-west-2.outscale.com")
    env = make_env(tmp_path, AWS_REGION="us-east-2", AWS_ENDPOINT_URL_EC2="http://127.0.0.1:5000")
    s = settings_for(["-c", str(cfg)], env)
    assert (s.region, s.endpoint) == ("us-east-2", "http://127.0.0.1:5000")
    s = settings_for(["-c", str(cfg), "-r", "ca-central-1", "-e", "ec2.example.net:8443"], env)
    assert (s.region, s.endpoint) == ("ca-central-1", "https://ec2.example.net:8443")
    assert s.sources["region"] == "command line"


def test_outscale_endpoint_gives_its_region(tmp_path: Path) -> None:
    s = settings_for(["-e", "fcu.cloudgouv-eu-west-1.outscale.com"], make_env(tmp_path))
    assert s.endpoint == "https://fcu.cloudgouv-eu-west-1.outscale.com"
    assert s.region == "cloudgouv-eu-west-1"
    assert region_from_endpoint("https://ec2.eu-central-1.amazonaws.com") == "eu-central-1"
    assert region_from_endpoint("http://127.0.0.1:5000") is None


def test_endpoint_normalisation() -> None:
    assert normalise_endpoint("http://127.0.0.1:5000") == "http://127.0.0.1:5000"
    assert normalise_endpoint("fcu.eu-west-2.outscale.com") == "https://fcu.eu-west-2.outscale.com"
    with pytest.raises(UsageError):
        normalise_endpoint("ftp://x")
    with pytest.raises(UsageError):
        normalise_endpoint("two words")


def test_credentials_and_object_sections(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.cfg", "[Credentials]\naws_access_key_id = AKIDEXAMPLE\n"
                "aws_secret_access_key = SECRETEXAMPLE\nkey_name = deploy\n[ami]\nowner = 123456789012\n")
    env = make_env(tmp_path)
    config = load_config(str(cfg), env)
    assert config.option_default("ami.owner") == "123456789012"
    assert config.option_default("Credentials.key_name") == "deploy"
    s = settings_for(["-c", str(cfg)], env)
    assert s.access_key == "AKIDEXAMPLE" and s.secret_key == "SECRETEXAMPLE"
    assert "SECRETEXAMPLE" not in repr(s)


def test_malformed_and_missing_files_name_the_file(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.cfg", "ec2_region_name = x\n")
    with pytest.raises(UsageError, match=r"bad\.cfg:1: config line outside any \[section\]"):
        load_config(str(bad), make_env(tmp_path))
    bad2 = write(tmp_path / "bad2.cfg", "[Boto]\nthis line has no equals sign\n")
    with pytest.raises(UsageError, match=r"bad2\.cfg:2: malformed config line"):
        load_config(str(bad2), make_env(tmp_path))
    with pytest.raises(UsageError, match=r"config file .*nowhere\.cfg not found"):
        load_config(str(tmp_path / "nowhere.cfg"), make_env(tmp_path))


def test_world_readable_config_with_keys_warns(tmp_path: Path) -> None:
    cfg = tmp_path / "open.cfg"
    cfg.write_text("[Credentials]\naws_access_key_id = A\naws_secret_access_key = B\n")
    os.chmod(cfg, 0o644)
    config = load_config(str(cfg), make_env(tmp_path))
    assert any("readable by others" in w for w in config.warnings)
    os.chmod(cfg, 0o600)
    assert load_config(str(cfg), make_env(tmp_path)).warnings == []


def test_retry_settings(tmp_path: Path) -> None:
    cfg = write(tmp_path / "r.cfg", "[Boto]\nnum_retries = 2\n[oscmd]\nretry_mode = adaptive\nread_timeout = 7\n")
    s = settings_for(["-c", str(cfg)], make_env(tmp_path))
    assert (s.max_attempts, s.retry_mode, s.read_timeout) == (3, "adaptive", 7.0)
    s = settings_for(["-c", str(cfg)], make_env(tmp_path, AWS_MAX_ATTEMPTS="5"))
    assert s.max_attempts == 5
