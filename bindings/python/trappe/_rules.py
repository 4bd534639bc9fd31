"""Rule sets and decisions."""

import html

from . import _trappe
from ._frame import evaluate_frame


def load(path, **parameters):
    """Load and check the rule pack at ``path`` (a folder of ``.trappe`` files).

    Keyword arguments override parameters, as in :meth:`RuleSet.with_parameters`.
    Raises :class:`trappe.RuleError` carrying every diagnostic when the rules have
    mistakes.

    >>> rules = trappe.load("rules/roskilde-2025")
    >>> rules.pack
    'roskilde-2025'
    """
    return RuleSet(_trappe.load(str(path), _as_text(parameters)))


def _as_text(parameters):
    out = {}
    for name, value in parameters.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[name] = str(value)
    return out


class RuleSet:
    """A checked, compiled rule pack. Immutable; safe to share between threads.

    Pickles as the texts of its rule files and its parameter overrides, so it
    travels to worker processes and loads identically anywhere: nothing is read
    from the worker's disk, and the hash is checked on arrival.
    """

    def __init__(self, native):
        self._native = native

    @property
    def pack(self):
        """The pack's name."""
        return self._native.pack

    @property
    def hash(self):
        """SHA-256 of the rule files: which rules made a decision."""
        return self._native.hash

    @property
    def path(self):
        return self._native.path

    @property
    def inputs(self):
        """The profile fields: name, type, range, value names, whether required."""
        return self._native.inputs

    @property
    def ignored_fields(self):
        """Fields the rules declare but this pack's outputs never read (an imported
        pack's inputs): a profile may carry them or leave them out; they are ignored."""
        return self._native.ignored_fields

    @property
    def outputs(self):
        """The names a decision returns, with their types."""
        return self._native.outputs

    @property
    def parameters(self):
        """Every parameter: value(s) with dated versions or table rows, citation,
        whether it is local policy (``local``) or national law, and any override."""
        return self._native.parameters

    def with_parameters(self, **parameters):
        """A new rule set with parameters changed; this one is unchanged.

        >>> reform = rules.with_parameters(taerskel_85="hoejt")

        Unknown names raise KeyError; values of the wrong type or out of range raise
        ValueError.
        """
        merged = dict(self._native.overrides)
        merged.update(_as_text(parameters))
        return RuleSet(_trappe.with_overrides(self._native, merged))

    def evaluate(self, profile, as_of=None):
        """Evaluate one profile (a dict with every input field; None or
        "ikke_vurderet" for items not assessed) into a :class:`Decision`.

        ``as_of`` ("YYYY-MM-DD") selects the version of dated parameters;
        by default the profile's own assessment date does.

        A bad value raises ValueError naming the field, never the value, in the
        wording of the profile readers: ``"field 'relationer': value out of range
        0..4"`` (also for ``2**70``); a Python type no field takes raises TypeError.
        """
        return Decision(_trappe.evaluate(self._native, dict(profile), as_of), self)

    def evaluate_frame(self, df, threads=0, ranges=False):
        """Evaluate every row of a DataFrame; see :func:`trappe._frame.evaluate_frame`."""
        return evaluate_frame(self, df, threads=threads, ranges=ranges)

    def __reduce__(self):
        files, pack, digest = _trappe.rule_texts(self._native)
        return (_from_texts, (files, pack, digest, self.path, dict(self._native.overrides)))

    def __repr__(self):
        return f"<trappe.RuleSet {self.pack} {self.hash[:15]}…>"


def _from_texts(files, pack, digest, path, overrides):
    return RuleSet(_trappe.load_texts(files, pack, digest, path, overrides))


class Decision:
    """The result of evaluating one profile.

    Every output is an attribute: a value, or a ``(low, high)`` tuple when it
    depends on items ikke vurderet (see :meth:`depends_on`). The tuple is the
    hull; :meth:`possible` gives the exact set of possible values.

    >>> d = rules.evaluate(profile)
    >>> d.trin, d.stoettebehov
    (3, 'hoejt')
    """

    def __init__(self, native, rules):
        self._native = native
        self.rules = rules

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._native.value(name)
        except KeyError:
            raise AttributeError(f"the rules have no name '{name}'") from None

    def __dir__(self):
        return sorted(set(super().__dir__()) | {o["name"] for o in self.rules.outputs})

    @property
    def outputs(self):
        """Every declared output as a dict."""
        return {o["name"]: self._native.value(o["name"]) for o in self.rules.outputs}

    @property
    def determined(self):
        """True when every output has a single value."""
        return self._native.all_determined

    def depends_on(self, name=None):
        """The unassessed inputs that an undetermined result depends on (for every
        output when ``name`` is None)."""
        if name is not None:
            return self._native.depends_on(name)
        return {o["name"]: self._native.depends_on(o["name"]) for o in self.rules.outputs
                if not self._native.determined(o["name"])}

    def possible(self, name):
        """The possible values of ``name`` as the JSON decision shows them: for
        booleans, enums, levels and small integers ``{"one_of": [...]}`` (one
        value when determined), for dates and wide integers ``{"from", "to"}``;
        with ``"depends_on"`` (the unassessed inputs behind it) and ``"exact"``
        (False when too many unassessed inputs were involved to split on: then
        some listed value may not be reachable).

        >>> d.possible("stoettebehov")
        {'one_of': ['moderat', 'hoejt', 'fuldstaendigt'], 'depends_on': ['egenomsorg'], 'exact': True}
        """
        return self._native.possible(name)

    @property
    def offers(self):
        """Every offer: eligible or not, its step, scope and citation."""
        return self._native.offers()

    @property
    def trace(self):
        """How each value was found: value, the names used, the deciding rule,
        the citation and the rule author's sentence."""
        return self._native.trace()

    def why_not(self):
        """For each offer not granted and each step above the recommended one,
        the conditions that failed, with the actual values."""
        return self._native.why_not()

    def explain(self, why_not=True, counterfactual=False):
        """A Danish, human-readable explanation, with the draft justification."""
        return self._native.explain_text(why_not, counterfactual)

    def explain_json(self, why_not=True, counterfactual=False):
        return self._native.explain_json(why_not, counterfactual)

    def html(self, why_not=True, counterfactual=False):
        """A self-contained HTML page explaining the decision (all text escaped)."""
        return self._native.explain_html(why_not, counterfactual)

    def __repr__(self):
        return "<trappe.Decision " + ", ".join(f"{k}={v!r}" for k, v in list(self.outputs.items())[:3]) + " …>"

    def _repr_html_(self):
        rows = "".join(
            f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>" for k, v in self.outputs.items())
        return f"<table><thead><tr><th>output</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>"
