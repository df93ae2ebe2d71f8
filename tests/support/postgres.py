"""A real PostgreSQL server for tests, started from Debian's `postgresql` package.

`start_postgres(folder)` runs initdb and pg_ctl from /usr/lib/postgresql/<n>/bin on a free
port, its socket in the folder; it answers `None` when the package is not installed
(`apt-get install postgresql`), so that tests can skip with that message. As root, the
server runs as the package's `postgres` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.serving import free_port

MISSING = (
    "PostgreSQL is not installed: `apt-get install postgresql` (Debian's package) runs "
    "these tests against a real server"
)


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<n>/bin that has initdb and pg_ctl, if any."""
    found = [
        folder
        for folder in Path("/usr/lib/postgresql").glob("*/bin")
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file()
    ]
    return max(found, key=lambda f: int(f.parent.name), default=None) if found else None


@dataclass
class Postgres:
    """A PostgreSQL server of a test session: `database(name)` makes a fresh database."""

    bin: Path
    folder: Path
    port: int
    as_user: list[str] = field(default_factory=list)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A PostgreSQL program of the package, as the user the server runs as."""
        command = [*self.as_user, str(self.bin / args[0]), *args[1:]]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {done.stdout}{done.stderr}")
        return done

    def database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres() -> Postgres | None:
    """A running PostgreSQL server in a fresh folder under /tmp, or None without the package.

    Raises:
        RuntimeError: the package is there but the server would not start (the message
            says why).
    """
    programs = postgres_bin()
    if programs is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="planner-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    server = Postgres(programs, folder, free_port(), as_user)
    data, log = folder / "data", folder / "server.log"
    server.run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
               "--no-sync", "--locale=C.UTF-8")  # fmt: skip
    options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        server.run("pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    except RuntimeError as error:
        text = log.read_text() if log.is_file() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"{error}\n{text}") from None
    return server
