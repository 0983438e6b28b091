"""The local dbt packages (packages/dbt_expectations, packages/dbt_utils) against their integration projects.

Each package folder holds an `integration_tests` dbt project whose data tests are tagged
`expect_pass` or `expect_fail`; an expect_fail test states its exact failure count in
`meta.expected_failures` (worked out by hand from the seed CSVs). The test copies the package folder
to a temp dir (so `dbt deps`, the lock file, target/, logs/ and the DuckDB file never touch the
repository), runs `dbt deps` + `dbt build`, and reads target/manifest.json + target/run_results.json:

* every seed, model and singular/generic test ran (no `error` / `skipped` status);
* every expect_pass test has status `pass`;
* every expect_fail test has status `fail` with the stated number of failures.

Both projects are built by one child process (about 25 s of CPU in all, most of it dbt parsing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES_DIR = REPO_ROOT / "packages"
PACKAGE_NAMES = ("dbt_expectations", "dbt_utils")
DBT_TIMEOUT_SECONDS = 300
# a project with fewer tests than this has lost tests (e.g. a YAML block silently not parsed)
MIN_TESTS_PER_TAG = 10

# One child process runs `dbt deps` + `dbt build` for every project through dbt's Python API: dbt's
# start-up (seconds of CPU per `dbt` command on this 2-core box) is paid once, and a child process
# keeps dbt's global state (logging, flags, DuckDB handles) out of this pytest session.
RUNNER = """
import json, os, sys
from dbt.cli.main import dbtRunner

for project in json.loads(sys.argv[1]):
    os.environ["DBT_INTEGRATION_DUCKDB_PATH"] = project["warehouse"]
    paths = ["--project-dir", project["dir"], "--profiles-dir", project["dir"]]
    dbtRunner().invoke(["deps", *paths])
    dbtRunner().invoke(
        ["build", *paths, "--target-path", project["dir"] + "/target", "--log-path", project["dir"] + "/logs"]
    )
"""


@dataclass
class Build:
    """One integration project built in a temp dir."""

    package: str
    project_dir: Path
    log: str

    @property
    def target_dir(self) -> Path:
        return self.project_dir / "target"

    def load(self, name: str) -> dict:
        path = self.target_dir / name
        assert path.exists(), f"{self.package}: {name} missing; dbt output:\n{self.log[-4000:]}"
        return json.loads(path.read_text())


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    work_dir = tmp_path_factory.mktemp("local_packages")
    projects = []
    for package in PACKAGE_NAMES:
        # copy the whole package: the integration project installs it from `../`
        shutil.copytree(
            PACKAGES_DIR / package,
            work_dir / package,
            ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", "package-lock.yml", "*.duckdb*"),
        )
        projects.append(
            {"dir": str(work_dir / package / "integration_tests"), "warehouse": str(work_dir / f"{package}.duckdb")}
        )
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    for variable in ("DBT_PROFILES_DIR", "DBT_PROJECT_DIR", "DBT_TARGET_PATH", "DBT_LOG_PATH"):
        env.pop(variable, None)  # the caller's dbt settings must not leak into the integration projects
    completed = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(projects)],
        cwd=work_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=DBT_TIMEOUT_SECONDS,
        check=False,
    )
    log = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"the dbt runner crashed:\n{log[-4000:]}"
    return {
        package: Build(package, Path(project["dir"]), log) for package, project in zip(PACKAGE_NAMES, projects)
    }


def _test_outcomes(build: Build) -> list[dict]:
    """One dict per data test: name, tags, expected_failures, status, failures."""
    manifest = build.load("manifest.json")
    run_results = {result["unique_id"]: result for result in build.load("run_results.json")["results"]}
    outcomes = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "test" or node["package_name"] != f"{build.package}_integration_tests":
            continue
        result = run_results.get(unique_id, {})
        meta = node.get("config", {}).get("meta", {}) or node.get("meta", {})
        outcomes.append(
            {
                "name": node["name"],
                "tags": set(node["tags"]),
                "expected_failures": meta.get("expected_failures"),
                "status": result.get("status", "not run"),
                "failures": result.get("failures"),
                "message": result.get("message"),
            }
        )
    return outcomes


@pytest.mark.parametrize("package", PACKAGE_NAMES)
def test_every_node_ran(builds, package):
    build = builds[package]
    results = build.load("run_results.json")["results"]
    broken = [(r["unique_id"], r["status"], r.get("message")) for r in results if r["status"] in ("error", "skipped")]
    assert not broken, f"{package}: nodes that did not run cleanly: {broken}"
    not_tests = [r for r in results if not r["unique_id"].startswith("test.")]
    assert not_tests and all(r["status"] == "success" for r in not_tests)


@pytest.mark.parametrize("package", PACKAGE_NAMES)
def test_every_test_is_tagged_once(builds, package):
    outcomes = _test_outcomes(builds[package])
    untagged = [o["name"] for o in outcomes if len(o["tags"] & {"expect_pass", "expect_fail"}) != 1]
    assert not untagged, f"tests without exactly one of expect_pass / expect_fail: {untagged}"
    for tag in ("expect_pass", "expect_fail"):
        assert sum(tag in o["tags"] for o in outcomes) >= MIN_TESTS_PER_TAG, f"too few {tag} tests"


@pytest.mark.parametrize("package", PACKAGE_NAMES)
def test_expect_pass_tests_pass(builds, package):
    outcomes = [o for o in _test_outcomes(builds[package]) if "expect_pass" in o["tags"]]
    wrong = [(o["name"], o["status"], o["failures"], o["message"]) for o in outcomes if o["status"] != "pass"]
    assert not wrong, f"{package}: expect_pass tests that did not pass: {wrong}"


@pytest.mark.parametrize("package", PACKAGE_NAMES)
def test_expect_fail_tests_fail_with_the_expected_count(builds, package):
    outcomes = [o for o in _test_outcomes(builds[package]) if "expect_fail" in o["tags"]]
    wrong = [
        (o["name"], o["status"], o["failures"], o["expected_failures"])
        for o in outcomes
        if o["status"] != "fail" or (o["expected_failures"] is not None and o["failures"] != o["expected_failures"])
    ]
    assert not wrong, f"{package}: expect_fail tests with the wrong outcome (name, status, failures, expected): {wrong}"
    # every failing case states its count: a count nobody checks would hide a wrong implementation
    uncounted = [o["name"] for o in outcomes if o["expected_failures"] is None]
    assert not uncounted, f"{package}: expect_fail tests without meta.expected_failures: {uncounted}"
