"""A class on JupyterHub, end to end in a real browser: `make classroom`'s hub (autograder/classroom.py).

The instructor generates and releases lesson 01 in the Formgrader; alice and bob log in and fetch it
in the Assignment List; alice submits a known mistake, then a correct answer (the later submission
counts); bob submits the mistake with a test cell deleted (the grader restores it); a submission
under a name not in the class list is put into the exchange; the instructor collects (the
Formgrader names that submission and says what to do), autogrades each submission and releases feedback in the Formgrader, where the trusted
checker is in force as in `make grade`; each student fetches feedback and reads their score and,
for the mistake, the failing check's message. The class gradebook then holds exactly those two
submissions. The answers are written into the fetched notebooks on disk, as a save from the editor
would leave them (the lesson's own browser test types and runs cells). Everything the hub started is
gone afterwards. Screenshots go to test-artifacts/classroom/ (not committed).

Needs Debian's chromium and configurable-http-proxy (`make test` installs it): without them the test
skips, except when CI=true.
"""
import shutil
import sys
import time

import nbformat
import pytest

from conftest import BROWSER, CHROMIUM, REPO, require

sys.path.insert(0, str(REPO / "autograder"))
import classroom  # noqa: E402
import course  # noqa: E402

ARTIFACTS = REPO / "test-artifacts" / "classroom"
LESSON = "01_optimizer_state"
MISTAKE = course.PROOFS / "mutants" / LESSON / "optimizer_saved_not_loaded.py"
LOGIN_LIMIT = 120  # seconds from the log-in form to a user's running JupyterLab

require({**BROWSER, classroom.PROXY: "configurable-http-proxy: make classroom (or make test) installs it"})

from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = tmp_path_factory.mktemp("classroom")
    log = open(root / "hub.log", "w")
    started = time.time()
    process, base, accounts = classroom.start(root, classroom.free_port(), ("alice", "bob"), log=log)
    yield {"base": base, "accounts": accounts, "root": root, "start": time.time() - started}
    classroom.stop(process, root)
    log.close()
    assert classroom.classroom_processes(root) == [], "processes of the classroom outlived it"


@pytest.fixture(scope="module")
def browser():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def log_in(browser, hub, name):
    """A page where `name` is logged in and their JupyterLab is running; the seconds it took."""
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    started = time.time()
    page.goto(f"{hub['base']}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub["accounts"][name])
    page.click("#login_submit")
    page.wait_for_selector("#jp-main-dock-panel", timeout=LOGIN_LIMIT * 1000)
    return page, time.time() - started


def formgrader_action(page, assignment, column):
    """Click a Formgrader button of an assignment's row (assign, release, collect, generate-feedback,
    release-feedback) and wait for its result: a success dialog, or the error's text."""
    row = page.locator("tr", has=page.locator("td.name", has_text=assignment))
    row.locator(f"td.{column} a").click()
    page.wait_for_selector("#success-modal, #error-modal", timeout=180_000)
    if page.locator("#error-modal").count():
        raise AssertionError(f"Formgrader {column} of {assignment}: " + page.inner_text("#error-modal"))
    text = page.inner_text("#success-modal")
    page.locator("#success-modal button.close").last.click()
    page.wait_for_selector("#success-modal", state="detached")
    return text


def open_assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first.click()
    page.locator('li[data-command="nbgrader:open-assignment-list"]').click()
    page.wait_for_selector("#released_assignments_list")


def list_rows(page, name, count):
    rows = page.locator(f"#{name}_assignments_list > .list_item")
    expect(rows).to_have_count(count, timeout=60_000)
    return rows


def answer(hub, student, answers, drop_test=None):
    """Fill the answer cells of the student's fetched notebook, as saving it in the editor would."""
    path = hub["root"] / "home" / student / LESSON / f"{LESSON}.ipynb"
    nb = nbformat.read(path, as_version=4)
    answered = {c.metadata["nbgrader"]["grade_id"]: c.source for c in course.make_submission(LESSON, answers).cells
                if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answered:
            cell.source = answered[gid]
    if drop_test:
        nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != drop_test]
    nbformat.write(nb, path)


def submit(page, times_before):
    list_rows(page, "fetched", 1).first.locator('.item_status button:text("Submit")').click()
    # the submissions of the assignment: a header row, then one row per submission
    expect(page.locator('#submitted_assignments_list [id$="-submissions"] > .list_item')).to_have_count(
        times_before + 2, timeout=60_000)


def test_a_class_on_jupyterhub(hub, browser):
    timings = {"hub start": hub["start"]}
    instructor, timings["instructor log-in"] = log_in(browser, hub, "instructor")
    instructor.goto(f"{hub['base']}/user/instructor/formgrader")
    instructor.wait_for_selector("td.name")
    started = time.time()
    formgrader_action(instructor, LESSON, "assign")
    formgrader_action(instructor, LESSON, "release")
    timings["generate and release"] = time.time() - started

    students = {}
    for name in ("alice", "bob"):
        page, timings[f"{name} log-in"] = log_in(browser, hub, name)
        open_assignment_list(page)
        list_rows(page, "released", 1).first.locator(".item_status button").click()
        list_rows(page, "fetched", 1)
        students[name] = page
    mistake = course.read_answer_file(MISTAKE)
    released = course.make_submission(LESSON, blank=True)
    test_cells = [c.metadata["nbgrader"]["grade_id"] for c in released.cells
                  if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]
    answer(hub, "alice", mistake)
    submit(students["alice"], 0)
    time.sleep(1.1)  # nbgrader's submissions are told apart by their timestamps
    answer(hub, "alice", None)  # the reference answer: the later submission must count
    submit(students["alice"], 1)
    answer(hub, "bob", mistake, drop_test=test_cells[0])
    submit(students["bob"], 0)

    # someone not in the class submits under another name (the exchange is writable by everyone)
    inbound = hub["root"] / "exchange" / "ckptlab" / "inbound"
    bobs = next(inbound.glob(f"bob+{LESSON}+*"))
    shutil.copytree(bobs, inbound / bobs.name.replace("bob+", "mallory+", 1))

    instructor.reload()
    instructor.wait_for_selector("td.name")
    collected = formgrader_action(instructor, LESSON, "collect")
    assert "mallory is not in the class list" in collected, collected
    started = time.time()
    instructor.goto(f"{hub['base']}/user/instructor/formgrader/manage_submissions/{LESSON}")
    for name in ("alice", "bob"):
        row = instructor.locator("tr", has=instructor.locator("td", has_text=name))
        row.locator("td.autograde a").click()
        instructor.wait_for_selector("#success-modal, #error-modal", timeout=180_000)
        assert not instructor.locator("#error-modal").count(), instructor.inner_text("#error-modal")
        instructor.locator("#success-modal button.close").last.click()
        instructor.wait_for_selector("#success-modal", state="detached")
    timings["autograde 2 submissions"] = time.time() - started
    instructor.goto(f"{hub['base']}/user/instructor/formgrader")
    instructor.wait_for_selector("td.name")
    formgrader_action(instructor, LESSON, "generate-feedback")
    formgrader_action(instructor, LESSON, "release-feedback")
    instructor.goto(f"{hub['base']}/user/instructor/formgrader/manage_students")
    instructor.wait_for_selector("td.name, td.student-name, tbody tr", timeout=30_000)
    instructor.screenshot(path=str(ARTIFACTS / "instructor-students.png"))

    scores = {}
    for name, page in students.items():
        page.locator("#refresh_assignments_list").click()
        list_rows(page, "submitted", 1)
        page.locator('#submitted_assignments_list button:text("Fetch Feedback")').click()
        link = page.locator('#submitted_assignments_list a:text("view feedback")').first
        expect(link).to_be_visible(timeout=60_000)
        link.click()  # the file browser opens the feedback's folder
        page.wait_for_url("**/lab/tree/*/feedback/**", timeout=30_000)
        folder = page.url.split("/lab/tree/", 1)[1]
        html_name = f"{LESSON}.html"
        expect(page.locator(f'.jp-DirListing-item[title*="{html_name}"]')).to_have_count(1, timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / f"{name}-assignment-list.png"))
        feedback = page.context.new_page()  # File Browser > Open in New Browser Tab
        feedback.goto(f"{hub['base']}/user/{name}/files/{folder}/{html_name}")
        scores[name] = feedback.inner_text("body")
        feedback.screenshot(path=str(ARTIFACTS / f"{name}-feedback.png"))
        if "CheckFailed" in scores[name]:
            feedback.get_by_text("CheckFailed").first.scroll_into_view_if_needed()
            feedback.screenshot(path=str(ARTIFACTS / f"{name}-feedback-failed-check.png"))
    print("\nclassroom timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))

    from nbgrader.api import Gradebook

    with Gradebook(classroom.gradebook_url(hub["root"]), classroom.COURSE_ID) as gb:
        rows = {(s.student.id, s.assignment.name): (s.score, s.max_score) for s in gb.assignment_submissions(LESSON)}
        roster = sorted(student.id for student in gb.students)
    assert roster == ["alice", "bob"], roster
    assert set(rows) == {("alice", LESSON), ("bob", LESSON)}, rows
    assert rows[("alice", LESSON)][0] == rows[("alice", LESSON)][1] > 0, rows
    assert rows[("bob", LESSON)][0] < rows[("bob", LESSON)][1], rows
    for (name, _), (score, max_score) in rows.items():  # the page shows the score of the gradebook
        assert f"{LESSON} (Score: {score:.1f} / {max_score:.1f})" in scores[name], scores[name][:300]
    assert "CheckFailed: in new processes, Adam:" in scores["bob"], scores["bob"]  # the trusted check's reason
    assert scores["bob"].count("Test cell (Score:") == len(test_cells)  # the deleted check came back
    assert "CheckFailed" not in scores["alice"]
