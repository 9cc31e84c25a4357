"""match_many: joblib processes and a Dask cluster give the same answers as a loop."""

from __future__ import annotations

import random

import pytest

import pfmatch
from pfmatch import ConfigError, Directory

ZIPS = ["90011", "90012", "90022", "90033", "90044", "91331", "91342", "90802", "93535", "91744"]
NEEDS = ["food", "rent_assistance", "child_care", "parenting_education", "mental_health", "utilities"]


def families(n: int, seed: int = 3) -> list[dict]:
    rnd = random.Random(seed)
    return [{"location": {"zip": rnd.choice(ZIPS)}, "needs": rnd.sample(NEEDS, rnd.randint(1, 3)),
             "languages": rnd.choice([["es"], ["en"], ["ko", "en"]]),
             "children": [{"age_months": rnd.randint(1, 120)}]} for _ in range(n)]


def test_processes_give_the_same_answers_as_a_loop() -> None:
    fams = families(40)
    d = Directory.sample()
    one = [r.to_dicts() for r in pfmatch.match_many(fams, d, n_jobs=1)]
    two = [r.to_dicts() for r in pfmatch.match_many(fams, d, n_jobs=2, progress=False)]
    assert one == two


def test_dask_cluster_gives_the_same_answers() -> None:
    pytest.importorskip("distributed")
    import joblib
    from dask.distributed import Client, LocalCluster

    fams = families(200)
    d = Directory.sample()
    local = [r.to_dicts() for r in pfmatch.match_many(fams, d, n_jobs=1)]
    # two worker processes, as on a real cluster: results cross a process boundary
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       dashboard_address=None) as cluster, Client(cluster),
          joblib.parallel_config(backend="dask")):
        remote = [r.to_dicts() for r in pfmatch.match_many(fams, d, n_jobs=-1, progress=False)]
    assert remote == local


def test_progress_bar_and_bad_n_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    pfmatch.match_many(families(5), n_jobs=1, progress=True)
    assert "match_many" in capsys.readouterr().err
    with pytest.raises(ConfigError):
        pfmatch.match_many(families(2), n_jobs=0)


def test_the_garbage_collector_is_left_as_it_was() -> None:
    import gc

    fams = families(3)
    assert gc.isenabled()
    pfmatch.match_many(fams, n_jobs=1)
    assert gc.isenabled()
    gc.disable()
    try:
        pfmatch.match_many(fams, n_jobs=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
