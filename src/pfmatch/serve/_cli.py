"""``pfmatch serve``: the options and how uvicorn is started."""

from __future__ import annotations

import argparse
import logging
import logging.config
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pfmatch.cli import _positive_int
from pfmatch.serve._auth import check_keys
from pfmatch.serve._settings import ENV_API_KEYS, ENV_SETTINGS, Settings, is_loopback

__all__ = ["add_parser", "run"]

_count = _positive_int  # the CLI's own whole-number check


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``pfmatch`` command's subcommands."""
    s = sub.add_parser("serve", help="serve matching over HTTP (the serve extra)",
                       description="Serve pfmatch over HTTP: /v1 endpoints, OpenAPI at "
                                   "/v1/openapi.json. API keys from --api-keys-file or "
                                   f"${ENV_API_KEYS}; --open (no keys) only on loopback.")
    s.add_argument("directory", nargs="?", default=None,
                   help="provider directory or saved index (default: the bundled sample)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free)")
    s.add_argument("--workers", type=_count, default=1, help="worker processes (default 1)")
    s.add_argument("--open", action="store_true",
                   help="serve without API keys (refused unless the host is loopback)")
    s.add_argument("--api-keys-file", metavar="FILE", help="API keys, one or more a line")
    s.add_argument("--admin-keys-file", metavar="FILE",
                   help="admin keys (for /v1/admin/reload); also $PFMATCH_ADMIN_KEYS")
    s.add_argument("--max-body-bytes", type=_count, default=1_048_576,
                   help="larger bodies are answered 413 (default 1 MiB)")
    s.add_argument("--max-batch", type=_count, default=100,
                   help="most families in one batch request (default 100)")
    s.add_argument("--max-pending", type=_count, default=64,
                   help="matching requests a worker holds before answering 503 (default 64)")
    s.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="allow this browser origin (repeat; default: none)")
    s.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"))
    return s


def _log_config(level: str) -> dict[str, object]:
    fmt = "%(asctime)s %(levelname)s %(name)s %(message)s"
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": fmt}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                                "stream": "ext://sys.stderr"}},
        "loggers": {
            "pfmatch": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            # uvicorn's own access log would print query strings: ours does not
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def _connection_limit(max_pending: int) -> int:
    """uvicorn's own bound: far above max_pending, so the gate sheds first (with problem+json).

    While uvicorn is over its limit it refuses every request, served or not, with a
    plain 503; it is only the backstop against a flood of idle connections.
    """
    return max(1024, 16 * max_pending)


def run(args: argparse.Namespace) -> int:
    """Start uvicorn; returns when it stops (exit code)."""
    try:
        import uvicorn
    except ModuleNotFoundError:
        sys.stderr.write("pfmatch: pfmatch serve needs the serve extra: "
                         "pip install 'pfmatch[serve]'\n")
        return 1
    control = None
    if args.workers > 1:
        control = str(Path(tempfile.mkdtemp(prefix="pfmatch-serve-")) / "reload.json")
    directory = str(Path(args.directory).resolve()) if args.directory else None
    settings = Settings(
        directory=directory, host=args.host, open=args.open,
        api_keys_file=str(Path(args.api_keys_file).resolve()) if args.api_keys_file else None,
        admin_keys_file=(str(Path(args.admin_keys_file).resolve()) if args.admin_keys_file
                         else None),
        max_body_bytes=args.max_body_bytes, max_batch=args.max_batch,
        max_pending=args.max_pending, cors_origins=tuple(args.cors_origin),
        control_file=control)
    os.environ[ENV_SETTINGS] = settings.to_env()
    logging.config.dictConfig(_log_config(args.log_level))
    if args.open:
        logging.getLogger("pfmatch.serve").warning(
            "serving WITHOUT API keys (--open) on %s: anyone on this machine can call it",
            args.host)
    elif not is_loopback(args.host):
        logging.getLogger("pfmatch.serve").info("listening on %s: put TLS in front of it",
                                                args.host)
    # Refuse before binding when there are no keys (workers would each fail alone).
    check_keys(settings)
    if args.workers == 1:
        # Fail before binding when the keys or the directory are unusable.
        from pfmatch.serve._app import create_app

        app = create_app(settings)
        uvicorn.run(app, host=args.host, port=args.port, log_config=_log_config(args.log_level),
                    access_log=False, limit_concurrency=_connection_limit(args.max_pending),
                    timeout_graceful_shutdown=10, server_header=False)
        return 0
    try:
        uvicorn.run("pfmatch.serve._app:create_app", factory=True, host=args.host,
                    port=args.port, workers=args.workers, log_config=_log_config(args.log_level),
                    access_log=False, limit_concurrency=_connection_limit(args.max_pending),
                    timeout_graceful_shutdown=10, server_header=False)
    finally:
        if control is not None:
            shutil.rmtree(Path(control).parent, ignore_errors=True)
    return 0
