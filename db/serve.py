"""`casebook serve`: Datasette, read-only (immutable mode) on 127.0.0.1, with metadata.yml, in 1 or N processes.

The server is uvicorn running app() below: a Datasette over the database as an immutable file, with the
inspect file's table counts (no count(*) on a table page) and memory-mapped reads. With workers > 1 uvicorn
starts that many processes accepting on one port (a supervisor restarts one that dies), so throughput grows
with the cores; every process reads the same file, which nothing writes while it is served.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from casebook.errors import CasebookError

SETTINGS = {
    "suggest_facets": False,       # suggestions cost ~400 ms a page
    "sql_time_limit_ms": 2000,     # a slow query is cut off
    "facet_time_limit_ms": 100,    # a facet that takes longer is left out of the page ("timed out"), the rows still show
    "default_page_size": 50,
    "max_returned_rows": 200,      # rows of a canned query or SQL page (1,000 rows of citations took 300 ms to render);
                                   # tables export every row with .csv?_stream=on, and the whole file downloads
    "allow_download": True,        # researchers download the database
}
MMAP_BYTES = 4 * 1024**3           # reads by memory map: 3 times faster row lookups on a 1 GB file (bench/serving.py)
ROOT = Path(__file__).resolve().parent.parent
# The project's pages: templates (case page, methodology, footer), a local plugin (accuracy from bench/results,
# default columns, the http-only link filter) and static CSS; every Datasette this module makes gets all three.
TEMPLATES = ROOT / "templates"
PLUGINS = ROOT / "plugins"
STATIC = ROOT / "static"
SQLITE_MAGIC = b"SQLite format 3\x00"
# How the parent tells each uvicorn worker what to serve (a worker process imports this module afresh).
ENV = "CASEBOOK_SERVE"


def check_database(db_path: Path) -> None:
    """A clear error, before any server starts, when db_path is missing, unreadable or not an SQLite database."""
    import sqlite3

    db_path = Path(db_path)
    if not db_path.exists():
        raise CasebookError(f"{db_path}: no database", hint="run `casebook build` first")
    if db_path.is_dir():
        raise CasebookError(f"{db_path}: a folder, not a database file", hint="give the .db file: --db db/casebook.db")
    try:
        with open(db_path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise CasebookError(f"{db_path}: cannot read the database ({e.strerror})",
                            hint="check the file's permissions (chmod u+r) or build it again with `casebook build`")
    if head != SQLITE_MAGIC:
        raise CasebookError(f"{db_path}: not an SQLite database",
                            hint="give the file `casebook build` wrote (default db/casebook.db), or build it again")
    try:
        conn = sqlite3.connect(f"file:{db_path.resolve()}?mode=ro&immutable=1", uri=True)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise CasebookError(f"{db_path}: a damaged SQLite database ({e})", hint="build it again with `casebook build --full`")


def load_metadata(path: Path) -> dict:
    """metadata.yml as a mapping, or a clear error naming the file (missing, unreadable, not YAML, not a mapping)."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CasebookError(f"{path}: no metadata file", hint="leave --metadata out to use the project's metadata.yml")
    except IsADirectoryError:
        raise CasebookError(f"{path}: a folder, not a metadata file", hint="give a YAML file, e.g. --metadata metadata.yml")
    except (OSError, UnicodeDecodeError) as e:
        raise CasebookError(f"{path}: cannot read the metadata file ({getattr(e, 'strerror', None) or e})",
                            hint="give a readable UTF-8 YAML file, e.g. the project's metadata.yml")
    try:
        metadata = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CasebookError(f"{where}: not valid YAML ({getattr(e, 'problem', None) or e})",
                            hint="fix the YAML (indentation, quotes) or start again from the project's metadata.yml")
    if not isinstance(metadata, dict):
        raise CasebookError(f"{path}: expected a mapping (title:, databases:, ...), got {type(metadata).__name__}",
                            hint="see the project's metadata.yml for the format Datasette reads")
    return metadata


def inspect_file(db_path: Path) -> Path:
    """`datasette inspect` output for the database (table counts), made again whenever the database is newer."""
    db_path = Path(db_path)
    out = db_path.with_name(db_path.stem + ".inspect.json")
    if not out.exists() or out.stat().st_mtime < db_path.stat().st_mtime:
        tmp = out.with_name(out.name + ".tmp")
        done = subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(tmp)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            tmp.unlink(missing_ok=True)
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise CasebookError(f"{db_path}: Datasette could not read the database ({last})",
                                hint="build it again with `casebook build --full`")
        try:
            os.replace(tmp, out)
        except OSError as e:
            raise CasebookError(f"{out}: cannot write the table counts beside the database ({e.strerror})",
                                hint="serve a database in a folder you can write to")
    return out


def check_inputs(db_path: Path, metadata: Path) -> dict:
    """Every check `casebook serve` makes before starting: the database, then the metadata (returned)."""
    check_database(db_path)
    return load_metadata(metadata)


def datasette_options() -> dict:
    """The project's templates, plugins and static files, for every Datasette this project starts."""
    return {"template_dir": str(TEMPLATES), "plugins_dir": str(PLUGINS), "static_mounts": [("static", str(STATIC))]}


def prepare_connection(conn, database, datasette) -> None:
    """Datasette plugin hook: every SQLite connection reads the (immutable) file through a memory map."""
    conn.execute(f"pragma mmap_size = {MMAP_BYTES}")


def app():
    """uvicorn app factory (`--factory db.serve:app`): the Datasette ASGI app for the database named in $CASEBOOK_SERVE."""
    from datasette import hookimpl
    from datasette.app import Datasette
    from datasette.plugins import pm

    if ENV not in os.environ:
        raise CasebookError(f"db.serve:app serves the database named in ${ENV}", hint="start it with `casebook serve`")
    conf = json.loads(os.environ[ENV])
    if not pm.has_plugin("casebook_serve"):
        pm.register(type("CasebookServe", (), {"prepare_connection": staticmethod(hookimpl(prepare_connection))}),
                    name="casebook_serve")
    metadata = load_metadata(Path(conf["metadata"]))
    ds = Datasette(files=[], immutables=[conf["db"]], metadata=metadata, settings=SETTINGS,
                   inspect_data=json.loads(Path(conf["inspect"]).read_text()),
                   secret=conf["secret"],  # one secret for all workers: a signed cookie is valid on each
                   **datasette_options())
    return ds.app()


def uvicorn_command(db_path: Path, metadata: Path, host: str, port: int, workers: int = 1) -> tuple[list[str], dict]:
    """The uvicorn command line and environment that serve db_path read-only with `workers` processes."""
    conf = {"db": str(Path(db_path).resolve()), "metadata": str(Path(metadata).resolve()),
            "inspect": str(inspect_file(Path(db_path)).resolve()), "secret": secrets.token_hex(32)}
    env = {**os.environ, ENV: json.dumps(conf),
           "PYTHONPATH": os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p])}
    args = [sys.executable, "-m", "uvicorn", "--factory", "db.serve:app", "--host", host, "--port", str(port),
            "--workers", str(workers), "--lifespan", "on"]
    return args, env


def check_workers(workers: int) -> None:
    if workers < 1:
        raise CasebookError(f"--workers {workers}: at least 1", hint="one worker per core is a good start, e.g. --workers 2")


def serve(db_path: Path, metadata: Path, host: str = "127.0.0.1", port: int = 8001, workers: int = 1) -> None:
    """Replace this process with uvicorn serving db_path through Datasette in `workers` processes."""
    check_workers(workers)
    check_inputs(db_path, metadata)
    args, env = uvicorn_command(Path(db_path), Path(metadata), host, port, workers)
    print(f"Serving {db_path} at http://{host}:{port}/ (read-only, {workers} process{'es' if workers > 1 else ''}). "
          "Ctrl-C stops.", flush=True)
    os.execve(args[0], args, env)


def start_in_background(db_path: Path, metadata: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """The server on a free 127.0.0.1 port, polled until it answers: (process, base URL). For tests and benchmarks.

    Its log goes to DB.log beside the database (a pipe nobody reads fills up and blocks the server). The
    process leads its own process group, so that stop() also ends the workers.
    """
    import socket
    import time

    import httpx

    check_workers(workers)
    check_inputs(db_path, metadata)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = Path(db_path).with_suffix(".log")
    args, env = uvicorn_command(Path(db_path), Path(metadata), "127.0.0.1", port, workers)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            if httpx.get(base + "/-/versions.json", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError("datasette did not start: " + log_path.read_text(errors="replace")[-2000:])


def stop(proc: subprocess.Popen) -> None:
    """Terminate a background server (and its workers), killing its process group if it does not stop within 10 s."""
    import signal

    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the group start_in_background made: this server's processes only
        except ProcessLookupError:
            pass
        proc.wait()
