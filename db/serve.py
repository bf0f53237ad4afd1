"""`casebook serve`: Datasette, read-only (immutable mode) on 127.0.0.1, with metadata.yml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from casebook.errors import CasebookError

SETTINGS = {
    "suggest_facets": "off",      # suggestions cost ~400 ms a page
    "sql_time_limit_ms": "2000",  # a slow query is cut off
    "default_page_size": "50",
    "allow_download": "on",       # researchers download the database
}


def inspect_file(db_path: Path) -> Path:
    """`datasette inspect` output for the database (table counts), made again whenever the database is newer."""
    db_path = Path(db_path)
    out = db_path.with_name(db_path.stem + ".inspect.json")
    if not out.exists() or out.stat().st_mtime < db_path.stat().st_mtime:
        import subprocess

        tmp = out.with_name(out.name + ".tmp")
        subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(tmp)],
                       check=True, capture_output=True)
        os.replace(tmp, out)
    return out


def datasette_args(db_path: Path, metadata: Path, host: str, port: int) -> list[str]:
    """The datasette command line: immutable (-i) with an inspect file, so nothing can write to the file."""
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path), "--inspect-file", str(inspect_file(db_path)),
            "--metadata", str(metadata), "--host", host, "--port", str(port)]
    for k, v in SETTINGS.items():
        args += ["--setting", k, v]
    return args


def serve(db_path: Path, metadata: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Replace this process with Datasette serving db_path."""
    if not Path(db_path).exists():
        raise CasebookError(f"{db_path}: no database", hint="run `casebook build` first")
    args = datasette_args(Path(db_path), Path(metadata), host, port)
    print(f"Serving {db_path} at http://{host}:{port}/ (read-only). Ctrl-C stops.", flush=True)
    os.execv(args[0], args)


def start_in_background(db_path: Path, metadata: Path) -> tuple[subprocess.Popen, str]:
    """Datasette on a free 127.0.0.1 port, polled until it answers: (process, base URL). For tests and benchmarks.

    Its log goes to DB.log beside the database (a pipe nobody reads fills up and blocks the server).
    """
    import socket
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = Path(db_path).with_suffix(".log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(datasette_args(db_path, metadata, "127.0.0.1", port), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(base + "/-/versions.json", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("datasette did not start: " + log_path.read_text(errors="replace")[-2000:])


def stop(proc: subprocess.Popen) -> None:
    """Terminate a background Datasette, killing it if it does not stop within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
