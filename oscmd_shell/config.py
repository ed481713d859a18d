"""Configuration: the boto-style INI files, the environment, and their precedence.

Files are looked up as the original tool did: ``-c FILE`` or ``$OSCONFIG``
(only that file), else ``$BOTO_CONFIG`` (only that file), else ``$BOTO_PATH``,
else ``/etc/boto.cfg`` then ``~/.boto``.  :func:`resolve_settings` combines the
command line, the environment and the files (in that order of precedence) into
one :class:`Settings`.  Values may end with boto's inline comments (a ``;`` or
``#`` after whitespace: ``output = text  ; or json``).  Every number is checked
once, here, by :func:`oscmd_shell.numeric.parse_number`; an endpoint URL holding
a user name or password is refused (botocore never sends them).  boto's
``[Boto] is_secure`` and ``https_validate_certificates`` are honoured, and the
aws CLI's ``AWS_DEFAULT_OUTPUT`` and profile ``output =`` come below oscmd's
own output settings.  Files are read only when they are regular files
(:func:`oscmd_shell.fileio.open_regular`); only ``-c`` may name a pipe.
Nothing here touches the network or imports boto3.
"""

from __future__ import annotations

import configparser
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .env import Env
from .errors import UsageError
from .numeric import parse_number

SYSTEM_FILE = Path("/etc/boto.cfg")
SECRET_KEYS = ("aws_secret_access_key", "aws_session_token", "aws_security_token")
DEFAULT_WAIT_TIMEOUT = 600.0
DEFAULT_CACHE_TTL = 600.0
BOOLEANS = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}
CONFIG_LIMIT = 1 << 20  # a config file is a few lines; this is far beyond any real one


@dataclass
class Config:
    """The merged INI files (later files override earlier ones)."""

    files: list[Path] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)
    parser: configparser.RawConfigParser = field(default_factory=lambda: _new_parser())
    warnings: list[str] = field(default_factory=list)
    layers: list[tuple[Path, configparser.RawConfigParser]] = field(default_factory=list)

    def get(self, section: str, key: str) -> str | None:
        return _value(self.parser, section, key)

    def number(self, section: str, key: str, kind: str) -> float | None:
        """The key as a number of ``kind`` (see :mod:`oscmd_shell.numeric`), None when unset."""
        raw = self.get(section, key)
        return None if raw is None else parse_number(raw, kind, self.where(section, key))

    def boolean(self, section: str, key: str, *, default: bool) -> bool:
        """The key as boto's booleans (``True``/``False``, also yes/no, on/off, 1/0); ``default`` when unset."""
        raw = self.get(section, key)
        if raw is None:
            return default
        value = BOOLEANS.get(raw.lower())
        if value is None:
            raise UsageError(f"{self.where(section, key)} expects True or False, not '{raw}'")
        return value

    def where(self, section: str, key: str) -> str:
        """``FILE: [section] key``, naming the file that gives the key its value."""
        for path, parser in reversed(self.layers):
            if _value(parser, section, key) is not None:
                return f"{path}: [{section}] {key}"
        return f"config [{section}] {key}"

    def option_default(self, key: str) -> str | None:
        """Value of a registry ``config`` key written ``section.key``."""
        section, _, name = key.partition(".")
        return self.get(section, name)


def _new_parser() -> configparser.RawConfigParser:
    """boto's INI dialect: ``;`` or ``#`` starts a comment at a line's start or after whitespace."""
    return configparser.RawConfigParser(interpolation=None, strict=False, inline_comment_prefixes=(";", "#"))


def _value(parser: configparser.RawConfigParser, section: str, key: str) -> str | None:
    for sec in (section, section.lower(), section.capitalize()):
        if parser.has_section(sec) and parser.has_option(sec, key):
            value = parser.get(sec, key).strip()
            return value if value else None
    return None


def config_paths(explicit: str | None, env: Env) -> tuple[list[Path], bool]:
    """Return the candidate files, and whether they were named explicitly."""
    environ = env.environ
    if explicit:
        return [env.expand(explicit)], True
    for var in ("OSCONFIG", "BOTO_CONFIG"):
        if environ.get(var):
            return [env.expand(environ[var])], True
    if environ.get("BOTO_PATH"):
        return [env.expand(p) for p in environ["BOTO_PATH"].split(os.pathsep) if p], False
    return [SYSTEM_FILE, env.home / ".boto"], False


def load_config(explicit: str | None, env: Env, *, pipe: bool = False) -> Config:
    """Read the INI files; a missing, unusable or malformed named file is a UsageError.

    Only regular files are read (a link to one is fine), opened so that nothing
    planted in their place can hang oscmd.  ``pipe`` lets the ``-c FILE`` of
    oscmd's own command line be a pipe (``-c <(...)``); ``$OSCONFIG``,
    ``$BOTO_CONFIG`` and the files looked for by default never are.  A default
    file that is not a regular file is skipped with a warning.
    """
    paths, named = config_paths(explicit, env)
    config = Config(searched=[str(p) for p in paths])
    for path in paths:
        text = _read_text(config, path, named=named, pipe=pipe and bool(explicit))
        if text is not None:
            _parse_one(config, path, text)
    return config


def _read_text(config: Config, path: Path, *, named: bool, pipe: bool) -> str | None:
    """The text of one config file; None for a default file that is missing or not a regular file."""
    from .fileio import NotRegular, open_regular

    try:
        with open_regular(path, follow=True, pipe=pipe) as handle:
            data = handle.read(CONFIG_LIMIT + 1)
            mode = os.fstat(handle.fileno()).st_mode
    except FileNotFoundError:
        if named:
            raise UsageError(f"config file {path} not found") from None
        return None
    except NotRegular as exc:
        if named:
            what = str(exc.strerror)
            hint = " (only the -c FILE of the command line may be a pipe)" if "FIFO" in what else ""
            raise UsageError(f"config file {path} {what}{hint}") from None
        config.warnings.append(f"warning: {path} {exc.strerror}: not read")
        return None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config file: {exc.strerror or exc}") from None
    if stat.S_ISFIFO(mode) and not data:
        config.warnings.append(f"warning: {path} is a pipe that gave nothing: no settings were read from it")
    if len(data) > CONFIG_LIMIT:
        raise UsageError(f"{path}: config file larger than {CONFIG_LIMIT // 1024} KiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: cannot read config file: not UTF-8 text (byte {exc.start})") from None
    if stat.S_ISREG(mode) and any(k in text for k in SECRET_KEYS) and mode & (stat.S_IRGRP | stat.S_IROTH):
        config.warnings.append(f"warning: {path} holds secret keys and is readable by others (chmod 600 {path})")
    return text


def _parse_one(config: Config, path: Path, text: str) -> None:
    try:
        layer = _new_parser()
        layer.read_string(text, source=str(path))
        config.parser.read_string(text, source=str(path))
    except configparser.MissingSectionHeaderError as exc:
        raise UsageError(f"{path}:{exc.lineno}: config line outside any [section]") from None
    except configparser.ParsingError as exc:
        line = exc.errors[0][0] if exc.errors else "?"
        raise UsageError(f"{path}:{line}: malformed config line") from None
    except configparser.Error as exc:
        raise UsageError(f"{path}: malformed config file: {exc.message}") from None
    config.files.append(path)
    config.layers.append((path, layer))


@dataclass
class Settings:
    """The effective root settings of one command (or of the shell session)."""

    endpoint: str | None = None
    region: str | None = None
    zone: str | None = None
    profile: str | None = None
    output: str = "text"
    yes: bool = False
    dry_run: bool = False
    debug: bool = False
    wait_timeout: float = DEFAULT_WAIT_TIMEOUT
    keep_going: bool = False
    role: str | None = None
    local: bool = False
    access_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)
    retry_mode: str = "standard"
    max_attempts: int = 6
    connect_attempts: int = 2
    max_backoff: float = 20.0
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    poll_interval: float = 2.0
    cache_ttl: float = DEFAULT_CACHE_TTL
    secure: bool = True
    verify: bool = True
    sources: dict[str, str] = field(default_factory=dict)
    # several targets: -r a,b or all (regions), --profile a,b (profiles); empty for one
    regions: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    query: str | None = None

    @property
    def fleet(self) -> bool:
        """True when a read verb runs once per (profile, region): several of either, or -r all."""
        return bool(self.regions or self.profiles)

    @property
    def region_text(self) -> str | None:
        """The region setting as written: ``eu-west-1,us-east-1``, ``all``, or the one region."""
        return ",".join(self.regions) if self.regions else self.region


_REGION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HOST_REGION = re.compile(r"^(?:ec2|fcu|api)\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|outscale\.com|outscale\.hk)$")


def normalise_endpoint(value: str, origin: str = "", *, secure: bool = True) -> str:
    """A bare host (``fcu.eu-west-2.outscale.com``) means https (http when not ``secure``); URLs are kept.

    ``origin`` (``-e``, ``AWS_ENDPOINT_URL``, a config key) is named in errors,
    whose text shows the value redacted like every error.  ``secure`` is
    boto's ``[Boto] is_secure``.
    """
    value = value.strip()
    at = f" ({origin})" if origin else ""
    if not value:
        raise UsageError(f"the endpoint is empty{at}")
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise UsageError(f"endpoint '{value}'{at}: only http:// and https:// URLs are supported")
        url = value.rstrip("/")
    elif any(c.isspace() for c in value):
        raise UsageError(f"endpoint '{value}'{at} is not a host name or URL")
    else:
        url = ("https://" if secure else "http://") + value.rstrip("/")
    _check_url(url, at)
    return url


def _check_url(value: str, at: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise UsageError(f"endpoint '{value}'{at} is not a valid URL: {exc}") from None
    if "@" in parts.netloc:
        raise UsageError(f"endpoint '{value}'{at}: a user name or password in the URL is never sent (requests "
                         "are signed with the AWS keys); remove it and keep the secret out of the command line "
                         "and config files")
    if not parts.hostname:
        raise UsageError(f"endpoint '{value}'{at} names no host")


def split_names(value: str) -> list[str]:
    """A comma-separated list of names, in order, each once, blanks dropped."""
    out: list[str] = []
    for part in value.split(","):
        name = part.strip()
        if name and name not in out:
            out.append(name)
    return out


def region_choice(value: str, origin: str) -> tuple[str | None, tuple[str, ...]]:
    """(the region, the regions) of ``-r`` or ``set region``: one name, a comma list, or ``all``.

    One region gives ``(name, ())``; several give the first and all of them;
    ``all`` (every region enabled for the account, asked of EC2 when needed)
    gives ``(None, ("all",))``.  A bad name is a :class:`UsageError`.
    """
    names = split_names(value)
    if not names:
        raise UsageError(f"no region given ({origin})")
    if "all" in names:
        if len(names) > 1:
            raise UsageError(f"'all' already means every region: give it alone ({origin})")
        return None, ("all",)
    for name in names:
        if not _REGION.match(name):
            raise UsageError(f"invalid region name '{name}' ({origin})")
    return names[0], tuple(names) if len(names) > 1 else ()


def connection_settings(key: str, value: str, origin: str) -> dict[str, object]:
    """The Settings fields ``set region|profile VALUE`` changes: one name, a comma list (or ``all`` regions)."""
    if key == "region":
        region, regions = region_choice(value, origin)
        return {"region": region, "regions": regions}
    names = split_names(value)
    if not names:
        raise UsageError(f"no profile given ({origin})")
    return {"profile": names[0], "profiles": tuple(names) if len(names) > 1 else ()}


def endpoint_for_region(endpoint: str | None, region: str) -> str | None:
    """``endpoint`` for ``region``: a regional host (``fcu.eu-west-2.outscale.com``) names that region instead;
    any other endpoint (one local server for every region) is kept."""
    current = region_from_endpoint(endpoint)
    if not endpoint or current is None or current == region:
        return endpoint
    scheme, _, rest = endpoint.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host.replace(f'.{current}.', f'.{region}.', 1)}{slash}{path}"


def region_from_endpoint(endpoint: str | None) -> str | None:
    if not endpoint:
        return None
    host = endpoint.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    match = _HOST_REGION.match(host)
    return match.group(1) if match else None


# The [oscmd] numbers kept in Settings, with their kinds (wait_timeout and max_attempts have their own paths).
NUMBERS = (("connect_timeout", "seconds"), ("read_timeout", "seconds"), ("max_backoff", "delay"),
           ("connect_attempts", "count"), ("poll_interval", "seconds"), ("cache_ttl", "delay"))


def _pick(name: str, sources: dict[str, str], *candidates: tuple[str, object]) -> object:
    for origin, value in candidates:
        if value not in (None, ""):
            sources[name] = origin
            return value
    return None


def resolve_settings(
    root: Mapping[str, object], given: set[str], config: Config, environ: Mapping[str, str]
) -> Settings:
    """Combine command line > environment > config files into Settings."""
    s = Settings()
    src = s.sources

    def cli(dest: str) -> object:
        return root.get(dest) if dest in given else None

    endpoint = _pick(
        "endpoint", src,
        ("command line", cli("endpoint")),
        ("AWS_ENDPOINT_URL_EC2", environ.get("AWS_ENDPOINT_URL_EC2")),
        ("AWS_ENDPOINT_URL", environ.get("AWS_ENDPOINT_URL")),
        ("config [Boto] ec2_region_endpoint", config.get("Boto", "ec2_region_endpoint")),
    )
    s.secure = config.boolean("Boto", "is_secure", default=True)
    s.verify = config.boolean("Boto", "https_validate_certificates", default=True)
    if not s.verify:
        where = config.where("Boto", "https_validate_certificates")
        config.warnings.append(f"warning: TLS certificates are not verified ({where} = False): anyone on the "
                               "path can read and change what the endpoint answers")
    if endpoint:
        origin = src["endpoint"]
        where = config.where("Boto", "ec2_region_endpoint") if origin.startswith("config") else origin
        s.endpoint = normalise_endpoint(str(endpoint), "-e" if origin == "command line" else where,
                                        secure=s.secure)
    given_region = cli("region")
    if isinstance(given_region, str):
        given_region, s.regions = region_choice(given_region, "-r")
    region = _pick(
        "region", src,
        ("command line", given_region),
        ("AWS_REGION", environ.get("AWS_REGION")),
        ("AWS_DEFAULT_REGION", environ.get("AWS_DEFAULT_REGION")),
        ("config [Boto] ec2_region_name", config.get("Boto", "ec2_region_name")),
        ("endpoint host", region_from_endpoint(s.endpoint)),
    )
    s.region = str(region) if region else None
    if s.region is not None and not _REGION.match(s.region):
        raise UsageError(f"invalid region name '{s.region}' ({src['region']})")
    zone = _pick(
        "zone", src,
        ("command line", cli("zone")),
        ("OSCMD_ZONE", environ.get("OSCMD_ZONE")),
        ("config [Boto] ec2_zone_name", config.get("Boto", "ec2_zone_name")),
    )
    s.zone = str(zone) if zone else None
    profile = _pick("profile", src, ("command line", cli("profile")))
    if profile:
        profiles = split_names(str(profile))
        if not profiles:
            raise UsageError("--profile: no profile named")
        profile, s.profiles = profiles[0], tuple(profiles) if len(profiles) > 1 else ()
    s.profile = str(profile) if profile else None
    if root.get("query") is not None:
        from .output.query import compile_query

        compile_query(str(root["query"]))  # a bad expression stops here, before any request
        s.query = str(root["query"])
    output = _pick(
        "output", src,
        ("command line", cli("output")),
        ("OSCMD_OUTPUT", environ.get("OSCMD_OUTPUT")),
        ("config [oscmd] output", config.get("oscmd", "output")),
    )
    if output:
        from .registry import OUTPUT_FORMATS

        if output not in OUTPUT_FORMATS:
            raise UsageError(f"output format '{output}' ({src['output']}) is not one of {', '.join(OUTPUT_FORMATS)}")
        s.output = str(output)
    else:
        _aws_output(s, environ, config.warnings)
    s.yes = bool(root.get("yes"))
    s.dry_run = bool(root.get("dry_run"))
    s.debug = bool(root.get("debug"))
    s.keep_going = bool(root.get("keep_going"))
    if root.get("securitycredentials"):
        from .aws.role import check_name

        s.role = check_name(str(root["securitycredentials"]))
        if s.profile or root.get("local"):
            raise UsageError(f"-S takes the instance role's credentials: it cannot be combined with "
                             f"{'--profile' if s.profile else '--local'}")
    timeout = cli("timeout")  # parsed as "seconds" by the option parser
    s.wait_timeout = float(timeout) if isinstance(timeout, float) else (
        config.number("oscmd", "wait_timeout", "seconds") or DEFAULT_WAIT_TIMEOUT
    )
    s.access_key = config.get("Credentials", "aws_access_key_id")
    s.secret_key = config.get("Credentials", "aws_secret_access_key")
    s.session_token = config.get("Credentials", "aws_session_token") or config.get("Credentials", "aws_security_token")
    mode = environ.get("AWS_RETRY_MODE") or config.get("oscmd", "retry_mode") or "standard"
    if mode not in ("standard", "adaptive", "legacy"):
        raise UsageError(f"retry mode '{mode}' must be standard, adaptive or legacy")
    s.retry_mode = mode
    s.max_attempts = _attempts(environ, config, s.max_attempts)
    for key, kind in NUMBERS:
        value = config.number("oscmd", key, kind)
        if value is not None:
            setattr(s, key, value)
    return s


def _attempts(environ: Mapping[str, str], config: Config, default: int) -> int:
    """Total attempts per request: AWS_MAX_ATTEMPTS, [oscmd] max_attempts, or [Boto] num_retries + 1."""
    raw = environ.get("AWS_MAX_ATTEMPTS")
    if raw:
        return int(parse_number(raw, "count", "AWS_MAX_ATTEMPTS"))
    attempts = config.number("oscmd", "max_attempts", "count")
    if attempts is not None:
        return int(attempts)
    retries = config.number("Boto", "num_retries", "whole")
    return int(retries) + 1 if retries is not None else default


# The aws CLI's output formats as oscmd's (its "text" is tab-separated, oscmd's the original's lines).
AWS_OUTPUTS = {"json": "json", "yaml": "yaml", "yaml-stream": "yaml", "text": "text", "table": "table"}


def _aws_output(s: Settings, environ: Mapping[str, str], warnings: list[str]) -> None:
    """The aws CLI's own setting, below oscmd's: ``AWS_DEFAULT_OUTPUT``, else the profile's ``output =``.

    Those belong to the aws CLI too, so a value oscmd does not know is a
    warning, not an error.
    """
    from . import awsfiles

    value = environ.get("AWS_DEFAULT_OUTPUT")
    origin = "AWS_DEFAULT_OUTPUT"
    if not value:
        profile = awsfiles.profile_name(s.profile, environ)
        value = awsfiles.profile_value(profile, "output", environ)
        origin = f"AWS profile '{profile}' output"
    if not value:
        return
    fmt = AWS_OUTPUTS.get(value.strip().lower())
    if fmt is None:
        warnings.append(f"warning: output format '{value}' ({origin}) is not one of {', '.join(AWS_OUTPUTS)}; "
                        f"using {s.output}")
        return
    s.output = fmt
    s.sources["output"] = origin
