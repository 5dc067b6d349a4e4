"""Translate the LaTeX subset students use into the calculator syntax.

Translating (instead of handing the text to a LaTeX-to-sympy library) keeps a
single safe builder for every input form, keeps matrix products in the order
written, resolves names against the exercise's symbols, and guarantees that
every token of the input is either translated or reported: nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .names import SymbolTable
from .source import InputError, Mapped, join

TOKEN = re.compile(
    r"(?P<rowsep>\\\\)|(?P<cmd>\\[A-Za-z]+)|(?P<sym>\\[^A-Za-z])|(?P<space>\s+)"
    r"|(?P<letters>[A-Za-z]+)|(?P<number>\d+(?:\.\d+)?)|(?P<char>.)",
    re.S,
)
"""The one LaTeX scanner: the translator here and the free-form reader's text helpers
(grader.notebook.freeform.latex) both cut LaTeX into these tokens."""
_ENV = re.compile(r"\\(begin|end)\s*\{[^}]*\}")
_OPEN, _CLOSE = "({[", ")}]"


def top_level(text: str, wanted: Callable[[str, int], int]) -> list[tuple[int, int]]:
    """(start, length) of each separator `wanted(text, k)` finds outside brackets and
    environments; `wanted` returns the separator's length at k, or 0. The one scanner for
    both the answer's equation (grader.mathexpr.prepare) and the free-form reader's lines:
    an escaped brace (`\\{`) and a thin space (`\\,`, `\\:`, `\\!`) are text, never a bracket
    or a separator (`\\frac{d}{dx}\\,f(x)` is one side; `\\;`, a wider space, may stand
    between two equations and is left to the caller), and a stray closing bracket closes
    nothing."""
    found: list[tuple[int, int]] = []
    depth = 0
    k = 0
    while k < len(text):
        env = _ENV.match(text, k)
        if env is not None:
            depth += 1 if env.group(1) == "begin" else -1
            k = env.end()
            continue
        ch = text[k]
        if ch == "\\" and k + 1 < len(text) and text[k + 1] in "{},:!":
            k += 2
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            size = wanted(text, k)
            if size:
                found.append((k, size))
                k += size
                continue
        k += 1
    return found


def _equals(definitions: bool) -> Callable[[str, int], int]:
    excluded = "<>!=" if definitions else "<>!=:"

    def equals(text: str, k: int) -> int:
        if text[k] != "=":
            return 0
        before = text[k - 1] if k else ""
        after = text[k + 1] if k + 1 < len(text) else ""
        return 0 if (before and before in excluded) or after == "=" else 1

    return equals


def equals_positions(text: str, *, definitions: bool = True) -> list[int]:
    """Where the top-level `=` signs of an equation (chain) are: not those of <=, >=, ==
    or !=, nor, unless `definitions`, of `:=` (the free-form reader reads `W := W_2 W_1`
    as a definition; an answer's text keeps its `:=`, which the parser then reports)."""
    return [k for k, _ in top_level(text, _equals(definitions))]


_FUNCTIONS = {
    "exp": "exp", "ln": "log", "log": "log", "sin": "sin", "cos": "cos", "tan": "tan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "max": "max", "min": "min",
    "sigma": "sigmoid", "sech": "sech", "csch": "csch", "coth": "coth",
}
_REPLACE = {
    "cdot": " * ", "times": " * ", "ast": " * ", "div": " / ",
    "le": " <= ", "leq": " <= ", "leqslant": " <= ", "ge": " >= ", "geq": " >= ",
    "geqslant": " >= ", "lt": " < ", "gt": " > ", "ne": " != ", "neq": " != ",
    "land": " and ", "wedge": " and ", "pi": " pi ", "quad": " ", "qquad": " ",
    "displaystyle": " ", "textstyle": " ", "limits": " ", "nolimits": " ",
    "top": " T ", "intercal": " T ", "lvert": " | ", "rvert": " | ", "vert": " | ",
}
UNDEFINED_WORDS = frozenset({"undefined", "undef", "dne", "doesnotexist", "notdefined",
                             "nan", "notdifferentiable", "nondifferentiable",
                             "undifferentiable", "notdiff"})
"""`\\text{undefined}` as a case's value: no value there (read as the case left out)."""
_SIZING = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"}
_TEXT = {"text", "textrm", "mathrm", "operatorname", "mathit", "textit", "mathbf", "mathbb"}
_FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
_OPENERS = {"(": "(", "[": "[", "\\{": "(", ".": "", "|": "Abs("}
_CLOSERS = {")": ")", "]": "]", "\\}": ")", ".": "", "|": ")"}
IF_WORDS = (r"(?:if|for|when|where|whenever|si|cuando|para|quando|pour|quand|lorsque|wenn|für|falls"
            r"|עבור|אם|כאשר|כש|при|если|когда)")
"""The words that open a condition, in the languages students write around math."""
OTHERWISE_WORDS = (r"(?:otherwise|else|elsewhere|en otro caso|de lo contrario|en caso contrario"
                   r"|si no|sinon|autrement|sonst|andernfalls|altrimenti|caso contr[aá]rio|sen[aã]o"
                   r"|אחרת|иначе|в остальных случаях)")
_CONDITION_WORD = re.compile(rf"^\s*+{IF_WORDS}(?!\w)", re.I)
_OTHERWISE = re.compile(rf"^\s*+(?:{OTHERWISE_WORDS}|true)\s*+$", re.I)
_EQUAL_INDICES = re.compile(r"^\s*+([A-Za-z])\s*+=\s*+([A-Za-z])\s*+$")
_RELATIONS = {"\\neq", "\\ne", "\\leq", "\\le", "\\geq", "\\ge", "\\lt", "\\gt"}
_TEXT_GROUP = re.compile(r"\\(?:text|textrm|mbox|mathrm)[ \t]*+\{([^{}]*+)\}")


@dataclass
class Tok:
    kind: str
    text: str
    offset: int


def _is_space(tok: Tok) -> bool:
    """White space, or a spacing command (`\\,`, `\\!`, `\\;`, `\\:`, `\\ `): in
    `\\exp\\!\\left[...\\right]` the bracket is still the argument."""
    return tok.kind == "space" or (tok.kind == "sym" and (
        tok.text[1:].isspace() or tok.text[1:] in (",", ";", ":", "!")))


def tokenize(src: Mapped) -> list[Tok]:
    return [
        Tok(m.lastgroup or "", m.group(), src.where(m.start()))
        for m in TOKEN.finditer(src.text)
    ]


class Translator:
    """Recursive descent over LaTeX tokens, emitting offset-mapped calculator text."""

    def __init__(self, toks: list[Tok], table: SymbolTable, end_offset: int) -> None:
        self.toks = toks
        self.pos = 0
        self.table = table
        self.end_offset = end_offset

    # -- token access -------------------------------------------------------
    def peek(self, skip_space: bool = True) -> Tok | None:
        k = self.pos
        while skip_space and k < len(self.toks) and _is_space(self.toks[k]):
            k += 1
        return self.toks[k] if k < len(self.toks) else None

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise InputError("the expression ends too early", self.end_offset)
        self.pos = self.toks.index(tok, self.pos) + 1
        return tok

    def take_first_char(self) -> Tok:
        """A single-token argument is one character: ``\\frac12`` is 1/2."""
        tok = self.take()
        if tok.kind in ("letters", "number") and len(tok.text) > 1:
            rest = Tok(tok.kind, tok.text[1:], tok.offset + 1)
            self.toks.insert(self.pos, rest)
            return Tok(tok.kind, tok.text[0], tok.offset)
        return tok

    def expect(self, text: str) -> Tok:
        tok = self.take()
        if tok.text != text:
            raise InputError(f"expected '{text}' here", tok.offset)
        return tok

    # -- top level ----------------------------------------------------------
    def translate(self) -> Mapped:
        parts: list[Mapped] = []
        while self.peek(skip_space=False) is not None:
            parts.append(self.one())
        return join(parts)

    def group_body(self, opening: Tok) -> Mapped:
        parts: list[Mapped] = []
        while True:
            tok = self.peek(skip_space=False)
            if tok is None:
                raise InputError("this '{' is never closed", opening.offset)
            if tok.text == "}":
                self.pos += 1
                return join(parts)
            parts.append(self.one())

    def raw_group(self) -> tuple[str, int]:
        """The literal text of a braced argument (for \\text{...} and subscripts)."""
        tok = self.take_first_char()
        if tok.text != "{":
            return tok.text, tok.offset
        depth, texts = 1, list[str]()
        while True:
            inner = self.toks[self.pos] if self.pos < len(self.toks) else None
            if inner is None:
                raise InputError("this '{' is never closed", tok.offset)
            self.pos += 1
            depth += {"{": 1, "}": -1}.get(inner.text, 0)
            if depth == 0:
                return "".join(texts), tok.offset
            texts.append(inner.text)

    def argument(self) -> Mapped:
        tok = self.peek()
        if tok is None:
            raise InputError("the expression ends too early: an argument is missing",
                             self.end_offset)
        self.pos = self.toks.index(tok, self.pos)
        if tok is not None and tok.text == "{":
            return self.one()
        if tok is not None and tok.kind in ("letters", "number"):
            first = self.take_first_char()
            return Mapped.at(f" {first.text} ", first.offset)
        return Mapped.at("(", tok.offset) + self.one() + Mapped.at(")", tok.offset)

    # -- one construct ------------------------------------------------------
    def one(self) -> Mapped:
        tok = self.toks[self.pos]
        self.pos += 1
        if tok.kind == "space":
            return Mapped.at(" ", tok.offset)
        if tok.kind == "letters":
            return self.name(tok.text, tok.offset)
        if tok.kind == "cmd":
            return self.command(tok)
        if tok.kind == "sym":
            return self.symbol(tok)
        if tok.kind == "rowsep":
            raise InputError("'\\\\' only separates rows inside \\begin{cases}", tok.offset)
        if tok.text == "1" and (nxt := self.peek(skip_space=False)) is not None and (
                nxt.text == "_" or (nxt.text == "\\{" and self.compares_inside())):
            return self.indicator(tok)  # 1_{i=j}, 1\{x>0\}: as \mathbb{1}_{i=j}
        return self.char(tok)

    def char(self, tok: Tok) -> Mapped:
        text = tok.text
        if text == "{":
            return Mapped.at("(", tok.offset) + self.group_body(tok) + Mapped.at(")", tok.offset)
        if text == "}":
            raise InputError("this '}' has no matching '{'", tok.offset)
        if text == "^":
            return Mapped.at("**(", tok.offset) + self.argument() + Mapped.at(")", tok.offset)
        if text in "_&'":
            what = {"_": "a subscript needs a name before it", "&": "'&' only belongs in cases",
                    "'": "a prime (') is only allowed on the left-hand side"}[text]
            raise InputError(what, tok.offset)
        if text == "~":
            return Mapped.at(" ", tok.offset)
        if text == "=":
            return Mapped.at(" == ", tok.offset)
        return Mapped.at(text, tok.offset)

    def name(self, base: str, offset: int) -> Mapped:
        """A letter run with its subscripts; ``W^{(2)}`` names matrix W2 when that exists,
        and ``x^{2}_{3}`` (the power written before the subscript) is x_3 squared."""
        name = base
        power: Mapped | None = None
        while (tok := self.peek(skip_space=False)) is not None:
            if tok.text == "^" and power is None and self._subscript_follows_power():
                self.pos += 1
                power = self.argument()
                continue
            if tok.text == "_":
                self.pos += 1
                pair = self.peek(skip_space=False)
                if (base in ("delta", "\\delta") and pair is not None and pair.kind == "letters"
                        and len(pair.text) == 2):  # `delta_ij` typed, as \delta_{ij}
                    self.pos += 1
                    name = f"{name}_{pair.text}"
                    continue
                raw, where = self.raw_group()
                sub = re.sub(r"[\s,]", "", raw)
                if not re.fullmatch(r"[A-Za-z0-9]+", sub):
                    raise InputError("a subscript may only contain letters and digits", where)
                name = f"{name}_{sub}"
                continue
            if tok.text == "^" and self._parenthesised_superscript(name) is not None:
                name = self._parenthesised_superscript(name) or name
                self.pos += 1
                self.raw_group()
                continue
            break
        head = Mapped.at(f" {name} ", offset)
        if power is None:
            return head
        return join([head, Mapped.at("**(", offset), power, Mapped.at(")", offset)])

    def _subscript_follows_power(self) -> bool:
        """Whether the '^' at the cursor and its argument are followed by '_'."""
        k = self.pos + 1
        if k >= len(self.toks):
            return False
        if self.toks[k].text == "{":
            depth = 0
            for m in range(k, len(self.toks)):
                depth += {"{": 1, "}": -1}.get(self.toks[m].text, 0)
                if depth == 0:
                    k = m
                    break
            else:
                return False
        elif len(self.toks[k].text) > 1:
            return False
        return k + 1 < len(self.toks) and self.toks[k + 1].text == "_"

    def _parenthesised_superscript(self, name: str) -> str | None:
        k = self.pos + 1
        texts = [t.text for t in self.toks[k : k + 5]]
        if len(texts) >= 5 and texts[0] == "{" and texts[1] == "(" and texts[3:5] == [")", "}"]:
            candidate = f"{name}_{texts[2]}"
            if self.table.is_symbol_name(candidate):
                return candidate
        return None

    def function(self, name: str, offset: int) -> Mapped:
        head = Mapped.at(f" {name}", offset)
        nxt = self.peek()
        if nxt is not None and nxt.text == "^":
            return self.function_power(head, nxt)
        if nxt is None or nxt.text in ("(", "[", "{", "\\{", "^", "_", "'", "\\left"):
            return head
        if nxt.kind == "cmd" and nxt.text[1:] in _SIZING:
            return head
        return head + Mapped.at("(", nxt.offset) + self.argument() + Mapped.at(")", nxt.offset)

    def function_power(self, head: Mapped, caret: Tok) -> Mapped:
        """`\\tanh^{2}(u)` is tanh(u)^2; `\\sin^{-1}` would be an inverse, not a power."""
        self.take()
        power = self.argument()
        if power.text.replace(" ", "").strip("()") in ("-1", "{-1}"):
            raise InputError("inverse functions (^{-1}) are not supported", caret.offset)
        nxt = self.peek()
        if nxt is not None and nxt.text in ("(", "\\left"):
            body = self.parenthesised()
        else:
            body = Mapped.at("(", caret.offset) + self.argument() + Mapped.at(")", caret.offset)
        return join([Mapped.at("((", caret.offset), head, body, Mapped.at(")**(", caret.offset),
                     power, Mapped.at("))", caret.offset)])

    def parenthesised(self) -> Mapped:
        """A bracketed group `( ... )` or `\\left( ... \\right)`, translated whole."""
        parts: list[Mapped] = []
        depth = 0
        while (tok := self.peek(skip_space=False)) is not None:
            opens = tok.text in ("(", "[", "\\left")
            closes = tok.text in (")", "]", "\\right")
            parts.append(self.one())
            depth += opens - closes
            if depth == 0:
                return join(parts)
        raise InputError("this '(' is never closed", parts[0].where(0) if parts else
                         self.end_offset)

    def summation(self, tok: Tok) -> Mapped:
        """`\\sum_{k} t` or `\\sum_{k=1}^{n} t`: Sum(t, k), the summand running to the next
        + or - outside brackets. The bounds are the index's range, which the part fixes."""
        nxt = self.peek(skip_space=False)
        while nxt is not None and nxt.kind == "cmd" and nxt.text[1:] in ("limits", "nolimits"):
            self.pos += 1
            nxt = self.peek(skip_space=False)
        if nxt is None or nxt.text != "_":
            raise InputError("\\sum needs its index: \\sum_{k}", tok.offset)
        self.pos += 1
        raw, where = self.raw_group()
        index = re.sub(r"\s", "", raw).partition("=")[0]
        if not re.fullmatch(r"[A-Za-z]", index):
            raise InputError("the index of \\sum must be one letter", where)
        if (nxt := self.peek()) is not None and nxt.text == "^":
            self.take()
            self.raw_group()
        parts: list[Mapped] = []
        depth = 0
        while (tok2 := self.peek(skip_space=False)) is not None:
            if depth == 0 and parts and (tok2.text in ("+", "-", "}", "&")
                                         or tok2.kind == "rowsep"):
                break
            depth += (tok2.text in ("(", "[", "\\left")) - (tok2.text in (")", "]", "\\right"))
            parts.append(self.one())
        if not parts:
            raise InputError("\\sum has nothing to sum", tok.offset)
        return join([Mapped.at(" Sum((", tok.offset), *parts,
                     Mapped.at(f"), {index}) ", tok.offset)])

    def command(self, tok: Tok) -> Mapped:
        cmd = tok.text[1:]
        if cmd in _REPLACE:
            return Mapped.at(_REPLACE[cmd], tok.offset)
        if cmd in _FUNCTIONS:
            return self.function(_FUNCTIONS[cmd], tok.offset)
        if cmd in _FRACTIONS:
            top, bottom = self.argument(), self.argument()
            return join([Mapped.at("((", tok.offset), top, Mapped.at(")/(", tok.offset), bottom,
                         Mapped.at("))", tok.offset)])
        if cmd == "sqrt":
            return self.sqrt(tok)
        if cmd == "sum":
            return self.summation(tok)
        if cmd == "left":
            return self.delimiter(_OPENERS, tok)
        if cmd == "right":
            return self.delimiter(_CLOSERS, tok)
        if cmd in _SIZING:
            return Mapped.at(" ", tok.offset)
        if cmd == "delta":
            return self.name("delta", tok.offset)
        if cmd in _TEXT:
            return self.text(cmd, tok)
        if cmd == "begin":
            return self.environment(tok)
        if cmd in ("underbrace", "overbrace"):
            return self.braced_note(tok)
        if cmd in ("underset", "overset"):
            self.argument()  # the note set below or above: a name for what follows
            return Mapped.at("(", tok.offset) + self.argument() + Mapped.at(")", tok.offset)
        raise InputError(f"the LaTeX command {tok.text} is not supported here", tok.offset)

    def braced_note(self, tok: Tok) -> Mapped:
        """`\\underbrace{W_2 b_1 + b_2}_{b}`: the braced value; the note below or above it
        names it and is no factor."""
        body = self.argument()
        nxt = self.peek()
        if nxt is not None and nxt.text in ("_", "^"):
            self.take()
            self.argument()
        return Mapped.at("(", tok.offset) + body + Mapped.at(")", tok.offset)

    def symbol(self, tok: Tok) -> Mapped:
        if tok.text in ("\\{", "\\}"):
            return Mapped.at("(" if tok.text == "\\{" else ")", tok.offset)
        if tok.text[1:].isspace() or tok.text[1:] in ",;:!":
            return Mapped.at(" ", tok.offset)
        raise InputError(f"the LaTeX command {tok.text} is not supported here", tok.offset)

    def sqrt(self, tok: Tok) -> Mapped:
        nxt = self.peek()
        if nxt is not None and nxt.text == "[":
            self.take()
            index: list[Mapped] = []
            while (inner := self.peek(skip_space=False)) is not None and inner.text != "]":
                index.append(self.one())
            self.expect("]")
            body = self.argument()
            return join([Mapped.at("((", tok.offset), body, Mapped.at(")**(1/(", tok.offset),
                         *index, Mapped.at(")))", tok.offset)])
        return Mapped.at(" sqrt(", tok.offset) + self.argument() + Mapped.at(")", tok.offset)

    def delimiter(self, table: dict[str, str], tok: Tok) -> Mapped:
        nxt = self.take()
        if nxt.text not in table:
            raise InputError(f"unsupported delimiter after {tok.text}", nxt.offset)
        return Mapped.at(table[nxt.text], tok.offset)

    def text(self, cmd: str, tok: Tok) -> Mapped:
        raw, where = self.raw_group()
        word = raw.strip()
        if cmd in ("mathbb", "mathbf") and word == "1":
            return self.indicator(tok)
        if re.sub(r"[\s.]", "", word).lower() in UNDEFINED_WORDS:
            return Mapped.at(" undefined ", tok.offset)
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word):
            raise InputError(f"cannot read \\{cmd}{{{raw}}} as a name", where)
        if word in _FUNCTIONS:
            return self.function(_FUNCTIONS[word], tok.offset)
        return self.name(word, where)

    def compares_inside(self) -> bool:
        """The braces opening at the next token hold a comparison (`\\{i=j\\}`): after a
        bare 1 they make an indicator, not a set."""
        depth = 0
        for found in self.toks[self.pos : self.pos + 200]:  # a condition is short
            depth += (found.text == "\\{") - (found.text == "\\}")
            if depth == 0:
                return False
            if found.text in ("=", "<", ">") or found.text in _RELATIONS:
                return True
        return False

    def indicator(self, tok: Tok) -> Mapped:
        """``\\mathbb{1}_{i=j}`` is the Kronecker delta; ``\\mathbb{1}\\{x>0\\}``,
        ``\\mathbb{1}_{x>0}``, ``\\mathbb{1}(x>0)`` and ``\\mathbb{1}[x>0]`` are 1 where the
        condition holds, else 0."""
        nxt = self.peek(skip_space=False)
        if nxt is not None and nxt.text == "_":
            self.pos += 1
            raw, where = self.raw_group()
            match = re.fullmatch(
                r"^\s*+(?:\\\{)?\s*+([A-Za-z])\s*+=\s*+([A-Za-z])\s*+(?:\\\})?\s*+", raw)
            if match is not None:
                return Mapped.at(f" KroneckerDelta({match.group(1)}, {match.group(2)}) ",
                                 tok.offset)
            condition = self.sub(tokenize(Mapped.at(raw, where)))
        elif nxt is not None and nxt.text in ("\\{", "(", "["):
            closer = {"\\{": "\\}", "(": ")", "[": "]"}[nxt.text]
            self.pos += 1
            inner: list[Tok] = []
            while (found := self.peek(skip_space=False)) is not None and found.text != closer:
                inner.append(found)
                self.pos += 1
            self.expect(closer)
            match = _EQUAL_INDICES.fullmatch("".join(t.text for t in inner))
            if match is not None:
                return Mapped.at(f" KroneckerDelta({match.group(1)}, {match.group(2)}) ",
                                 tok.offset)
            condition = self.sub(inner)
        else:
            raise InputError("write the indicator as \\mathbb{1}_{i=j} or \\mathbb{1}\\{x>0\\}",
                             tok.offset)
        return join([Mapped.at(" Piecewise((1, ", tok.offset), condition,
                     Mapped.at("), (0, True)) ", tok.offset)])

    def environment(self, tok: Tok) -> Mapped:
        kind, where = self.raw_group()
        if kind.strip() not in ("cases", "dcases"):
            raise InputError(f"the environment {kind!r} is not supported", where)
        body: list[Tok] = []
        while True:
            inner = self.toks[self.pos] if self.pos < len(self.toks) else None
            if inner is None:
                raise InputError("\\begin{cases} is never closed by \\end{cases}", tok.offset)
            self.pos += 1
            if inner.text == "\\end":
                self.raw_group()
                break
            body.append(inner)
        return self.cases(body, tok)

    def cases(self, body: list[Tok], tok: Tok) -> Mapped:
        """Rows `value & condition`. A condition may be split by more '&' (`1 & \\text{if}
        & x > 0`); the last row may have none (otherwise); a row whose value says the
        derivative is undefined at a single point (`\\text{undefined} & x = 0`) is left out,
        as that point is."""
        pieces: list[Mapped] = [Mapped.at(" Piecewise(", tok.offset)]
        rows = [row for row in _rows(body) if not _undefined_at_a_point(row)]
        for k, row in enumerate(rows):
            ampersands = [n for n, t in enumerate(row) if t.text == "&"]
            if not ampersands and k == len(rows) - 1 and k:
                ampersands = [len(row)]
                row = [*row, Tok("char", "&", row[-1].offset)]
            if not ampersands:
                where = row[0].offset if row else tok.offset
                raise InputError("each row of cases needs: value & condition", where)
            split = ampersands[0]
            value = self.sub(row[:split]).strip().strip(",")
            said = [t for t in row[split + 1 :] if t.text != "&"]
            if _OTHERWISE.match(_TEXT_GROUP.sub(r"\1", "".join(t.text for t in said))):
                pieces += [Mapped.at(f"{', ' if k else ''}(", tok.offset), value,
                           Mapped.at(", True)", tok.offset)]
                continue  # `\text{en otro caso}`: words, never names
            condition = self.sub(said)
            text = _CONDITION_WORD.sub("", condition.text)
            if _OTHERWISE.match(text) or not text.strip():
                condition = Mapped.at("True", row[split].offset)
            else:
                condition = condition.slice(len(condition.text) - len(text))
            sep = ", " if k else ""
            pieces += [Mapped.at(f"{sep}(", tok.offset), value, Mapped.at(", ", tok.offset),
                       condition, Mapped.at(")", tok.offset)]
        return join([*pieces, Mapped.at(") ", tok.offset)])

    def sub(self, toks: list[Tok]) -> Mapped:
        end = toks[-1].offset + len(toks[-1].text) if toks else self.end_offset
        return Translator(list(toks), self.table, end).translate()


def _rows(body: list[Tok]) -> list[list[Tok]]:
    """Rows split on ``\\\\``; a lone backslash before whitespace also ends a row when a
    row would otherwise hold two '&' (students often type one backslash)."""
    rows: list[list[Tok]] = [[]]
    for tok in body:
        if tok.kind == "rowsep":
            rows.append([])
        else:
            rows[-1].append(tok)
    result: list[list[Tok]] = []
    for row in rows:
        if sum(t.text == "&" for t in row) > 1:
            parts: list[list[Tok]] = [[]]
            for t in row:
                if t.kind == "sym" and t.text[1:].isspace():
                    parts.append([])
                else:
                    parts[-1].append(t)
            result.extend(parts)
        else:
            result.append(row)
    return [row for row in result if any(t.kind != "space" for t in row)]


_UNDEFINED = re.compile(r"^\s*+(?:\\(?:text|textrm|mathrm)\s*+\{)?\s*+(?:undefined|not\s++defined"
                        r"|does\s++not\s++exist|dne|n/a|none)\b", re.I)
_AT_A_POINT = re.compile(r"^[^<>=!]*+=[^<>=]*+$")


def _undefined_at_a_point(row: list[Tok]) -> bool:
    """`undefined & x = 0`: a value that is no value, at a single point."""
    text = "".join(t.text for t in row)
    value, _, condition = text.partition("&")
    return bool(_UNDEFINED.match(value)) and bool(_AT_A_POINT.match(condition.replace("&", "")))


def latex_to_python(src: Mapped, table: SymbolTable) -> Mapped:
    return Translator(tokenize(src), table, src.where(len(src.text))).translate()
