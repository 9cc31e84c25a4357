"""Start ``pfmatch serve`` in a child process on a free loopback port (tests, benchmarks).

The server is started with ``--port 0``; the port is read from its log, so no
port is guessed and raced for.  The log goes to a file the caller can read
(the tests check it holds no family data).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

__all__ = ["ServerProcess"]

_RUNNING = re.compile(r"Uvicorn running on http://([\d.]+):(\d+)")


class ServerProcess:
    """``with ServerProcess([...options]) as s: s.url`` — a running server, stopped on exit.

    Parameters
    ----------
    args : sequence of str
        Options after ``pfmatch serve`` (``--host``/``--port`` are added).
    env : dict, optional
        Extra environment variables (API keys).
    timeout_s : float
        How long to wait for the server to be ready.
    """

    def __init__(self, args: Sequence[str] = (), *, env: dict[str, str] | None = None,
                 timeout_s: float = 180.0) -> None:
        self.args = list(args)
        self.env = {**os.environ, **(env or {})}
        self.timeout_s = timeout_s
        fd, name = tempfile.mkstemp(prefix="pfmatch-serve-", suffix=".log")
        os.close(fd)
        self.log_path = Path(name)
        self.url = ""
        self.proc: subprocess.Popen[bytes] | None = None

    def log(self) -> str:
        """Everything the server logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self) -> ServerProcess:
        cmd = [sys.executable, "-m", "pfmatch.cli", "serve", "--host", "127.0.0.1",
               "--port", "0", *self.args]
        with self.log_path.open("wb") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                         env=self.env, start_new_session=True)
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pfmatch serve exited with {self.proc.returncode}:\n"
                                   + self.log()[-2000:])
            m = _RUNNING.search(self.log())
            if m and self._ready(f"http://{m.group(1)}:{m.group(2)}"):
                self.url = f"http://{m.group(1)}:{m.group(2)}"
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("pfmatch serve did not become ready in time:\n" + self.log()[-2000:])

    @staticmethod
    def _ready(url: str) -> bool:
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=5) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        # The server process only: with --workers it stops its workers itself (a signal to
        # the whole group would make it restart them first).
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: the server and workers
            self.proc.wait(timeout=10)

    def __enter__(self) -> ServerProcess:  # noqa: PYI034
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
