import pandas as pd
import pytest

import trappe
import trappe.dask

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")


def test_a_two_process_cluster_gives_the_single_process_result(rules):
    df = trappe.synthetic_population(200_000, seed=11)
    expected = rules.evaluate_frame(df)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = dd.from_pandas(df, npartitions=8)
        result = trappe.dask.evaluate(rules, ddf).compute()
    pd.testing.assert_frame_equal(result.sort_index(), expected)
