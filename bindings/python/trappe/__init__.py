"""Trappe: eligibility and service levels for Danish municipal social services.

Load a rule pack, evaluate VUM profiles one at a time or as a pandas DataFrame,
change parameters to test a policy, and compare populations::

    >>> import trappe
    >>> rules = trappe.load("rules/roskilde-2025")
    >>> df = trappe.synthetic_population(1000, seed=1)
    >>> result = rules.evaluate_frame(df)
    >>> reform = rules.with_parameters(taerskel_85="hoejt")
    >>> comparison = trappe.compare(rules, reform, df)
    >>> comparison.transitions          # trin before x after
"""

from ._trappe import __version__
from ._errors import RuleError
from ._rules import Decision, RuleSet, load
from ._population import synthetic_population
from ._compare import Comparison, compare
from ._diff import diff
from ._follow import FollowResult, follow

__all__ = ["__version__", "Comparison", "Decision", "FollowResult", "RuleError", "RuleSet", "compare", "diff", "follow",
           "load", "synthetic_population"]
