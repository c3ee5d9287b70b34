"""Keeping a batch of submissions going: nbgrader preprocessors that autograder/nbgrader_config.py installs.

Points come from the trusted checks (autograder/judge.py); these two only make sure every submission
is graded as released and to the end:

1. RestoreMissingCells puts back every course cell (instructions, set-up, tests) that a learner
   deleted, where it was, so that nbgrader's OverwriteCells restores its released source and the
   notebook is graded as released. Edited course cells are restored by OverwriteCells itself.
2. GuardedExecute keeps a dead kernel (os._exit, a segfault) from losing the submission: the cell
   that was running gets an error saying the kernel died, every later cell an error saying it did
   not run, and nbgrader saves the grades as usual. A cell that runs past the per-cell timeout is
   interrupted and scores 0; if the kernel no longer answers after that, the rest is marked as not run.
   It does not run the lesson's demonstrations (course cells tagged "demo" in solutions/): no check
   reads them.

3. StartTrustedChecks starts the trusted checks of autograder/judge.py before the kernel runs (they
   run in other processes, beside it); FinishTrustedChecks waits for them and adds a `CheckFailed`
   error to each grade cell that one of its cases failed, so nbgrader scores it 0 and its feedback
   says why. It also turns stderr output into stdout: warnings, logging and progress bars stay
   visible and cost nothing (nbgrader scores a test cell with stderr output 0). Both run when
   autograding and when validating (JupyterLab's Validate button), so the two give the same verdict.

Learner cells run exactly as written.
"""
import os
import threading
import time
import traceback
from pathlib import Path

from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.notebooknode import NotebookNode

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from course import demo_cells
from judge import SCENARIOS, Judge, answer_cells


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


def _source_notebook(resources, config):
    """The course cells of this notebook, in order: [(grade_id, cell, is_solution, points or None)].

    The order comes from the source notebook (solutions/), the text from the gradebook (for answer
    cells that is the released stub, never the solution).
    """
    import nbformat
    from nbgrader.coursedir import CourseDirectory

    info = resources["nbgrader"]
    with Gradebook(info["db_url"]) as gb:
        try:
            nb = gb.find_notebook(info["notebook"], info["assignment"])
        except MissingEntry:
            return []
        solutions = {c.name for c in nb.solution_cells}
        points = {c.name: c.max_score for c in nb.grade_cells}
        stored = {c.name: NotebookNode(cell_type=c.cell_type, source=c.source, locked=c.locked,
                                       checksum=c.checksum) for c in nb.source_cells}
    coursedir = CourseDirectory(config=config)
    path = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / f"{info['notebook']}.ipynb"
    order = [_meta(c).get("grade_id") for c in nbformat.read(path, as_version=4).cells] if path.is_file() else []
    order = [gid for gid in order if gid in stored] + [gid for gid in stored if gid not in order]
    return [(gid, stored[gid], gid in solutions, points.get(gid)) for gid in order]


# --- 1. deleted course cells ----------------------------------------------------------------------

class RestoreMissingCells(NbGraderPreprocessor):
    """Insert every course cell missing from the submission after the course cell that preceded it."""

    def preprocess(self, nb, resources):
        source = _source_notebook(resources, self.config)
        present = {_meta(c).get("grade_id") for c in nb.cells}
        for position, (grade_id, cell, is_solution, points) in enumerate(source):
            if grade_id in present:
                continue
            self.log.warning("cell %s was deleted from the submission; putting it back", grade_id)
            meta = {"grade_id": grade_id, "locked": cell.locked, "solution": is_solution,
                    "grade": points is not None, "schema_version": 3}
            if points is not None:
                meta["points"] = points
            if cell.checksum:
                meta["checksum"] = cell.checksum
            new = NotebookNode(cell_type=cell.cell_type, source=cell.source,
                               metadata=NotebookNode(nbgrader=NotebookNode(meta)))
            if cell.cell_type == "code":
                new.outputs, new.execution_count = [], None
            previous = [gid for gid, *_ in source[:position] if gid in present]
            index = 0
            if previous:
                index = 1 + max(i for i, c in enumerate(nb.cells) if _meta(c).get("grade_id") == previous[-1])
            nb.cells.insert(index, new)
            present.add(grade_id)
        return nb, resources


# --- 3 and 4. running: snapshot, checks, dead kernels ---------------------------------------------

def _lesson(resources):
    # Autograding names the assignment; Validate (JupyterLab's button, `nbgrader validate`) runs in the
    # notebook's folder, which is named after its lesson.
    return (resources or {}).get("nbgrader", {}).get("assignment") or Path.cwd().name


def released_demo(demos, cell):
    """Whether `cell` is one of `demos` ({grade_id: source}, course.demo_cells) with its released source:
    a cell that only takes a demonstration's name or tags (Validate does not restore cells) still runs."""
    return demos.get(_meta(cell).get("grade_id")) == cell.source


DEMO_NOTE = "(a demonstration: not run while grading, no check reads it; run the notebook to see it)\n"


START_ATTEMPTS = 3  # kernels started for a submission whose kernel dies before its first cell


class GuardedExecute(Execute):
    """nbgrader's Execute, plus survival of a dead kernel and a clear reason for a timeout. The lesson's
    demonstrations (course cells tagged "demo" in its source notebook, with their released source) are
    not run: they train and plot for the reader, and no check reads them."""

    def preprocess(self, nb, resources=None, km=None):
        self._demos = demo_cells(_lesson(resources))
        for _ in range(START_ATTEMPTS):
            self._stopped, self._started = None, False
            try:
                return super().preprocess(nb, resources, km)
            except (DeadKernelError, RuntimeError) as err:
                if self._started or not (isinstance(err, DeadKernelError) or "died" in str(err)):
                    raise
                # It died before running a cell, so nothing of the submission ran in it: a kernel that could
                # not start (under load, another process can take a port between its choice and its use),
                # or one whose fork server the submission's checks killed as it started. Another one starts.
        for cell in nb.cells:  # every cell is reported; nothing else is lost
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs = [_error("NotRun", "not run: the kernel died as it started")]
        return nb, resources

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        label = _meta(cell).get("grade_id", f"cell {cell_index + 1}")
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if self._stopped:
            cell.outputs = [_error("NotRun", self._stopped)]
            return cell
        if released_demo(self._demos, cell):
            cell.outputs = [NotebookNode(output_type="stream", name="stdout", text=DEMO_NOTE)]
            cell.execution_count = None
            return cell
        self._started = True
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self._stopped = f"not run: the kernel died in {label}"
            cell.outputs.append(_error(
                "KernelDied", f"the kernel died while running {label} (the process exited: os._exit, "
                              "sys.exit from a thread, a segfault or running out of memory)"))
            return cell
        if any(o.output_type == "error" and o.ename == "CellTimeoutError" for o in cell.outputs):
            # the interrupt's KeyboardInterrupt is a symptom; the timeout is the reason
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "error" and o.ename == "KeyboardInterrupt")]
            if not await self._answers():
                self._stopped = f"not run: the kernel stopped answering after {label}"
        return cell

    async def _answers(self):
        """True if the kernel still runs code after an interrupted cell."""
        try:
            msg_id = await ensure_async(self.kc.execute("", silent=True, store_history=False))
            return await self.async_wait_for_reply(msg_id) is not None
        except Exception:  # noqa: BLE001 (a kernel that cannot be asked does not answer)
            return False

    execute_cell = run_sync(async_execute_cell)  # nbconvert calls execute_cell, bound to the base class's


# --- 3. the trusted checks ------------------------------------------------------------------------

class StartTrustedChecks(NbGraderPreprocessor):
    """Before the kernel runs anything: start the trusted checks of this submission in the background."""

    def preprocess(self, nb, resources):
        lesson = _lesson(resources)
        state = resources["ckptlab_judge"] = {"verdict": None, "error": None, "seconds": None}
        if not (SCENARIOS / f"{lesson}.py").is_file():
            if os.environ.get("NBGRADER_EXECUTION") == "validate":
                state["skip"] = True  # not a lesson of this course: Validate as usual
            else:
                state["error"] = f"no trusted checks for {lesson!r}"
            return nb, resources

        answers = answer_cells(nb)  # now: the kernel will add outputs to these cells while the checks run

        def work():
            start = time.perf_counter()
            try:
                state["verdict"] = Judge(lesson, answers).run()
            except Exception:  # noqa: BLE001 (reported on every grade cell)
                state["error"] = traceback.format_exc()
            state["seconds"] = time.perf_counter() - start

        state["thread"] = threading.Thread(target=work, daemon=True)
        state["thread"].start()
        return nb, resources


class FinishTrustedChecks(NbGraderPreprocessor):
    """After the kernel ran: the trusted verdicts onto the grade cells; stderr output becomes stdout."""

    def preprocess(self, nb, resources):
        state = resources.get("ckptlab_judge") or {"verdict": None, "error": "the trusted checks never started"}
        if state.get("skip"):
            return nb, resources
        if state.get("thread"):
            state["thread"].join()
        if state["error"]:
            self.log.error("trusted checks failed: %s", state["error"])
        else:
            self.log.info("trusted checks took %.1f s", state["seconds"])
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for output in cell.get("outputs", []):
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"  # warnings, logging and progress bars cost nothing, and stay visible
            meta = _meta(cell)
            if not meta.get("grade") or meta.get("solution"):
                continue
            if state["error"]:
                cell.outputs.append(_error("GradingError", "the trusted checks could not run; tell your instructor: "
                                           + state["error"].strip().splitlines()[-1]))
                continue
            failed = state["verdict"].get(meta.get("grade_id"))
            if failed is None:
                cell.outputs.append(_error("GradingError", f"no trusted checks for {meta.get('grade_id')}"))
            elif failed:
                more = f" (and {len(failed) - 1} more case(s))" if len(failed) > 1 else ""
                cell.outputs.append(_error("CheckFailed", "in new processes, " + failed[0] + more))
        return nb, resources
