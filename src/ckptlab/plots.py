"""Plots that put an uninterrupted run next to a resumed one.

matplotlib is imported when a plot is drawn, not with the course: processes that only train or
check (the autograder's) do not pay for it.
"""


def running_mean(values, window):
    """Mean of the last `window` values at every position (fewer at the start)."""
    return [sum(values[max(0, i - window + 1):i + 1]) / (i + 1 - max(0, i - window + 1))
            for i in range(len(values))]


def plot_resume(uninterrupted, resumed, resume_at, ylabel="training loss", xlabel="step",
                title=None, ax=None, resumed_label="resumed from checkpoint", logy=False, window=1,
                steps=False):
    """Plot `uninterrupted` (values for x = 0, 1, ...) against `resumed` (values from x = resume_at on).

    A dashed vertical line marks the resume point. `window` > 1 plots running means, the resumed
    curve continuing from the uninterrupted values before the resume point. `steps=True` draws
    values that hold for a whole interval (a learning rate per epoch) as steps. Returns the Axes.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    if window > 1:
        resumed = running_mean(list(uninterrupted[:resume_at]) + list(resumed), window)[resume_at:]
        uninterrupted = running_mean(list(uninterrupted), window)
        ylabel = f"{ylabel} (mean of {window} steps)"
    style = "steps-post" if steps else "default"
    ax.plot(range(len(uninterrupted)), uninterrupted, color="tab:blue", lw=2.5, alpha=0.6,
            label="uninterrupted", drawstyle=style)
    ax.plot(range(resume_at, resume_at + len(resumed)), resumed, color="tab:red", lw=1.2,
            label=resumed_label, drawstyle=style)
    ax.axvline(resume_at, color="black", ls="--", lw=1)
    ax.annotate("resume", (resume_at, 1), xycoords=("data", "axes fraction"), xytext=(4, -14),
                textcoords="offset points")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower left")
    return ax


def plot_best(values, best_epoch, levels=None, ylabel="validation accuracy", title=None, ax=None):
    """Plot a per-epoch metric with its best epoch starred and dashed lines at `levels` ({label: y})."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    ax.plot(range(len(values)), values, color="tab:blue", marker="o", label=ylabel)
    ax.plot([best_epoch], [values[best_epoch]], marker="*", markersize=16, color="gold",
            markeredgecolor="black", ls="none", label=f"best epoch ({best_epoch})")
    for (label, y), color in zip((levels or {}).items(), ("tab:red", "tab:green", "tab:purple")):
        ax.axhline(y, color=color, ls="--", lw=1.2, label=f"{label}: {y:.3f}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower left")
    return ax


OUTCOME_COLORS = {"loads": "tab:green", "does not load": "tab:red", "missing": "tab:gray"}


def plot_kill_outcomes(outcomes, title=None, ax=None):
    """One row of squares per save function ({label: [what_is_there after each kill]}): green where
    the file loaded after the kill, red where it did not, grey where it was missing. Returns the Axes."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 0.6 + 0.6 * len(outcomes)), layout="constrained")
    labels = []
    for row, (label, results) in enumerate(outcomes.items()):
        ax.scatter(range(1, len(results) + 1), [row] * len(results), marker="s", s=90,
                   c=[OUTCOME_COLORS[r] for r in results], edgecolors="black", linewidths=0.5)
        broken = sum(r != "loads" for r in results)
        labels.append(f"{label}\n{broken} of {len(results)} lost")
    ax.set_yticks(range(len(outcomes)), labels)
    ax.set_ylim(len(outcomes) - 0.5, -0.5)
    ax.set_xlabel("kill (SIGKILL at a random moment while saving)")
    for name, color in OUTCOME_COLORS.items():
        ax.scatter([], [], marker="s", c=color, edgecolors="black", linewidths=0.5, label=f"file {name}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_folder_sizes(sizes, title=None, ax=None):
    """Megabytes on disk after each save ({label: [MB after save 1, 2, ...]}). Returns the Axes."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3), layout="constrained")
    for (label, values), style in zip(sizes.items(), ("-o", "-s", "-^")):
        ax.plot(range(1, len(values) + 1), values, style, markersize=4, label=label)
    ax.set_xlabel("checkpoints saved")
    ax.set_ylabel("MB in the folder")
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax
