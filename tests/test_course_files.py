"""The course's files agree with each other: pins, sources, learner notebooks, the contract."""
import ast
import json
import re

import nbformat

from conftest import LESSONS, REPO

CONTRACT = {  # lesson -> the functions its impl_ cells must define, with their parameters
    "01_optimizer_state": {"save_checkpoint": ["path", "model", "optimizer", "epochs_done"],
                           "load_checkpoint": ["path", "model", "optimizer", "map_location"]},
    "02_scheduler_state": {"save_checkpoint": ["path", "model", "optimizer", "scheduler", "epochs_done"],
                           "load_checkpoint": ["path", "model", "optimizer", "scheduler", "map_location"]},
    "03_best_weights": {"snapshot_weights": ["model"],
                        "save_checkpoint": ["path", "model", "optimizer", "scheduler", "epochs_done", "best_acc",
                                            "best_weights", "hparams"],
                        "load_checkpoint": ["path", "model", "optimizer", "scheduler", "map_location"],
                        "load_best_model": ["path", "model", "map_location"]},
    "04_exact_resume": {"capture_rng_state": [], "restore_rng_state": ["state"],
                        "fit": ["ckpt_path", "total_epochs", "stop_after", "device"]},
    "05_crash_safe": {"atomic_save": ["obj", "path"], "save_rotating": ["directory", "state", "step", "keep"],
                      "load_latest": ["directory", "map_location"], "clean_state_dict": ["state_dict"]},
    "06_distributed": {"save_ddp": ["path", "ddp_model", "optimizer", "epochs_done"],
                       "load_ddp": ["path", "ddp_model", "optimizer", "map_location"],
                       "save_sharded": ["directory", "model", "optimizer", "epochs_done"],
                       "load_sharded": ["directory", "model", "optimizer"]},
    "07_mid_epoch": {"fit_steps": ["ckpt_path", "total_steps", "save_every", "stop_after", "device"]},
}


def pip_pins(block="dependencies"):
    text = (REPO / "pyproject.toml").read_text()
    found = re.search(rf"^{block} = \[(.*?)\]", text, re.S | re.M).group(1)
    return sorted(re.findall(r'"([^"]+)"', found))


def test_every_dependency_is_pinned():
    pins = pip_pins() + pip_pins("test")
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", p) for p in pins), pins
    names = {p.split("==")[0] for p in pins}
    assert {"torch", "torchvision", "jupyterlab", "nbgrader", "nbval", "matplotlib", "pytest"} <= names
    assert "torch==2.14.1" in pins and "torchvision==0.29.1" in pins


def test_the_course_installs_without_the_test_tools():
    # make lab installs `-e .`; make test adds the `test` extra
    assert {p.split("==")[0] for p in pip_pins("test")} == {"pytest", "nbval", "playwright"}
    assert not {p.split("==")[0] for p in pip_pins()} & {"pytest", "nbval", "playwright"}
    makefile = (REPO / "Makefile").read_text()
    assert "pip install --disable-pip-version-check -e .\n" in makefile
    assert "-e '.[test]'" in makefile


def test_environment_yml_has_the_same_pins():
    text = (REPO / "environment.yml").read_text()
    conda_pins = sorted(re.findall(r"^\s*- ([A-Za-z0-9_.-]+==[\w.]+)\s*$", text, re.M))
    assert conda_pins == sorted(pip_pins() + pip_pins("test") + pip_pins("classroom"))
    assert re.search(r"^\s*- python=3\.11\s*$", text, re.M)


def test_every_lesson_has_a_source_and_a_learner_version():
    assert LESSONS == sorted(CONTRACT)
    for lid in LESSONS:
        assert (REPO / "solutions" / lid / f"{lid}.ipynb").is_file()
        assert (REPO / "notebooks" / lid / f"{lid}.ipynb").is_file()


def test_solutions_are_committed_without_outputs():
    for lid in LESSONS:
        nb = json.loads((REPO / "solutions" / lid / f"{lid}.ipynb").read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell["outputs"] and cell["execution_count"] is None, f"{lid}: clear outputs"


def test_learner_notebooks_match_what_nbgrader_generates(grade, tmp_path):
    grade.generate_release(tmp_path / "release", tmp_path / "work")
    for lid in LESSONS:
        generated = nbformat.read(tmp_path / "release" / lid / f"{lid}.ipynb", as_version=4)
        committed = nbformat.read(REPO / "notebooks" / lid / f"{lid}.ipynb", as_version=4)
        assert generated == committed, f"notebooks/{lid} is stale: run 'make release' and commit it"


def defined_functions(source):
    return {node.name: [a.arg for a in node.args.args] for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef)}


def test_contract_functions_live_in_impl_cells_only():
    for lid, functions in CONTRACT.items():
        nb = nbformat.read(REPO / "solutions" / lid / f"{lid}.ipynb", as_version=4)
        in_impl, elsewhere = {}, {}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            found = defined_functions(cell.source)
            target = in_impl if meta.get("solution") and meta["grade_id"].startswith("impl_") else elsewhere
            target.update(found)
            if meta.get("solution") and not meta["grade_id"].startswith("impl_"):
                assert not set(found) & set(functions), f"{lid}: {meta['grade_id']} defines contract names"
        for name, params in functions.items():
            assert in_impl.get(name) == params, f"{lid}: {name} should take {params}, has {in_impl.get(name)}"
            assert name not in elsewhere, f"{lid}: {name} is defined outside the impl_ cells"


def test_test_cells_are_locked_and_do_not_end_in_a_value():
    # nbgrader gives partial credit when a test cell's last output is a number: never let it happen.
    for lid in LESSONS:
        nb = nbformat.read(REPO / "solutions" / lid / f"{lid}.ipynb", as_version=4)
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert len(tests) >= 4, f"{lid}: expected several graded cells"
        for cell in tests:
            assert cell.metadata["nbgrader"]["locked"] and cell.metadata["nbgrader"]["points"] > 0
            last = ast.parse(cell.source).body[-1]
            assert not isinstance(last, ast.Expr) or isinstance(last.value, ast.Call), cell.source[-200:]
