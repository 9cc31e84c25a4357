"""What an operator sets when starting the service (``pfmatch serve`` options).

The settings travel to worker processes as JSON in an environment variable;
keys never do: workers read them again from the same key file or environment
variable the operator named.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from pfmatch._errors import ConfigError

__all__ = ["ENV_ADMIN_KEYS", "ENV_API_KEYS", "ENV_SETTINGS", "Settings", "is_loopback"]

ENV_SETTINGS = "PFMATCH_SERVE_SETTINGS"
ENV_API_KEYS = "PFMATCH_API_KEYS"
ENV_ADMIN_KEYS = "PFMATCH_ADMIN_KEYS"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """Service settings.

    Parameters
    ----------
    directory : str or None
        A provider directory or saved index (None: the bundled sample).
    host : str
        The address listened on (used to refuse ``open`` off loopback).
    open : bool
        Serve without API keys; only allowed on a loopback address.
    api_keys_file, admin_keys_file : str or None
        Files of keys (one or more a line, ``#`` comments); keys may also come
        from ``$PFMATCH_API_KEYS`` and ``$PFMATCH_ADMIN_KEYS``.
    max_body_bytes : int
        Larger request bodies are answered 413.
    max_batch : int
        Most families in one batch request.
    max_k : int
        Largest ``k`` a request may ask for.
    max_pending : int
        Matching requests a worker holds (running or waiting); more are
        answered 503 with ``Retry-After`` instead of queuing without bound.
    max_excluded : int
        Most exclusions returned by a match with ``explain`` (the total is given).
    compute_threads : int
        Threads per worker that run matches (the event loop stays free).
    cors_origins : list of str
        Browser origins allowed by CORS; empty (the default) allows none.
    control_file : str or None
        Set by ``pfmatch serve`` when it runs several workers: how a reload
        reaches every worker.
    """

    directory: str | None = None
    host: str = "127.0.0.1"
    open: bool = False
    api_keys_file: str | None = None
    admin_keys_file: str | None = None
    max_body_bytes: int = 1_048_576
    max_batch: int = 100
    max_k: int = 100
    max_pending: int = 64
    max_excluded: int = 1000
    compute_threads: int = 1
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    control_file: str | None = None

    def __post_init__(self) -> None:
        if self.open and not is_loopback(self.host):
            raise ConfigError(
                f"--open serves without API keys, which is allowed only on a loopback address; "
                f"got host {self.host}. Give API keys (--api-keys-file or ${ENV_API_KEYS}) or "
                "listen on 127.0.0.1")
        for name in ("max_body_bytes", "max_batch", "max_k", "max_pending", "max_excluded",
                     "compute_threads"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise ConfigError(f"{name} must be a whole number >= 1")

    def to_env(self) -> str:
        d = asdict(self)
        d["cors_origins"] = list(self.cors_origins)
        return json.dumps(d)

    @classmethod
    def from_env(cls) -> Settings:
        raw = os.environ.get(ENV_SETTINGS)
        if not raw:
            return cls()
        d: dict[str, Any] = json.loads(raw)
        d["cors_origins"] = tuple(d.get("cors_origins") or ())
        return cls(**d)
