"""The course in a real browser: JupyterLab started as `make lab` starts it, driven by headless Chromium.

For every learner notebook: run all cells; the only errors may come from the unfinished exercise
(NotImplementedError in answer and check cells); plots render as images. For the last solution
notebook (nbval runs them all): run all cells without any error, plots render. These five run at
once, each in its own page and kernel, as five open notebooks would. nbgrader's Validate
button reports on a learner notebook.
Screenshots go to test-artifacts/browser/ (not committed).

Needs Debian's chromium (/usr/bin/chromium). Without it the test skips, except when CI=true.
"""
import shutil
import time

import nbformat
import pytest

from conftest import BROWSER, CHROMIUM, LESSONS, REPO, require, start_lab

ARTIFACTS = REPO / "test-artifacts" / "browser"
ALLOWED_LEARNER_ERRORS = {"NotImplementedError", "NameError"}  # unfinished answers, unanswered quiz

require(BROWSER)

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a copy of the course (runs write outputs into the notebooks), as `make lab` runs it."""
    from ckptlab.lab import write_lab_settings

    root = tmp_path_factory.mktemp("course")
    for folder in ("notebooks", "solutions"):
        shutil.copytree(REPO / folder, root / folder)
    write_lab_settings()
    token = "ckptlab-browser-test"
    server, base = start_lab(root, token, root / "lab.log", cwd=root, env_extra={
        "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces")})  # no tabs restored from earlier sessions
    yield {"base": base, "token": token, "root": root}
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


def open_notebook(browser, lab, relpath):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab['base']}/lab/tree/{relpath}?reset&token={lab['token']}")  # reset: only this notebook open
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60_000)
    wait_idle(page)
    return page


BUSY = """() => {
    const status = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')];
    return (status && status.dataset.status !== 'idle') || prompts.some(p => p.textContent.includes('*'));
}"""


def wait_idle(page, timeout=240):
    """Wait until the kernel is idle and no cell is queued or running ([*])."""
    deadline, quiet_since = time.time() + timeout, None
    while time.time() < deadline:
        if page.evaluate(BUSY):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.time()
        elif time.time() - quiet_since > 1.5:
            return
        time.sleep(0.5)
    raise AssertionError("the notebook did not finish running in time")


def menu(page, top, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_everything(pages, timeout=600):
    """Run All in every page at once (each notebook has its own kernel); after an error stops a page's
    queue, run from its next unexecuted cell on, until every cell of every page ran."""
    for page in pages:
        menu(page, "Run", "Run All Cells")
    quiet_since = {page: None for page in pages}
    waiting, deadline = list(pages), time.time() + timeout
    while waiting:
        assert time.time() < deadline, "the notebooks did not finish running in time"
        time.sleep(0.5)
        for page in list(waiting):
            if page.evaluate(BUSY):
                quiet_since[page] = None
                continue
            quiet_since[page] = quiet_since[page] or time.time()
            if time.time() - quiet_since[page] < 1.5:
                continue
            prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt")
            texts = prompts.all_text_contents()
            pending = [i for i, t in enumerate(texts) if t.strip() in ("[ ]:", "")]
            if not pending:
                waiting.remove(page)
                continue
            prompts.nth(pending[0]).click()
            last = pending[0] == len(texts) - 1  # "and All Below" is disabled on the last cell
            menu(page, "Run", "Run Selected Cell and Do not Advance" if last else "Run Selected Cell and All Below")
            quiet_since[page] = None


def save_and_read(page, lab, relpath):
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    time.sleep(2)
    return nbformat.read(lab["root"] / relpath, as_version=4)


def errors_by_cell(nb):
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append((cell.metadata.get("nbgrader", {}), out.ename, cell.source[:120]))
    return found


# nbval runs every solution notebook (make test's second test path); here the last one also shows its
# answered plots render in the browser.
NOTEBOOKS = {f"learner_{lid}": f"notebooks/{lid}/{lid}.ipynb" for lid in LESSONS}
NOTEBOOKS[f"solution_{LESSONS[-1]}"] = f"solutions/{LESSONS[-1]}/{LESSONS[-1]}.ipynb"


@pytest.fixture(scope="module")
def ran(browser, lab):
    """Every learner notebook and the last solution notebook, each open in its own page and run to the
    end, all at once; screenshots of each (and of its first or last plot); {name: (the notebook as
    saved, how many plots rendered as images)}."""
    pages = {name: open_notebook(browser, lab, relpath) for name, relpath in NOTEBOOKS.items()}
    run_everything(list(pages.values()))
    found = {}
    for name, page in pages.items():
        plots = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedImage img")
        images = plots.count()
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        if images:
            plot = plots.last if name.startswith("solution") else plots.first
            plot.scroll_into_view_if_needed()
            plot.wait_for(state="visible")
            page.wait_for_timeout(1000)  # the notebook renders the cells scrolled into view
            page.screenshot(path=str(ARTIFACTS / f"{name}_plot.png"))
        found[name] = save_and_read(page, lab, NOTEBOOKS[name]), images
        page.close()
    return found


@pytest.mark.parametrize("lesson", LESSONS)
def test_learner_notebook_in_the_browser(ran, lesson):
    nb, images = ran[f"learner_{lesson}"]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "some cells did not run"
    errors = errors_by_cell(nb)
    assert errors, "the unfinished exercise should make its checks fail"
    for meta, ename, source in errors:
        assert (meta.get("grade") or meta.get("solution")) and ename in ALLOWED_LEARNER_ERRORS, (
            f"unexpected {ename} outside the exercise and its checks:\n{source}")
    assert images >= 1, "no plot rendered as an image"


def test_solution_notebook_in_the_browser(ran):
    nb, images = ran[f"solution_{LESSONS[-1]}"]
    assert errors_by_cell(nb) == []
    assert images >= 1, "no plot rendered as an image"


def test_validate_reports_on_a_learner_notebook(browser, lab):
    lesson = LESSONS[0]
    page = open_notebook(browser, lab, f"notebooks/{lesson}/{lesson}.ipynb")
    page.locator(".jp-NotebookPanel-toolbar", has_text="Validate").locator("text=Validate").first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=240_000)
    page.wait_for_function("() => !document.querySelector('.jp-Dialog').textContent.includes('Validating')",
                           timeout=240_000)
    text = dialog.inner_text()
    page.screenshot(path=str(ARTIFACTS / "validate.png"))
    page.close()
    assert "Validat" in text and ("NotImplementedError" in text or "failed" in text.lower()), text[:2000]
