#!/bin/bash
# The device check for the CuPy backend (G1), in one call on a lent GPU machine:
#   bash benchmarks/gpu_check.sh [TEST_SECONDS] [BENCH_SECONDS]
# 1. the whole test suite with CuPy as every session's backend (TW_TEST_BACKEND=cupy);
# 2. the G1 benchmark (benchmarks/g1_gpu.py), written to $OUT/G1.md;
# 3. a cProfile of W1 and W3 steps on the GPU (where the host time goes), $OUT/profile.txt.
# Needs python3 with cupy, pytest (+ pytest-xdist), and torch/jax for the peers.
set -u
OUT=${OUT:-/tmp/gpu_check}
mkdir -p "$OUT"
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.used,memory.total,clocks.sm --format=csv
python3 -c "import cupy, numpy; print('cupy', cupy.__version__, 'numpy', numpy.__version__)"
echo "== smoke: W1 on CuPy"
timeout 60 python3 - <<'PY'
import sys; sys.path.insert(0, "benchmarks")
import g1_gpu
step = g1_gpu.w1_tensorweave()
print("W1 losses", [step() for _ in range(3)])
PY
echo "== tests on CuPy"
XDIST=$(python3 -c "import xdist" 2>/dev/null && echo "-n 12")
TW_TEST_BACKEND=cupy timeout "${1:-200}" python3 -m pytest tests -q -p no:cacheprovider \
    $XDIST -rfE --maxfail=400 > "$OUT/tests.log" 2>&1
echo "tests exit status $?"
grep -E "^(FAILED|ERROR)" "$OUT/tests.log" | cut -c1-160 | head -60
tail -3 "$OUT/tests.log" | cut -c1-300
echo "== G1 benchmark"
timeout "${2:-150}" python3 benchmarks/g1_gpu.py --output "$OUT/G1.md" > "$OUT/g1.log" 2>&1
echo "g1 exit status $?"; tail -5 "$OUT/g1.log"
echo "== profile"
timeout 60 python3 - > "$OUT/profile.txt" 2>&1 <<'PY'
import cProfile, pstats, sys
sys.path.insert(0, "benchmarks")
import g1_gpu
for name, make, n in (("W1", g1_gpu.w1_tensorweave, 300), ("W3", g1_gpu.w3_tensorweave, 50)):
    step = make()
    for _ in range(5):
        step()
    p = cProfile.Profile()
    p.enable()
    for _ in range(n):
        step()
    p.disable()
    print(f"===== {name}: {n} steps")
    pstats.Stats(p).sort_stats("tottime").print_stats(25)
PY
echo "profile exit status $?"
cat "$OUT/G1.md" 2>/dev/null
