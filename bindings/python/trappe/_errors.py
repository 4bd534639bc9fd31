"""Errors raised by trappe."""


class RuleError(Exception):
    """The rule files have mistakes.

    ``str(error)`` is the full report: every mistake as ``file:line:col: error:
    message`` with the source line and a caret. ``error.diagnostics`` holds them as
    dicts with ``file``, ``line``, ``column``, ``message`` and ``text``.
    """

    def __init__(self, report, diagnostics):
        super().__init__(report)
        self.report = report
        self.diagnostics = list(diagnostics)

    def __str__(self):
        return self.report
