"""The exact regions where two rule sets decide differently (``trappe diff``)."""

import json

import pandas as pd

from . import _trappe

# The last few native diffs, so that compare(..., regions=True) after diff() explores once.
_cache = {}
_cache_size = 4


def _native(base, reform):
    key = (base.hash, tuple(sorted(base._native.overrides.items())), reform.hash,
           tuple(sorted(reform._native.overrides.items())))
    if key not in _cache:
        if len(_cache) >= _cache_size:
            _cache.pop(next(iter(_cache)))
        _cache[key] = _trappe.diff(base._native, reform._native)
    return _cache[key]


def diff(base, reform, population=None):
    """The regions of the input space where ``reform`` decides differently from ``base``.

    Explores every fully assessed profile of both rule sets (see docs/analysis.md)
    and returns one row per region: ``region`` (1, 2, …), ``description`` (Danish),
    one column per input or value of ``base`` that some region restricts (its
    allowed values as text, ``None`` where the region does not restrict it),
    ``before`` and ``after`` (the changed outputs, "trin 3 (støtte i eget hjem); …").
    With ``population`` (a CSV, JSON lines or JSON file of profiles of ``base``)
    also ``weight``: the citizens in the region (``<NA>`` for 1 to 4, which
    aggregated output suppresses) and ``weight_text`` ("<5" or the count). The
    whole summary (rows in error, unchanged, ikke vurderet) is in ``df.attrs``.

    >>> regions = trappe.diff(rules, rules.with_parameters(taerskel_85="hoejt"))
    >>> regions[["description"]]
    """
    native = _native(base, reform)
    data = json.loads(native.json(None if population is None else str(population)))
    names = [f["name"] for r in data["regions"] for f in r["conditions"]]
    columns = list(dict.fromkeys(names))
    rows = []
    for region in data["regions"]:
        row = {"region": region["id"], "description": region["description"]}
        row.update({name: None for name in columns})
        for c in region["conditions"]:
            row[c["name"]] = c["values_text"]
        row["before"] = "; ".join(f"{c['label']} {c['before_text']}" for c in region["changes"])
        row["after"] = "; ".join(f"{c['label']} {c['after_text']}" for c in region["changes"])
        if population is not None:
            weight = region["weight"]
            row["weight"] = pd.NA if weight == "<5" else weight
            row["weight_text"] = str(weight)
        rows.append(row)
    order = ["region", "description", *columns, "before", "after"]
    if population is not None:
        order += ["weight", "weight_text"]
    df = pd.DataFrame(rows, columns=order)
    df["region"] = df["region"].astype("Int64")
    if population is not None:
        df["weight"] = df["weight"].astype("Int64")
    df.attrs.update({key: data[key] for key in ("before", "after", "leaves", "changed_leaves", "seconds",
                                                 "undetermined", "notes")})
    df.attrs["labels"] = {f["name"]: f["label"] for r in data["regions"] for f in r["conditions"]}
    if population is not None:
        df.attrs["population"] = data["population"]
    return df


def regions_of_rows(base, reform, profiles):
    """Per profile (dicts of ``base``'s fields): its region's number and description, or (None, None)."""
    native = _native(base, reform)
    descriptions = [r["description"] for r in json.loads(native.json())["regions"]]
    out = []
    for profile in profiles:
        k = native.region_of(base._native, profile)
        out.append((k, None if k is None else descriptions[k - 1]))
    return out


def region_of(base, reform, profile):
    """The region (its number in :func:`diff`'s result) holding a profile (a dict of
    ``base``'s fields), or None when its decision does not change or it cannot be
    placed whole (items ikke vurderet that a region restricts)."""
    return _native(base, reform).region_of(base._native, profile)
