"""Build the boto3 session and clients for the effective settings, once.

:class:`Clients` picks credentials by the documented precedence (``-S ROLE``, ``--profile``,
then ``AWS_*`` environment keys, then ``[Credentials]`` of the INI, then the
standard AWS chain: shared files, SSO, ``credential_process``, instance role),
applies the endpoint, region, retry mode, timeouts and TLS verification, adds ``DryRun`` to
mutating requests under ``--dry-run``, hands every mutating EC2 call to the
journal of changes (:mod:`oscmd_shell.journal.hooks`), and keeps one client per
service for the whole batch or shell session.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import __version__
from ..config import Config, Settings
from ..env import Env
from ..errors import CredentialsError
from .calls import mutating

DEFAULT_REGION = "us-east-1"
_LOADER: Any = None
_LOADER_LOCK = threading.Lock()


def _boto3_session(credential_resolver: Any = None, **kwargs: Any) -> Any:
    """A boto3 session sharing one model loader per process.

    Loading the EC2 service model costs ~0.1 s; sessions built later (``set region``
    in the shell, the cache refresher, a new connection) reuse the parsed model.
    A ``credential_resolver`` replaces botocore's chain of credential sources.
    """
    import boto3
    import botocore.session

    global _LOADER
    core = botocore.session.get_session()
    with _LOADER_LOCK:
        if _LOADER is None:
            from .chunked import share_loader

            _LOADER = core.get_component("data_loader")
            share_loader(_LOADER)  # the cache refresher loads EC2's model without stalling the prompt
        else:
            core.register_component("data_loader", _LOADER)
    if credential_resolver is not None:
        core.register_component("credential_provider", credential_resolver)
    return boto3.Session(botocore_session=core, **kwargs)


class Clients:
    """Lazily built boto3 session and clients for one set of settings."""

    def __init__(self, settings: Settings, config: Config, env: Env) -> None:
        self.settings = settings
        self.config = config
        self.env = env
        self._session: Any = None
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._line_dry_run: bool | None = None
        self.journal: Any = None  # the journal Recording of the command running now, if any
        self.account: str | None = None  # the account id, once an answer showed it

    # -- session -------------------------------------------------------------------------
    def session(self) -> Any:
        with self._lock:
            if self._session is None:
                self._session = self._build_session()
            return self._session

    def _build_session(self) -> Any:
        s = self.settings
        environ = self.env.environ
        if s.debug:
            from .debuglog import enable_wire_log

            enable_wire_log(
                self.env.stderr,
                secrets=[s.secret_key, s.session_token, environ.get("AWS_SECRET_ACCESS_KEY"),
                         environ.get("AWS_SESSION_TOKEN")],
            )
        if s.role:  # its region is already in the settings (role.apply_region)
            from .role import credential_resolver

            return _boto3_session(credential_resolver=credential_resolver(s.role, environ), region_name=s.region)
        if s.profile:
            return self._with_mfa_prompter(_boto3_session(profile_name=s.profile, region_name=s.region))
        if s.local and s.access_key and s.secret_key:  # the playground's throwaway keys, never the user's
            return _boto3_session(aws_access_key_id=s.access_key, aws_secret_access_key=s.secret_key,
                                  region_name=s.region)
        if environ.get("AWS_ACCESS_KEY_ID") and environ.get("AWS_SECRET_ACCESS_KEY"):
            return _boto3_session(
                aws_access_key_id=environ["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=environ["AWS_SECRET_ACCESS_KEY"],
                aws_session_token=environ.get("AWS_SESSION_TOKEN"),
                region_name=s.region,
            )
        if s.access_key and s.secret_key:
            return _boto3_session(
                aws_access_key_id=s.access_key,
                aws_secret_access_key=s.secret_key,
                aws_session_token=s.session_token,
                region_name=s.region,
            )
        return self._with_mfa_prompter(
            _boto3_session(profile_name=environ.get("AWS_PROFILE") or None, region_name=s.region)
        )

    def _with_mfa_prompter(self, session: Any) -> Any:
        """Ask MFA codes through the environment (once per session: the role credentials are kept)."""
        try:
            provider = session._session.get_component("credential_provider").get_provider("assume-role")
        except Exception:  # an unexpected botocore layout only loses the custom prompt
            return session
        if provider is not None:
            provider._prompter = self._ask_mfa
        return session

    def _ask_mfa(self, prompt: str) -> str:
        if self.env.ask is None:
            raise CredentialsError("this profile needs an MFA code and there is no terminal to ask for it")
        return self.env.ask(prompt)

    @property
    def region(self) -> str:
        return self.settings.region or self.session().region_name or DEFAULT_REGION

    def with_region(self, region: str) -> Clients:
        """Clients for ``region`` that share this session, so credentials are resolved once for every region."""
        from dataclasses import replace

        from ..config import endpoint_for_region

        s = self.settings
        settings = replace(s, region=region, regions=(), profiles=(), endpoint=endpoint_for_region(s.endpoint, region))
        other = Clients(settings, self.config, self.env)
        other._session = self.session()
        return other

    def identity(self) -> tuple[str, str, str]:
        """(endpoint, region, credential id): the key of caches and known state."""
        creds = self.session().get_credentials()
        access = creds.access_key if creds is not None else ""
        return (self.settings.endpoint or "aws", self.region, access or "")

    # -- clients -------------------------------------------------------------------------
    def client(self, service: str) -> Any:
        with self._lock:
            existing = self._clients.get(service)
        if existing is not None:
            return existing
        client = self._build_client(service)
        with self._lock:
            return self._clients.setdefault(service, client)

    def ec2(self) -> Any:
        return self.client("ec2")

    def _build_client(self, service: str) -> Any:
        from botocore.config import Config as BotoConfig

        session = self.session()
        if session.get_credentials() is None:
            raise CredentialsError(self.no_credentials_message())
        s = self.settings
        cfg = BotoConfig(
            region_name=self.region,
            retries={"mode": s.retry_mode, "total_max_attempts": s.max_attempts},
            connect_timeout=s.connect_timeout,
            read_timeout=s.read_timeout,
            user_agent_extra=f"oscmd/{__version__}",
            tcp_keepalive=True,
        )
        endpoint = s.endpoint if service == "ec2" else None
        if not s.verify:
            _quiet_insecure_warnings()  # said once, by the config's own warning
        # None lets botocore apply AWS_CA_BUNDLE / ca_bundle; only an explicit False turns checks off
        client = session.client(service, endpoint_url=endpoint, config=cfg, verify=None if s.verify else False)
        if s.retry_mode == "standard":
            from .retries import install

            install(client, max_attempts=s.max_attempts, connect_attempts=s.connect_attempts,
                    max_backoff=s.max_backoff)
        if service == "ec2":
            client.meta.events.register("before-parameter-build.ec2", self._add_dry_run)
            from ..journal.hooks import install as journal_calls

            journal_calls(client, self)
            _fast_timestamps(client)
        return client

    @contextmanager
    def line(self, settings: Settings) -> Iterator[None]:
        """Run one script or shell line with its own settings (``--dry-run`` may lead a line)."""
        previous, self._line_dry_run = self._line_dry_run, settings.dry_run
        try:
            yield
        finally:
            self._line_dry_run = previous

    @property
    def dry_run(self) -> bool:
        return self.settings.dry_run if self._line_dry_run is None else self._line_dry_run

    def _add_dry_run(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if not self.dry_run or not mutating(model.name):
            return
        if "DryRun" in model.input_shape.members:
            params["DryRun"] = True

    def no_credentials_message(self) -> str:
        places = []
        if self.config.searched:
            places.append("[Credentials] in " + ", ".join(self.config.searched))
        places.append("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")
        places.append(f"AWS profile '{self.settings.profile or self.env.environ.get('AWS_PROFILE', 'default')}' "
                      "in ~/.aws/credentials and ~/.aws/config (SSO, credential_process)")
        if self.env.environ.get("AWS_EC2_METADATA_DISABLED", "").lower() != "true":
            places.append("the instance metadata role")
        return "no AWS credentials found; looked in: " + "; ".join(places)


def _fast_timestamps(client: Any) -> None:
    """Keep timestamps as the ISO strings EC2 sends: parsing 10,000 of them costs seconds."""
    try:
        parser = client._endpoint._response_parser_factory  # botocore internals, guarded
        parser.set_parser_defaults(timestamp_parser=lambda value: value)
    except AttributeError:
        pass


def _quiet_insecure_warnings() -> None:
    """urllib3 warns at every unverified request; oscmd has said it once already."""
    import warnings

    from urllib3.exceptions import InsecureRequestWarning

    warnings.filterwarnings("ignore", category=InsecureRequestWarning)
