"""The math engine asked in the test process: the texts the tests read are their own, so
the checking worker the grader uses for student text is not needed here."""

from __future__ import annotations

from grader.mathexpr import ParseSuccess, SymbolContext, judge, parse


class InProcess:
    def __init__(self, ctx: SymbolContext) -> None:
        self.ctx = ctx

    def readable(self, text: str) -> bool:
        return isinstance(parse(text, self.ctx), ParseSuccess)

    def same(self, a: str, b: str) -> bool:
        return judge.same(a, b, self.ctx)
