"""`make lab` serves the course: start the server the same way and ask it what it serves."""
import json
import subprocess
import urllib.request

from conftest import REPO, start_lab


def test_lab_serves_the_course_with_nbgrader(tmp_path):
    token = "ckptlab-test-token"
    server, base = start_lab(REPO, token, tmp_path / "lab.log", cwd=REPO,
                             env_extra={"JUPYTER_RUNTIME_DIR": str(tmp_path)})
    try:
        listing = json.load(urllib.request.urlopen(f"{base}/api/contents/notebooks?token={token}", timeout=10))
        names = {item["name"] for item in listing["content"]}
        assert "01_optimizer_state" in names
        page = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10).read()
        assert b"JupyterLab" in page
        unauthorised = urllib.request.Request(f"{base}/api/contents/notebooks")
        try:
            urllib.request.urlopen(unauthorised, timeout=5)
            raise AssertionError("the server answered without a token")
        except urllib.error.HTTPError as err:
            assert err.code == 403
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = (tmp_path / "lab.log").read_text()
    assert "nbgrader.server_extensions.validate_assignment | extension was successfully loaded" in text, text
    assert "No nbgrader_config.py" not in text


def test_smoke_check_reports_a_working_setup():
    import sys

    done = subprocess.run([sys.executable, "-m", "ckptlab.smoke"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    for line in ("torch       2.14.1", "device      ", "dataset     digits, embedded", "training    one step",
                 "set-up OK"):
        assert line in done.stdout, done.stdout
