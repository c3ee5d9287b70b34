"""nbgrader configuration of the course.

The course root is the repository: sources in solutions/, learner versions in notebooks/. What
grading writes (gradebook, submissions, autograded, feedback) goes to .grading/, which git ignores.
`make grade` runs nbgrader in a working folder whose own nbgrader_config.py loads this file and
then points the root there (see autograder/grade.py).
"""
import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c.CourseDirectory.course_id = "ckptlab"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, ".grading", "gradebook.db")

# Each test cell takes well under a second; the slowest cells train SmallCNN for 8 epochs, about
# 3 s here. 120 s leaves room for a slow laptop without letting a hanging answer stall a batch.
c.Execute.timeout = 120

# A test cell that writes anything to stderr scores 0. Harmless warnings that a correct answer
# can trigger (torch.load's FutureWarning, DeprecationWarnings, UserWarnings) are removed first.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(UserWarning|FutureWarning|DeprecationWarning)"
