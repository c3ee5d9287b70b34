"""`make lab` serves the course: start the server the same way and ask it what it serves."""
import json
import socket
import subprocess
import time
import urllib.request

from conftest import REPO


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_serves_the_course_with_nbgrader(tmp_path):
    from ckptlab.lab import lab_command

    port, token = free_port(), "ckptlab-test-token"
    cmd, env = lab_command(port, token)
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path)
    log = open(tmp_path / "lab.log", "w+")
    server = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}"
        deadline = time.time() + 90
        while True:
            try:
                listing = json.load(urllib.request.urlopen(url, timeout=5))
                break
            except OSError:
                assert server.poll() is None, "jupyter lab exited:\n" + (tmp_path / "lab.log").read_text()
                assert time.time() < deadline, "jupyter lab did not answer in 90 s"
                time.sleep(1)
        names = {item["name"] for item in listing["content"]}
        assert "01_optimizer_state" in names
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10).read()
        assert b"JupyterLab" in page
        unauthorised = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/notebooks")
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
