"""Evaluating a Dask DataFrame partition by partition (on a cluster: rule sets pickle)."""


def evaluate(rules, ddf, threads=0):
    """``ddf.map_partitions(rules.evaluate_frame)`` with the correct ``meta``.

    >>> import dask.dataframe as dd
    >>> ddf = dd.from_pandas(trappe.synthetic_population(200_000, 1), npartitions=8)
    >>> result = trappe.dask.evaluate(rules, ddf).compute()
    """
    meta = rules.evaluate_frame(ddf._meta, threads=threads)
    return ddf.map_partitions(rules.evaluate_frame, threads=threads, meta=meta)
