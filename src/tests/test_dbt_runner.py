"""The dbt runner every test module uses (conftest.py, fixture `dbt_project`): isolation and failure reporting.

Under a minute: dbt is started twice with a command it rejects before reading the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_run_is_isolated_in_its_run_dir(tmp_path: Path, dbt_project, monkeypatch) -> None:
    monkeypatch.setenv("CUSTOMER360_PII_SALT", "a salt")
    data = tmp_path / "raw"
    dbt = dbt_project(tmp_path / "run", data, threads=1, memory_limit="1GB", unset_env=("CUSTOMER360_PII_SALT",))
    env = dbt.env
    assert env["CUSTOMER360_DUCKDB_PATH"] == str(tmp_path / "run" / "warehouse.duckdb") == str(dbt.warehouse)
    assert env["DBT_TARGET_PATH"] == str(tmp_path / "run" / "target") == str(dbt.target_path)
    assert env["DBT_LOG_PATH"] == str(tmp_path / "run" / "logs")
    assert env["CUSTOMER360_DUCKDB_TEMP_DIR"] == str(tmp_path / "run" / "spill")
    assert env["CUSTOMER360_RAW_DATA_PATH"] == str(data)
    assert env["DBT_PROFILES_DIR"] == str(REPO_ROOT)
    assert env["CUSTOMER360_DBT_THREADS"] == env["CUSTOMER360_DUCKDB_THREADS"] == "1"
    assert env["CUSTOMER360_DUCKDB_MEMORY_LIMIT"] == "1GB"
    assert "CUSTOMER360_PII_SALT" not in env
    # another data set in the same run dir; a shared target dir
    other = dbt.replace(raw_data_path=tmp_path / "day2", target_path=tmp_path / "shared_target").env
    assert other["CUSTOMER360_RAW_DATA_PATH"] == str(tmp_path / "day2")
    assert other["DBT_TARGET_PATH"] == str(tmp_path / "shared_target")
    assert other["CUSTOMER360_DUCKDB_PATH"] == env["CUSTOMER360_DUCKDB_PATH"]


def test_threads_and_memory_are_inherited_unless_given(tmp_path: Path, dbt_project, monkeypatch) -> None:
    monkeypatch.setenv("CUSTOMER360_DBT_THREADS", "3")
    monkeypatch.delenv("CUSTOMER360_DUCKDB_MEMORY_LIMIT", raising=False)
    env = dbt_project(tmp_path).env
    assert env["CUSTOMER360_DBT_THREADS"] == "3"
    assert "CUSTOMER360_DUCKDB_MEMORY_LIMIT" not in env


def test_a_failing_command_raises_with_the_tail_of_its_output(tmp_path: Path, dbt_project) -> None:
    dbt = dbt_project(tmp_path)
    with pytest.raises(AssertionError, match=r"(?s)dbt no-such-command failed \(exit 2\).*No such command"):
        dbt.run("no-such-command")
    proc = dbt.run("no-such-command", check=False)
    assert proc.returncode == 2
    assert [p.returncode for p in dbt.runs] == [2, 2]


def test_vars_are_passed_once(tmp_path: Path, dbt_project) -> None:
    dbt = dbt_project(tmp_path, vars={"raw_data_format": "json"})
    with pytest.raises(ValueError, match="vars="):
        dbt.run("build", "--vars", "{identity_retrain: true}")
    assert dbt.runs == []
