#!/usr/bin/env bash
# The GPU check: every solution notebook, the trusted checks of its reference answers (autograder/judge.py)
# and the library tests, on the device ckptlab.pick_device() chooses (cuda when present). Needs only python3
# with torch, torchvision, numpy, matplotlib, tqdm and pytest: no Jupyter, no nbgrader. Writes a report (markdown) and per-step logs.
#
#   scripts/gpu_check.sh [REPORT_DIR]      # default: $OUT if set (the device tool), else gpu-report/
#
# Exit status 0 when every step passed. Without CUDA it still runs everything on the CPU and the
# report lists, by name, each check that needs CUDA and was skipped.
set -u
cd "$(dirname "$0")/.."
OUT_DIR=${1:-${OUT:-gpu-report}}
PY=${PYTHON:-python3}
mkdir -p "$OUT_DIR"
REPORT="$OUT_DIR/report.md"
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}" MPLBACKEND=Agg NBGRADER_EXECUTION=autograde
export PYTHONDONTWRITEBYTECODE=1
status=0
start=$(date +%s)

# Packages the library needs beyond torch: if the machine lacks some, install them from wheels carried
# in gpu-wheels/ (pip download --only-binary=:all: --python-version <that python> matplotlib tqdm ...).
missing=$($PY -c "
import importlib.util
print(' '.join(m for m in ('numpy', 'torchvision', 'matplotlib', 'tqdm', 'pytest') if importlib.util.find_spec(m) is None))")
if [ -n "$missing" ]; then
  if [ -d gpu-wheels ]; then
    $PY -m pip install --quiet --no-index --find-links gpu-wheels --target .gpu-site $missing || exit 2
    export PYTHONPATH="$PYTHONPATH:$PWD/.gpu-site"
  else
    echo "missing on this machine: $missing; carry their wheels in gpu-wheels/ (see the top of this script)"
    exit 2
  fi
fi

{
  echo "# ckptlab GPU check"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  $PY - <<'EOF'
import platform, torch, torchvision
import ckptlab
print(f"- python {platform.python_version()}, torch {torch.__version__}, torchvision {torchvision.__version__}")
print(f"- device chosen by ckptlab.pick_device(): {ckptlab.pick_device()}")
if torch.cuda.is_available():
    print(f"- GPU: {torch.cuda.get_device_name(0)} (CUDA {torch.version.cuda}, {torch.cuda.device_count()} device(s))")
else:
    print("- GPU: none (CUDA not available): the CUDA-only checks below are skipped")
print(f"- deterministic algorithms: {torch.are_deterministic_algorithms_enabled()}, "
      f"CUBLAS_WORKSPACE_CONFIG={__import__('os').environ.get('CUBLAS_WORKSPACE_CONFIG')}")
EOF
  echo
  echo "| step | result | seconds |"
  echo "|---|---|---|"
} > "$REPORT" 2> "$OUT_DIR/setup.log" || { echo "cannot import ckptlab: see $OUT_DIR/setup.log"; cat "$OUT_DIR/setup.log"; exit 2; }

step() {  # step NAME LOG COMMAND...
  local name=$1 log=$2 t0 rc
  shift 2
  t0=$(date +%s)
  timeout 280 "$@" > "$OUT_DIR/$log" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then result=passed; else result="FAILED (exit $rc, see $log)"; status=1; fi
  echo "| $name | $result | $(( $(date +%s) - t0 )) |" >> "$REPORT"
  echo "$name: $result"
}

step "library tests (tests/test_library.py)" library.log \
  $PY -m pytest tests/test_library.py -v -rs -o addopts= -p no:cacheprovider
for nb in solutions/*/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  step "$name (solution notebook)" "$name.log" $PY scripts/run_notebook.py "$nb"
  step "$name (trusted checks of the reference, in new processes)" "judge-$name.log" $PY autograder/judge.py "$name"
done

{
  echo
  echo "Total: $(( $(date +%s) - start )) s."
  echo
  echo "## Skipped, needs CUDA"
  echo
  grep -h " SKIPPED" "$OUT_DIR/library.log" | sed -E 's/ *\[ *[0-9]+%\]$//; s/^/- /' || true
  grep -h "^CUDA check skipped" "$OUT_DIR"/0*.log "$OUT_DIR"/judge-*.log | sed 's/^/- /' || true
  echo
  echo "## CUDA checks that ran"
  echo
  grep -h "^CUDA check passed" "$OUT_DIR"/0*.log | sed 's/^/- /' || true
  grep -h -E "(gpu_to_cpu|cpu_to_gpu)" "$OUT_DIR"/judge-*.log | sed 's/^/- /' || true
} >> "$REPORT"
cat "$REPORT"
exit $status
