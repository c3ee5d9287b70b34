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
