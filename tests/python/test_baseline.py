import importlib.util

from conftest import ROOT


def test_numpy_baseline_gives_identical_outputs():
    """The benchmark's hand-vectorized policy must agree with the rule pack (short run; figures in docs)."""
    spec = importlib.util.spec_from_file_location("numpy_baseline", ROOT / "bench" / "python" / "numpy_baseline.py")
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    assert baseline.main(rows=30_000, repeats=1) > 0  # raises SystemExit if any output differs


def test_frame_speed_variants_give_identical_outputs():
    """bench/python/frame_speed.py in every dtype family (short run; figures in docs/performance.md)."""
    spec = importlib.util.spec_from_file_location("frame_speed", ROOT / "bench" / "python" / "frame_speed.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    ratios = bench.main(rows=20_000, repeats=1)  # raises SystemExit if any output differs
    assert len(ratios) == 4 and all(r > 0 for r in ratios.values())
