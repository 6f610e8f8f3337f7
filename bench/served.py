"""A real `kb serve` process on 127.0.0.1 for load runs and crash trials, and the `kb` CLI beside it.

Shared by bench/load.py, bench/kill_trials.py and their bounded forms in tests/: the same
environment (data dir, embedder, the repository's model and embedding cache), a free port,
start-up measured by the first answered request, and a stop by signal that reports how it ended.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "suedwestoption-kb" / "embeddings.sqlite3"


def kb_cli(env: dict[str, str], *args: str, stdin: str | None = None, check: bool = True,
           timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "kb_cli.main", *args], env=env, input=stdin, text=True,
                          capture_output=True, timeout=timeout)
    if check and done.returncode != 0:
        raise RuntimeError(f"kb {' '.join(args)} fehlgeschlagen ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """`with Served(env, headers, log) as s:` — a server answering at `s.base` inside the block."""

    def __init__(self, env: dict[str, str], headers: dict[str, str], log: Path) -> None:
        self.env, self.headers, self.log = env, headers, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @staticmethod
    def environment(data: Path, fake: bool, **extra: str) -> dict[str, str]:
        env = {**os.environ, "KB_DATA_DIR": str(data), "KB_SECRET_KEY": "bench-secret", "HF_HUB_OFFLINE": "1",
               "PYTHONPATH": str(REPO), "KB_MODEL_DIR": str(REPO / "data" / "models"), **extra}
        env.setdefault("KB_EMBED_CACHE", os.environ.get("KB_TEST_EMBED_CACHE", str(_CACHE)))
        if fake:
            env["KB_EMBEDDER"] = "fake"
        return env

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, seconds: float = 180) -> float:
        """Start and wait for the first answer; the seconds it took."""
        began = time.monotonic()
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kb_cli.main", "serve", "--no-sample", "--port", str(self.port)],
                env=self.env, stdout=out, stderr=subprocess.STDOUT)
        while time.monotonic() - began < seconds:
            if self.process.poll() is not None:
                raise RuntimeError("Server beendet sich beim Start:\n" + self.log.read_text())
            try:
                if httpx.get(self.base + "/api/jobs", headers=self.headers, timeout=5).status_code == 200:
                    return time.monotonic() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("Server antwortet nicht:\n" + self.log.read_text())

    def stop(self, sig: int = signal.SIGTERM, seconds: float = 60) -> bool:
        """Send `sig` and wait; True when it went down by itself (uvicorn re-raises SIGTERM)."""
        if self.process is None or self.process.poll() is not None:
            return True
        self.process.send_signal(sig)
        return self.process.wait(timeout=seconds) in (0, -signal.SIGTERM)

    def __enter__(self) -> Served:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        if not self.stop():
            self.stop(signal.SIGKILL)
