"""A classroom on this machine: JupyterHub with an instructor and students, and nbgrader's exchange.

    python autograder/classroom.py [--dir .classroom] [--port 8000] [--students alice,bob,carol]

(`make classroom` runs it.) The instructor logs in to the Formgrader (Nbgrader > Formgrader in
JupyterLab) with the course's sources and its configuration, the trusted checker included; the
students get the Assignment List (Nbgrader > Assignment List): Fetch, Submit, Fetch Feedback. Every
account has its own home folder under <dir>/home/ and its own password, printed at start and kept
in <dir>/accounts.json (delete the folder to start a new class). Ctrl+C stops the hub, the proxy and
every user's server.

What is local here, and what a real deployment changes (autograder/README.md, "A class on JupyterHub"):
- accounts: `ClassroomAuthenticator` (autograder/jupyterhub_config.py) checks the passwords of
  accounts.json. A deployment uses the machine's accounts (PAMAuthenticator) or the school's log-in
  (OAuthenticator).
- servers: SimpleLocalProcessSpawner runs every user's server as the account that started the hub,
  with HOME set to the user's folder, so nothing needs root. It gives no isolation between users:
  a deployment runs each user as their own system user (LocalProcessSpawner) or container
  (DockerSpawner, KubeSpawner) with the exchange folder shared.
- who submitted: nbgrader names a submission after the system user; since every user here is the
  same system user, each student's nbgrader_config.py sets CourseDirectory.student_id to the hub
  account's name. With system users that line goes (nbgrader reads the name itself, and a student
  cannot change it).
"""
import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course import REPO, SOLUTIONS  # noqa: E402
from workers import write_config  # noqa: E402

from nbgrader.api import Gradebook  # noqa: E402
from nbgrader.exchange.default import ExchangeCollect  # noqa: E402

COURSE_ID = "ckptlab"
INSTRUCTOR = "instructor"
STUDENTS = ("alice", "bob", "carol")
HUB_CONFIG = REPO / "autograder" / "jupyterhub_config.py"
PROXY = REPO / ".venv" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
MARK = "CKPTLAB_CLASSROOM"  # in the environment of every process of a classroom: how stop() finds them

# The Formgrader is the instructor's: students' servers do not load it, and their JupyterLab hides
# the instructor's menus.
STUDENT_SERVER_CONFIG = {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": False}}}
STUDENT_LAB_CONFIG = {"disabledExtensions": {"@jupyter/nbgrader:formgrader": True,
                                             "@jupyter/nbgrader:create-assignment": True,
                                             "@jupyter/nbgrader:course-list": True}}


def _write(path, text, mode=0o644):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)


class RosterCollect(ExchangeCollect):
    """nbgrader's collect, which also names every submission from someone not in the class list.

    Anyone who can write to the exchange can submit under any name. Such a submission is collected
    like the others (nothing is lost) and the Formgrader's collect says whose it is and what to do."""

    def copy_files(self):
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            roster = {student.id for student in gb.students}
        for record in self.src_records:
            if record["username"] not in roster:
                self.log.warning(
                    "%s is not in the class list (Formgrader > Manage Students): their submission %s is "
                    "collected, and autograding it adds them to the class. If they are not one of your "
                    "students, delete it from the exchange (%s) and from submitted/%s.", record["username"],
                    record["filename"], self.inbound_path, record["username"])
        super().copy_files()


def course_folder(root):
    """The instructor's nbgrader course: its sources are the repository's solutions/."""
    return Path(root) / "home" / INSTRUCTOR / COURSE_ID


def gradebook_url(root):
    """The instructor's gradebook (write_config puts it in the course folder)."""
    return f"sqlite:///{course_folder(root) / 'gradebook.db'}"


def set_up(root, students=STUDENTS):
    """Create (or keep) the classroom's folders, accounts and nbgrader configuration; {account: password}."""
    root = Path(root).resolve()
    # nbgrader's gradebook runs alembic, from this environment's bin/ (make runs .venv/bin/python)
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    exchange = root / "exchange"
    exchange.mkdir(parents=True, exist_ok=True)
    # nbgrader's exchange: a folder every user can write to (nbgrader's docs: chmod ugo+rw); nbgrader
    # makes the course's inbound/outbound/feedback folders in it with the modes it checks.
    exchange.chmod(0o777)
    accounts_file = root / "accounts.json"
    accounts = json.loads(accounts_file.read_text()) if accounts_file.exists() else {}
    for name in (INSTRUCTOR, *students):
        accounts.setdefault(name, secrets.token_urlsafe(9))
    _write(accounts_file, json.dumps(accounts, indent=2) + "\n", 0o600)

    exchange_config = (f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
                       f"c.Exchange.root = {str(exchange)!r}\n")
    course = course_folder(root)
    course.mkdir(parents=True, exist_ok=True)
    if not (course / "solutions").exists():
        (course / "solutions").symlink_to(SOLUTIONS)
    # the course's configuration (autograder/nbgrader_config.py: the trusted checker, timeouts, ...),
    # with this course folder as root and its own gradebook, as make grade's courses have it
    write_config(course)
    with (course / "nbgrader_config.py").open("a") as config:
        # collect compares a submission's claimed student with its file owner: here every file
        # belongs to the one system user that runs the hub (with system users, leave it on)
        config.write("c.CollectApp.check_owner = False\n"
                     "c.ExchangeFactory.collect = 'classroom.RosterCollect'\n" + exchange_config)
    # the class list in the gradebook (Formgrader > Manage Students), the account name as first name
    with Gradebook(gradebook_url(root), COURSE_ID) as gb:
        for name in students:
            gb.update_or_create_student(name, first_name=name)
    home = root / "home" / INSTRUCTOR
    _write(home / ".jupyter" / "nbgrader_config.py",
           f"c = get_config()\nload_subconfig({str(course / 'nbgrader_config.py')!r})\n")
    for name in students:
        home = root / "home" / name
        _write(home / ".jupyter" / "nbgrader_config.py",
               "c = get_config()\n" + exchange_config + f"c.CourseDirectory.student_id = {name!r}  # see autograder/classroom.py\n")
        _write(home / ".jupyter" / "jupyter_server_config.json", json.dumps(STUDENT_SERVER_CONFIG, indent=2))
        _write(home / ".jupyter" / "labconfig" / "page_config.json", json.dumps(STUDENT_LAB_CONFIG, indent=2))
    return accounts


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(root, port, students=STUDENTS, log=None):
    """Start the hub on 127.0.0.1:port; (hub process, base URL, {account: password})."""
    if not PROXY.exists():
        raise SystemExit(f"configurable-http-proxy is missing ({PROXY}): run `make classroom`, which installs it")
    root = Path(root).resolve()
    accounts = set_up(root, students)
    from ckptlab.lab import write_lab_settings

    write_lab_settings()  # as make lab: no questions about news and updates (the course runs offline)
    env = dict(os.environ)
    env.update({MARK: str(root), "CKPTLAB_CLASSROOM_PORT": str(port),
                "CKPTLAB_CLASSROOM_API_PORT": str(free_port()), "CKPTLAB_CLASSROOM_HUB_PORT": str(free_port()),
                "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")})
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)], cwd=root, env=env,
                           stdout=log, stderr=subprocess.STDOUT if log else None, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if hub.poll() is not None:
            raise RuntimeError(f"JupyterHub exited at start (exit {hub.returncode}); see its log")
        try:
            urllib.request.urlopen(f"{base}/hub/api/", timeout=5)
            return hub, base, accounts
        except OSError:
            time.sleep(0.5)
    stop(hub, root)
    raise RuntimeError("JupyterHub did not answer within 60 s; see its log")


def classroom_processes(root):
    """The pids of every process started for the classroom in `root` (hub, proxy, users' servers, kernels)."""
    mark = f"{MARK}={Path(root).resolve()}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if mark in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:  # gone, or not ours to read
                pass
    return pids


def stop(hub, root, grace=15):
    """Stop the hub (it stops the users' servers and the proxy), then kill whatever of the classroom is left."""
    if hub.poll() is None:
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    for pid in classroom_processes(root):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.time() + 5
    while classroom_processes(root) and time.time() < deadline:
        time.sleep(0.1)
    if hub.poll() is None:
        hub.kill()
    hub.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description="JupyterHub with the ckptlab course for an instructor and students.")
    parser.add_argument("--dir", default=str(REPO / ".classroom"), help="where homes, exchange and hub state go")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CKPTLAB_CLASSROOM_PORT", 8000)))
    parser.add_argument("--students", default=",".join(STUDENTS), help="comma-separated account names")
    args = parser.parse_args(argv)
    students = tuple(s.strip() for s in args.students.split(",") if s.strip())
    bad = [s for s in students if not s.isidentifier() or s == INSTRUCTOR]
    if bad:
        raise SystemExit(f"student names must be letters, digits and _ and not {INSTRUCTOR!r}: {bad}")
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    log_path = Path(args.dir).resolve() / "hub.log"
    log = open(log_path, "a")
    hub, base, accounts = start(args.dir, args.port, students, log=log)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        print(f"\nThe classroom is at {base}/  (Ctrl+C stops it)\n", flush=True)
        print(f"  {'account':<12} password        opens", flush=True)
        for name, password in accounts.items():
            if name == INSTRUCTOR or name in students:
                opens = "Nbgrader > Formgrader" if name == INSTRUCTOR else "Nbgrader > Assignment List"
                print(f"  {name:<12} {password:<15} {opens}", flush=True)
        print(f"\nThe exchange is {Path(args.dir).resolve() / 'exchange'}; the instructor's course "
              f"{course_folder(Path(args.dir).resolve())}; the hub's log {log_path}.", flush=True)
        hub.wait()
        return hub.returncode
    except KeyboardInterrupt:
        print("\nstopping the classroom ...", flush=True)
        return 0
    finally:
        stop(hub, args.dir)
        print("stopped: no classroom process is left.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
