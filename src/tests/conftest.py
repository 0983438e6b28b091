"""pytest plumbing shared by every test module: one way to run dbt on the project.

The fixture ``dbt_project`` is a factory: ``dbt_project(run_dir, raw_data_path=..., vars=..., threads=...)`` gives a
``DbtProject``, dbt on the repository's project isolated in ``run_dir``: its own warehouse file
(``run_dir/warehouse.duckdb`` unless ``warehouse=``), ``target/``, ``logs/`` and DuckDB spill directory, reading the
raw exports in ``raw_data_path`` (env var CUSTOMER360_RAW_DATA_PATH, so that changing the data re-parses only the
sources). ``.run("build", "--select", ...)`` returns the finished process and raises ``DbtError`` (an
AssertionError) with the tail of dbt's output when dbt exits non-zero, unless ``check=False``. ``.query(sql)`` reads
the warehouse once dbt has exited.

The repository is never written to: every run dir is a pytest temp dir.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import duckdb
import pytest

from customer360.project import DEMO_DATA, REPO_ROOT, WAREHOUSE_FILE, dbt_env, dbt_executable

DBT_TIMEOUT_SECONDS = 1800
STDOUT_TAIL_CHARS = 6000
STDERR_TAIL_CHARS = 2000


class DbtError(AssertionError):
    """dbt exited non-zero: the message names the command and holds the tail of its output."""


@dataclasses.dataclass(frozen=True)
class DbtProject:
    """dbt on the repository's project in one run dir (see the module docstring).

    ``vars`` go to every command as ``--vars`` (a command may add its own with ``run(..., vars=)``); ``threads``
    and ``memory_limit`` set the profile's env vars only when given (else the caller's environment applies);
    ``target_path`` (default ``run_dir/target``) may be shared by several run dirs so that dbt parses the project
    once; ``unset_env`` names env vars removed for dbt (e.g. a salt the test needs at its default). ``runs`` holds
    every finished command in order (shared with the copies ``replace()`` makes).
    """

    run_dir: Path
    raw_data_path: Path = DEMO_DATA
    vars: dict = dataclasses.field(default_factory=dict)
    threads: int | None = None
    memory_limit: str | None = None
    warehouse: Path | None = None
    target_path: Path | None = None
    unset_env: tuple[str, ...] = ()
    timeout_seconds: float = DBT_TIMEOUT_SECONDS
    runs: list[subprocess.CompletedProcess] = dataclasses.field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        if self.warehouse is None:
            object.__setattr__(self, "warehouse", self.run_dir / WAREHOUSE_FILE)
        if self.target_path is None:
            object.__setattr__(self, "target_path", self.run_dir / "target")

    def replace(self, **changes) -> DbtProject:
        """The same project with other settings (e.g. other raw data in the same run dir)."""
        return dataclasses.replace(self, **changes)

    @property
    def env(self) -> dict[str, str]:
        env = dbt_env(self.run_dir, self.raw_data_path, self.threads, self.memory_limit, self.warehouse)
        env["DBT_TARGET_PATH"] = str(self.target_path)
        for name in self.unset_env:
            env.pop(name, None)
        return env

    def run(self, *args: str, check: bool = True, vars: dict | None = None) -> subprocess.CompletedProcess:
        merged = {**self.vars, **(vars or {})}
        if merged and "--vars" in args:
            raise ValueError("pass dbt vars as run(..., vars={...}): a second --vars would replace the first")
        command = [dbt_executable(), "--no-use-colors", *args, *(["--vars", json.dumps(merged)] if merged else [])]
        self.run_dir.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(command, cwd=REPO_ROOT, env=self.env, capture_output=True, text=True,
                              timeout=self.timeout_seconds)
        self.runs.append(proc)
        if check and proc.returncode != 0:
            raise DbtError(f"dbt {' '.join(command[2:])} failed (exit {proc.returncode}):\n"
                           f"{proc.stdout[-STDOUT_TAIL_CHARS:]}\n{proc.stderr[-STDERR_TAIL_CHARS:]}")
        return proc

    def run_results(self) -> dict:
        """target/run_results.json of the last command."""
        return json.loads((self.target_path / "run_results.json").read_text(encoding="utf-8"))

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def dbt_project():
    """Factory of DbtProject: ``dbt_project(run_dir, **settings)``."""
    return DbtProject


@pytest.fixture(scope="session")
def parsed_manifest(tmp_path_factory, dbt_project) -> dict:
    """dbt's manifest of the project as it is now (one `dbt parse` per session, ~20 s), for tests of the DAG."""
    dbt = dbt_project(tmp_path_factory.mktemp("parse"), timeout_seconds=600)
    dbt.run("parse")
    return json.loads((dbt.target_path / "manifest.json").read_text(encoding="utf-8"))
