"""API keys: read from an environment variable or a file, compared in constant time.

Keys are never logged.  Each presented key is compared with every configured
key through SHA-256 digests and :func:`hmac.compare_digest`, without stopping at
the first hit, so neither the position nor the length of a key leaks through
timing.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pfmatch._errors import ConfigError

__all__ = ["KeySet", "read_keys"]

_SPLIT = re.compile(r"[\s,]+")
MIN_KEY_LENGTH = 16


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class KeySet:
    """A set of accepted keys (kept only as digests)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._digests = tuple(_digest(k) for k in keys)

    def __len__(self) -> int:
        return len(self._digests)

    def accepts(self, presented: str | None) -> bool:
        """Whether ``presented`` is one of the keys (constant time over the key set)."""
        if presented is None or not self._digests:
            return False
        d = _digest(presented)
        ok = False
        for k in self._digests:
            ok |= hmac.compare_digest(d, k)
        return ok


def _parse(text: str, where: str) -> list[str]:
    keys: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        keys.extend(k for k in _SPLIT.split(line) if k)
    short = [k for k in keys if len(k) < MIN_KEY_LENGTH]
    if short:
        raise ConfigError(f"{where}: {len(short)} API key(s) shorter than {MIN_KEY_LENGTH} "
                          "characters. Use long random keys, e.g. `python -c \"import secrets; "
                          "print(secrets.token_urlsafe(32))\"`.")
    return keys


def read_keys(env_var: str, file: str | None) -> list[str]:
    """Keys from ``file`` (one or more a line, ``#`` comments) and the environment variable.

    Raises
    ------
    ConfigError
        When the file cannot be read or a key is too short (the key is not shown).
    """
    keys: list[str] = []
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot read the key file {file}: {e.strerror}") from None
        keys.extend(_parse(text, file))
    env = os.environ.get(env_var)
    if env:
        keys.extend(_parse(env, f"${env_var}"))
    return keys


def check_keys(settings: Any) -> tuple[list[str], list[str]]:
    """The API and admin keys of ``settings``; refuses to serve without API keys unless open.

    Raises
    ------
    ConfigError
        No API key and not started open (on loopback), or an unreadable or weak key file.
    """
    from pfmatch.serve._settings import ENV_ADMIN_KEYS, ENV_API_KEYS

    api = read_keys(ENV_API_KEYS, settings.api_keys_file)
    admin = read_keys(ENV_ADMIN_KEYS, settings.admin_keys_file)
    if not api and not settings.open:
        raise ConfigError(f"no API key configured: give --api-keys-file or ${ENV_API_KEYS}, "
                          "or start with --open on a loopback address")
    return api, admin
