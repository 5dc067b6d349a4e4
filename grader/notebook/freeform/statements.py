"""Equations a student wrote in markdown: `$…$`, `$$…$$`, `\\[ \\]`, `\\begin{align}` rows,
plain-text lines such as `dz/dx1 = 1` and derivative tables (tables.py), each with the
words around it that change its weight.

A statement keeps its left-hand side apart from the rest, so the answer a line gives can be
matched to a part by what it is labelled (∂z/∂x1, f'(x)); the right-hand side keeps the
whole chain `a = b = c`, whose last member is the answer. "Therefore" before a line, a
condition after it ("for $j = k$"), a strike-through or a "correction" are recorded, not
acted on: deciding which line counts is the extractor's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from grader.mathexpr.latex import IF_WORDS, OTHERWISE_WORDS, equals_positions
from grader.notebook.freeform.cells import Cell, definitions, prose_in_code
from grader.notebook.freeform.delimited import Kind, blank, fixed, spans
from grader.notebook.freeform.labels import Derivative, is_prose, label
from grader.notebook.freeform.latex import split_top
from grader.notebook.freeform.rows import CASES_BLOCK, Row, rows
from grader.notebook.freeform.spoken import spelled_out, spoken
from grader.notebook.freeform.spoken import typed as typed_in_words
from grader.notebook.freeform.tables import table_lines
from grader.notebook.freeform.worded import listed, named_by, typed

_SEGMENT_STARTS = re.compile(r"\$|\\[\[(]|\\begin\{|`")
_CODE_SPAN = re.compile(r"(?<!`)`(?!`)")
"""Markdown's inline code: one backtick, not a fence's three."""
_SEGMENTS = (
    Kind(re.compile(r"\$\$"), fixed("$$"), lead=1),
    Kind(re.compile(r"\\\["), fixed("\\]"), lead=1),
    Kind(re.compile(r"\\begin\{(align\*?|equation\*?|gather\*?|eqnarray\*?|multline\*?)\}"),
         lambda opened: re.compile(re.escape(f"\\end{{{opened.group(1)}}}")), lead=1),
    Kind(re.compile(r"\$"), fixed("$"), min_body=1),
    Kind(re.compile(r"\\\("), fixed("\\)"), lead=1),
    Kind(_CODE_SPAN, lambda opened: _CODE_SPAN, min_body=1),
)
"""Display math, \\[ \\], an align-like environment, inline math, \\( \\), and a formula
typed as inline code (`s*(1-s)`)."""
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
"""An HTML tag: a name right after `<`, so `0 if x < 0, 1 if x > 0` keeps its comparisons."""
_COMMENT = re.compile(r"^[ \t]*#+[ \t]?(.*)$", re.M)
_STRUCK_STARTS = re.compile(r"~~|<(?:del|s|strike)>", re.I)
_STRUCK = (
    Kind(re.compile("~~"), fixed("~~")),
    Kind(re.compile(r"<(del|s|strike)>", re.I),
         lambda opened: re.compile(re.escape(f"</{opened.group(1)}>"), re.I)),
)
_CUE = re.compile(
    r"\b(therefore|thus|hence|so|finally|final|in (summary|conclusion)|to sum up|"
    r"putting\b.{0,40}\btogether|combining|overall|answer|result"
    r"|por lo tanto|entonces|finalmente|respuesta|resultado|donc|finalement|réponse"
    r"|daher|schließlich|antwort|quindi|risposta)\b"
    r"|\bis\s*+:?\s*+$|\bgives\s*+:?\s*+$|לכן|ולכן|סופי|תשובה|התוצאה",
    re.I | re.S,
)
"""Words that mark a line as the conclusion, in the languages students write around math."""
_CORRECTION = re.compile(
    r"\b(correction|corrected|i meant|should (be|read)|oops|typo|actually|fixed|instead"
    r"|corrección|corregido|correction|korrektur)\b|תיקון",
    re.I,
)
_CONDITION_AFTER = re.compile(
    rf"^[ \t]*+[,(]?[ \t]*+(?:{IF_WORDS}[ \t]++\$(?P<cond>[^$\n]++)\$"
    rf"|(?P<otherwise>{OTHERWISE_WORDS})(?!\w))", re.I)
_LEADS = re.compile(r"(?<![ \t])[ \t]*+[:,]?[ \t]*+"
                    r"(?:(?:we|then)[ \t]++(?:have|get)[ \t]*+:?[ \t]*+)?\$")
"""After a condition: a formula it is the condition of (`for $i = j$: $…$`)."""
_CONDITION_WORD = re.compile(rf"(?<!\w)(?:ו-?)?(?:{IF_WORDS}|with)\s*$", re.I)
"""A condition's opening word right before it; in Hebrew perhaps with 'and' (ו) on it."""
_ONLY_CONDITION_WORD = re.compile(rf"^[ \t]*+(?:{IF_WORDS}|with)[ \t]*+$", re.I)
"""Nothing but the word between a formula and a condition on the same line: the condition
is that formula's (`$f'(x) = 1$ si $x > 0$, $0$ en otro caso`), whatever follows."""
_NEXT_CASE = re.compile(r"^[ \t]*+(?:[,;][ \t]*+)?(?:and|y|e|et|und|ו-?)?[ \t]*+"
                        rf"(?P<otherwise>{OTHERWISE_WORDS}[ \t]*+[,:]?[ \t]*+)?$", re.I)
"""Between a case and the next one's value (`$f'(x) = 1$ if $x>0$ and $0$ if $x<0$`), an
'otherwise' written before the value included (`…, אחרת $0$`)."""
_COND_CHARS = re.compile(r"<|>|\\[lg]eq?\b|\\neq?\b|\\ne\b|≤|≥|≠")
POINT_CONDITION = re.compile(r"^\s*+[A-Za-z0-9](?:_\{?[A-Za-z0-9]\}?)?\s*+=\s*+-?[A-Za-z0-9]"
                             r"(?:_\{?[A-Za-z0-9]\}?)?\s*+$")
"""`j = k`, `x = 0`: an equality that is a condition, not a definition (`W = W_2 W_1`); a
condition of one point, beside which a line with no condition holds everywhere else."""
_LAST_SYMBOL = re.compile(
    r"(?<!\S)(?:[A-Za-z]{1,2}|[A-Za-z\\][A-Za-z]{0,12}[_'{}^\\/0-9(][\w'{}^\\/()]{0,24})$")
"""The last word before a typed '=', when it looks like a name: one or two letters (`W`),
or a word with a subscript, prime or slash (`dz/dx1`, `W_eq`, `f'(x)`); not "nine"."""
_PLAIN_LINE = re.compile(r"^[ \t>*+-]*+(?:(?:\d++[.)]|\(?(?:[a-h]|i{1,3}|iv)\))[ \t]*+)?"
                         r"(?P<eq>[^$\n=]*=[^$\n]*+)$", re.M)
_ARROW = re.compile(r"->|=>|→|⟶|⇒")
_LABEL_COLON = re.compile(r"(?<![A-Za-z])(?:d|∂)[A-Za-z]{1,8}+[ \t]*+/[ \t]*+(?:d|∂)"
                          r"[A-Za-z_{}0-9]{1,8}+[ \t]*+:")
"""`dz/dx1:` — a derivative label followed by a colon, which then means '='."""
_PLAIN_LHS_START = re.compile(
    r"(?:^|[:,;.]\s+|(?<=\s)(?:is|are|we get|gives|so|thus|hence|therefore|then|and|where|"
    r"with|get|obtain|have|means|i\.e\.)\s+)(?=[^:,;]*$)", re.I)
"""Where the left-hand side of a typed equation starts: after the words that lead to it
("So B = w_2 b_1 + b_2"), so a sentence before an equation is not its left-hand side."""


@dataclass(frozen=True)
class Statement:
    cell: int
    lhs: str
    rhs: str
    """Everything after the first top-level '=' (a chain keeps its later members)."""
    quote: str
    """The equation as the student wrote it, for feedback."""
    position: int
    """Order within the answer region: later statements come later in the notebook."""
    cue: bool = False
    """A concluding word ("therefore", "finally", "the derivative is:") just before it."""
    correction: bool = False
    """A correcting word ("correction", "I meant", "should be") just before or after it."""
    condition: str | None = None
    """A condition written next to it: "for $j = k$", "when $x < 0$"."""
    struck: bool = False
    """Crossed out with ~~…~~ or <del>: the student withdrew it."""
    intro: str = ""
    """The words right before it ("so the derivative is"); what labels a bare formula."""
    remark: str = ""
    """A remark in brackets after the value, left out of it ("undefined at x = 0")."""
    worded: bool = False
    """Named in words, not by a symbol ("the weight is $W_2W_1$"): its left-hand side is the
    quantity's name, and a line labelled by a symbol is preferred to it."""

    @property
    def bare(self) -> bool:
        """A formula with no left-hand side: `$\\sigma(x)(1-\\sigma(x))$`."""
        return not self.lhs


def statements(chunks: Iterable[Cell], own: bool = False) -> tuple[Statement, ...]:
    """Every equation in the chunks, numbered in reading order. `own`: the chunks can
    answer one part only, so a sentence that is a value in words or a typed formula needs
    no word naming it (spoken.py)."""
    found: list[Statement] = []
    for chunk in chunks:
        pairs = _from_markdown(chunk, own) if chunk.kind == "markdown" else _from_code(chunk)
        for _, statement in sorted(pairs, key=lambda pair: pair[0]):
            for each in _by_index(statement) if not _DIFFERENTIAL.match(statement.lhs) else (
                    _by_differential(statement)):
                found.append(replace(each, position=len(found)))
    return tuple(found)


_INDEX_CASE = re.compile(r"^[ \t]*+(?:\\text\{[^{}]*+\}[ \t]*+)?(?:if[ \t]++)?(?P<i>[a-z])[ \t]*+="
                         r"[ \t]*+(?P<n>[1-9])[ \t.,]*+$")
"""A case of one index (`i = 2`)."""


def _by_index(statement: Statement) -> list[Statement]:
    """`\\frac{\\partial z}{\\partial x_i} = \\begin{cases} 1 & i = 1 \\\\ 5 & i = 2
    \\end{cases}`: one line for each index, `\\partial z/\\partial x_1 = 1`, ...; any
    other statement as it is."""
    block = CASES_BLOCK.match(statement.rhs)
    if block is None or not statement.lhs:
        return [statement]
    rows = [split_top(row, "&") for row in split_top(block["body"], "\\\\") if row.strip()]
    cases = [(row[0].strip().rstrip(",").strip(), _INDEX_CASE.match(row[-1]))
             for row in rows if len(row) == 2]
    letters = {case["i"] for _, case in cases if case is not None}
    if len(cases) != len(rows) or len(cases) < 2 or len(letters) != 1 or not all(
            value and case is not None for value, case in cases):
        return [statement]
    (letter,) = letters
    if not any((m["a"] or m["b"]) == letter for m in _SUB_LETTER.finditer(statement.lhs)):
        return [statement]

    def numbered(n: str) -> str:
        return _SUB_LETTER.sub(lambda m: f"_{{{n}}}" if (m["a"] or m["b"]) == letter
                               else m.group(), statement.lhs)

    return [replace(statement, lhs=numbered(case["n"]), rhs=value,
                    quote=f"{statement.quote} ({letter} = {case['n']})")
            for value, case in cases if case is not None]


_DIFFERENTIAL = re.compile(r"^[ \t]*+(?:\\mathrm\{d\}|d)[ \t]*+(?P<f>[A-Za-z])[ \t]*+$")
"""The total differential's left-hand side: `dz`, `\\mathrm{d}f`."""
_DX = re.compile(r"(?:\\mathrm\{d\}|(?<![A-Za-z\\])d)[ \t]*+"
                 r"(?P<v>[A-Za-z])_?\{?(?P<n>[1-9])\}?(?![0-9])")
"""A differential `dx_1`, `\\,dx_{2}`, `\\mathrm{d}x_3` closing a term."""
_SPACINGS = ("\\,", "\\;", "\\:", "\\!", "\\cdot")


def _unspaced(term: str) -> str:
    """`term` without the spaces and product signs before its differential."""
    while True:
        stripped = term.rstrip(" \t*·")
        tail = next((t for t in _SPACINGS if stripped.endswith(t)), "")
        if stripped == term and not tail:
            return term
        term = stripped[: len(stripped) - len(tail)]


def _by_differential(statement: Statement) -> list[Statement]:
    """`dz = (x_2-4)\\,dx_1 + x_1\\,dx_2`: each differential's coefficient is the partial
    derivative by its variable (`dz/dx_1 = x_2-4`), when every term ends in one."""
    function = _DIFFERENTIAL.match(statement.lhs)
    text = statement.rhs
    marks = [m for m in _DX.finditer(text) if _depth(text, m.start()) == 0]
    if function is None or len(marks) < 2 or text[marks[-1].end():].strip(" .,;"):
        return [statement]
    out: list[Statement] = []
    start = 0
    for mark in marks:
        term = _unspaced(text[start : mark.start()]).strip()
        start = mark.end()
        coefficient = term[1:].strip() if term.startswith("+") else term
        if equals_positions(coefficient):
            return [statement]
        negative = coefficient.startswith("-")
        coefficient = coefficient[1:].strip() if negative else coefficient
        coefficient = f"-({coefficient or 1})" if negative else (coefficient or "1")
        variable = f"{mark['v']}_{{{mark['n']}}}"
        out.append(replace(statement, lhs=f"\\frac{{\\partial {function['f']}}}"
                                          f"{{\\partial {variable}}}",
                           rhs=coefficient, quote=f"{statement.quote} (d{variable})"))
    return out


_SUB_LETTER = re.compile(r"_(?:\{[ \t]*+(?P<b>[a-z])[ \t]*+\}|(?P<a>[a-z]))(?![A-Za-z])")


def _from_code(chunk: Cell) -> list[tuple[int, Statement]]:
    """`dz_dx1 = "1"` in a code cell (a literal, read without running it), and equations in
    its comments and bare strings (`# f'(x) = f(x)(1 - f(x))`)."""
    out: list[tuple[int, Statement]] = []
    for definition in definitions((chunk,)):
        if definition.kind == "value" and definition.literal is not None:
            statement = Statement(chunk.index, definition.name, str(definition.literal),
                                  definition.source, 0)
            out.append((len(out), statement))
    comments = "\n".join(m.group(1) for m in _COMMENT.finditer(chunk.text))
    prose = Cell(chunk.index, "markdown",
                 f"{comments}\n\n{prose_in_code(chunk)}\n\n{_printed(chunk.output)}")
    return out + [(len(out) + offset, st) for offset, st in _from_markdown(prose)]


def _printed(output: str) -> str:
    """The lines of a cell's output that state something (`dz/dx1 = x2 - 4`), not data."""
    return "\n".join(line for line in output.splitlines()
                     if "=" in line and not _DATA.search(line))


_DATA = re.compile(r"^\s*+[\[(]|array\(|tensor\(|<[a-z_.]++ object")
"""An output line that shows data (an array, a tuple, an object), not a statement."""


def _from_markdown(chunk: Cell, own: bool = False) -> list[tuple[int, Statement]]:
    """(offset in the cell, statement) pairs; positions are filled in by the caller."""
    text = chunk.text
    struck = [(s.start, s.end) for s in spans(text, _STRUCK_STARTS, _STRUCK)]
    out: list[Statement] = []
    offsets: list[int] = []
    last_end = 0
    previous: Statement | None = None
    previous_line_end = -1
    pending: str | None = None
    for span in spans(text, _SEGMENT_STARTS, _SEGMENTS):
        body, whole = span.body, text[span.start : span.end]
        before = text[last_end : span.start]
        after = text[span.end : span.end + 80]
        last_end = span.end
        same_line = "\n" not in text[previous_line_end : span.start] if previous else False
        if _CONDITION_WORD.search(before) and (_COND_CHARS.search(body)
                                               or POINT_CONDITION.match(body)):
            trailing = (previous is not None and same_line
                        and previous.condition in (None, body.strip())
                        and _ONLY_CONDITION_WORD.match(before) is not None)
            if _LEADS.match(text, span.end) and not trailing:  # "for $i = j$: $…$"
                pending = body.strip()
            elif previous is not None and same_line:
                out[-1] = previous = replace(previous, condition=body.strip())
            continue
        found = [Row(r.text, r.condition or pending) for r in rows(body)]
        pending = None
        if previous is not None and same_line and found and found[0].text.startswith("="):
            out[-1] = previous = _continued(previous, found[0].text, whole)
            found = found[1:]
        is_struck = any(a <= span.start and span.end <= b for a, b in struck)
        context = (before[-160:], after)
        for row in found:
            quote = whole if len(found) == 1 else f"${' '.join(row.text.split())}$"
            statement = _statement(row, chunk.index, quote, context, is_struck)
            if statement is None:
                if previous is not None and row.text.startswith("="):
                    out[-1] = previous = _continued(previous, row.text, whole)
                continue
            if statement.bare and len(found) > 1:
                continue
            case = _NEXT_CASE.match(before)
            if (statement.bare and previous is not None and previous.condition
                    and same_line and case is not None
                    and (statement.condition or case["otherwise"])):
                condition = statement.condition or "otherwise"
                said = f"{previous.lhs} = {statement.rhs}" if previous.lhs else statement.rhs
                statement = replace(statement, lhs=previous.lhs, condition=condition,
                                    quote=f"{said} ({condition})")
            out.append(statement)
            offsets.append(span.start)
            previous = statement
        previous_line_end = span.end
    return list(zip(offsets, out, strict=True)) + _plain_lines(text, chunk.index) + [
        (line.offset, Statement(chunk.index, line.name, line.value, line.quote, 0, worded=True,
                                intro=_last_sentence(text[: line.offset][-160:])))
        for line in typed(_masked(text))] + [
        (said.offset, Statement(chunk.index, "", said.value, said.quote, 0, intro=said.intro,
                                cue=bool(_CUE.search(said.intro))))
        for said in (*spoken(_masked(text), own), *typed_in_words(_masked(text), own))] + [
        (line.offset, statement) for line in table_lines(text)
        if (statement := _statement(Row(f"{line.lhs} = {line.rhs}", line.condition),
                                    chunk.index, line.quote,
                                    (text[: line.offset][-160:], ""), False)) is not None]


_SPACING = re.compile(r"\\[,;:!> ]")
"""Thin and other spaces (`\\partial\\,\\text{softmax}`): only space, in a label."""
_FONT = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathit|mathsf|pmb)\s*+\{\s*+([A-Za-z])\s*+\}")
"""A bold or other font on one letter (`\\mathbf{W}_2`): the same name."""


def _statement(row: Row, cell: int, quote: str, context: tuple[str, str],
               struck: bool) -> Statement | None:
    text = _FONT.sub(r"\1", row.text)
    if text.startswith("="):
        return None
    positions = equals_positions(text)
    cut = positions[0] if positions else -1
    lhs = _SPACING.sub(" ", text[:cut]).strip().rstrip(":").strip() if positions else ""
    rhs = text[cut + 1 :].strip()
    for stop in (": ", ". "):  # `b = b_1 W_2 + b_2: it is again one layer. Induction: ...`
        at = rhs.find(stop)
        tail = rhs[at + 2 :]
        if at > 0 and not is_prose(rhs[:at]) and (
                is_prose(tail) or (stop == ". " and _SENTENCE_START.match(tail))):
            rhs = rhs[:at]
    rhs = rhs.rstrip(".,;:。，；：").strip()
    rhs, bracketed, remark = _remark(rhs)
    if (positions and not lhs) or not rhs:
        return None
    before, after = context
    intro = _last_sentence(before)
    condition = _CONDITION_AFTER.match(after)
    named = None if positions or listed(after) else named_by(intro)
    if named is not None:
        lhs, quote = named[0], f"{named[1]} {quote.strip()}"
    return Statement(
        cell=cell, lhs=lhs, rhs=rhs, quote=quote.strip(), position=0, worded=named is not None,
        cue=bool(_CUE.search(intro)),
        correction=bool(_CORRECTION.search(intro) or _CORRECTION.search(after.split("\n")[0])),
        condition=row.condition or bracketed or _after(condition),
        struck=struck, intro=" ".join(intro.split()), remark=remark,
    )


_BRACKET_CONDITION = re.compile(rf"^[ \t]*+{IF_WORDS}[ \t]++(?P<cond>.*[<>=≤≥≠].*)$", re.I | re.S)
_ASIDE = re.compile(
    r"(?<![A-Za-z])(?:undefined|undef|not[ \t]++(?:defined|differentiable)|(?:does[ \t]++not"
    r"|doesn't)[ \t]++exist|no[ \t]++derivative|non-?differentiable|by[ \t]++convention"
    r"|no[ \t]++definida|no[ \t]++existe|no[ \t]++(?:es[ \t]++)?(?:derivable|diferenciable)"
    r"|לא[ \t]++מוגדר|לא[ \t]++גזיר"
    r"|nicht[ \t]++(?:definiert|differenzierbar)|non[ \t]++(?:d[ée]finie?|d[ée]rivable)"
    r"|не[ \t]++(?:определена|определен|дифференцируема)|不可导|不可微|无定义|未定义)"
    r"(?![A-Za-z])", re.I)
"""What a remark after a value says about the point where the value does not hold: the
derivative undefined there, and the convention taken instead."""


def _remark(rhs: str) -> tuple[str, str | None, str]:
    """(value, condition, remark): a bracket closing the value that holds words, not math,
    is the value's condition when it opens with "if"/"for" (`1 (for x > 0)`), or a remark
    left out of the value when it says where the value does not hold ("undefined at
    x = 0", "not defined at 0, take 0"). Any other words in brackets stay, so the line is
    unreadable and goes to a person rather than be guessed at."""
    if not rhs.endswith(")"):
        return rhs, None, ""
    opening = opening_bracket(rhs)
    if opening is None or opening == 0 or not rhs[opening - 1].isspace():
        return rhs, None, ""
    words, value = rhs[opening + 1 : -1].strip(), rhs[:opening].strip()
    if not is_prose(words) or not value:
        return rhs, None, ""
    condition, aside = _BRACKET_CONDITION.match(words), _ASIDE.search(words)
    if (condition is None) == (aside is None):
        return rhs, None, ""
    if condition is not None:
        return value, condition["cond"].strip(" .,"), ""
    return value, None, words


def opening_bracket(text: str) -> int | None:
    """Where the bracket that closes `text` opens (one backward pass)."""
    depth = 0
    for k in range(len(text) - 1, -1, -1):
        depth += (text[k] == ")") - (text[k] == "(")
        if depth == 0:
            return k
    return None


def _after(condition: re.Match[str] | None) -> str | None:
    if condition is None:
        return None
    if condition.group("otherwise"):
        return "otherwise"
    cond = condition.group("cond").strip()
    return None if _defines(cond) else cond


def _defines(cond: str) -> bool:
    """`where $s = \\mathrm{softmax}(z)$`, `where $u = x_1 + 5x_2 + 15$`: what a letter stands
    for, not the case the formula before it holds in (`where $x = 0$`, `where $i = j$`)."""
    lhs, equals, rhs = cond.partition("=")
    if not equals or not 0 < len(lhs.strip()) <= 30 or "=" in rhs or _COMPARES.search(cond):
        return False
    return _CALLED.search(rhs) is not None or _OPERATION.search(rhs) is not None


_COMPARES = re.compile(r"[<>≤≥≠]|\\[lg]eq?\b|\\neq?\b")
_CALLED = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}+\}?[ \t]*+(?:\\left)?\(")
"""A function applied, by its name (`\\mathrm{softmax}(z)`, `sigmoid(x)`)."""
_OPERATION = re.compile(r"[A-Za-z0-9}][ \t]*+[-+*/^][ \t]*+[A-Za-z0-9\\({]")
"""Two terms with an operator between them."""


def _last_sentence(before: str) -> str:
    """The prose right before a formula, back to the previous sentence end or blank line."""
    text = before.rstrip()
    cut = max(text.rfind(". "), text.rfind("\n\n"), text.rfind("$"))
    return text[cut + 1 :] if cut >= 0 else text


def _continued(statement: Statement, row: str, quote: str) -> Statement:
    rhs = f"{statement.rhs} {row.strip()}".strip().rstrip(".,;")
    return replace(statement, rhs=rhs, quote=f"{statement.quote} {quote.strip()}")


def _unemphasised(line: str) -> str:
    """A typed line in bold (`**z = x1 + 5x2**`) without its markers: `**` closing a line
    is never a power, nothing follows it."""
    for mark in ("**", "__"):
        stripped = line.strip()
        if stripped.endswith(mark):
            line = stripped[: -len(mark)]
        if line.lstrip().startswith(mark):
            line = line.lstrip()[len(mark) :]
    return line


def _masked(text: str) -> str:
    """The text outside formulas and HTML tags, offsets kept."""
    return _TAG.sub(lambda m: " " * len(m.group()),
                    blank(text, list(spans(text, _SEGMENT_STARTS, _SEGMENTS))))


def _arrows(text: str) -> str:
    """An arrow after a label means '=' (`# dz/dx1 -> 1`); after an equation it leads to
    the next one (`h_2 = W_2 h_1 + b_2 -> one layer with W = W_2 W_1`) and separates them
    like a comma. Each stretch between arrows is searched once, so the pass is linear."""
    out: list[str] = []
    last = 0
    for match in _ARROW.finditer(text):
        line_start = text.rfind("\n", last, match.start()) + 1
        start = max(last, line_start)
        said = text.find("=", start, match.start()) >= 0
        width = len(match.group())
        out += [text[last : match.start()], "," + " " * (width - 1) if said
                else " " * (width - 1) + "="]
        last = match.end()
    return "".join([*out, text[last:]])


_CONDITION_FIRST = re.compile(
    rf"^[ \t]*+{IF_WORDS}[ \t]++(?P<cond>[^:=<>≠≤≥!\n]{{1,20}}+(?:!=|<=|>=|=|<|>|≠|≤|≥)"
    r"[^:=\n]{1,20}+)"
    r"[ \t]*+[:,][ \t]*+(?P<eq>[^\n]*=[^\n]*+)$", re.I)
"""A typed equation after its condition: "for i = j : ∂s_i/∂z_j = s_i(1 - s_i)"."""
def _run_on(line: str) -> list[str]:
    """A typed line holding several equations with no separator between them (`dz/dx1 = 1
    dz/dx2 = 5`, line breaks lost): cut before each derivative that opens a new equation,
    so that it is not read as one chain whose last member answers the first label."""
    positions = equals_positions(line)
    if len(positions) < 2:
        return [line]
    cuts: list[int] = []
    for before, at in zip(positions, positions[1:], strict=False):
        member = line[before + 1 : at].rstrip()
        space = member.rfind(" ")
        if space <= 0 or not member[:space].strip():
            continue
        if member[:space].rstrip().endswith(("*", "·", "+", "-", "/", "(")) or _depth(
                member, space):
            continue  # `dz/du * du/dx1 = ...`: a factor of this member, not a new label
        if isinstance(label(member[space + 1 :]), Derivative):
            cuts.append(before + 1 + space)
    starts = [0, *cuts]
    return [line[a:b] for a, b in zip(starts, [*cuts, len(line)], strict=False)]


def _depth(text: str, at: int) -> int:
    """How many brackets are open at `at` (a comma in `(dz/dx1, dz/dx2)` is inside one)."""
    depth = 0
    for char in text[:at]:  # a stray closing bracket (`b) ReLU: ...`) opens nothing
        depth = depth + 1 if char in "([{" else max(0, depth - 1) if char in ")]}" else depth
    return depth


_LINE_ASIDE = re.compile(r"\((?P<words>[^()\n]{3,160}+)\)[ \t.]*+$")
"""Words in brackets closing a typed line, after its last case."""
_NEXT_CASE_CONDITION = re.compile(rf"[ \t]{IF_WORDS}[ \t][^=\n]*+(?:=|<|>|≠|≤|≥)", re.I)
"""A typed line under an equation, opening with '=', that holds its own condition: the
next case of the same left-hand side."""
_SENTENCE_START = re.compile(r"[A-Z][a-z]{2,}+(?![A-Za-z(_])")
"""A capitalised word opening the next sentence ("... + b_2. Induction")."""
_INDEX_PAIR = re.compile(r"\[([A-Za-z0-9]),[ \t]++([A-Za-z0-9])\]")
"""`J[i, j]`: one entry, whose comma separates nothing."""


def _plain_lines(text: str, cell: int) -> list[tuple[int, Statement]]:
    """Equations typed without `$`: `dz/dx1 = 1`, `- f'(x) = f(x)(1 - f(x))`, and with an
    arrow or a colon for '=' (`# dz/dx1 -> 1`, `dz/dx2: 5`), as in code comments."""
    out: list[tuple[int, Statement]] = []
    masked = _arrows(_masked(text))
    masked = _LABEL_COLON.sub(lambda m: m.group()[:-1] + "=", masked)
    for match in _PLAIN_LINE.finditer(masked):
        line = _INDEX_PAIR.sub(r"[\1,\2]", _unemphasised(match.group("eq")).replace("==", "="))
        if "$" in line or not line.strip():
            continue
        if line.lstrip().startswith("=") and out and _NEXT_CASE_CONDITION.search(line):
            line = f"{out[-1][1].lhs} {line.lstrip()}"  # `         = -s_i s_j  if i != j`
        aside, remark, written = _LINE_ASIDE.search(line), "", line
        if (aside is not None and _ASIDE.search(aside["words"])
                and (is_prose(aside["words"]) or not aside["words"].isascii())
                and _BRACKET_CONDITION.match(aside["words"]) is None):
            line, remark = line[: aside.start()].rstrip(), aside["words"].strip()  # "(undef…)"
        first = _CONDITION_FIRST.match(line)
        pieces = [piece for part in _run_on(first["eq"] if first else line)
                  for piece in rows(part)]
        if first is not None:  # `for i = j : ∂σ_i/∂z_j = σ_i(1 − σ_i)`
            pieces = [Row(p.text, p.condition or first["cond"].strip()) for p in pieces]
        for piece in pieces:
            positions = equals_positions(piece.text)
            if not positions:
                continue
            head = piece.text[: positions[0]]
            cut = [m for m in _PLAIN_LHS_START.finditer(head) if _depth(head, m.start()) == 0]
            lhs = head[cut[-1].end() :] if cut else head
            gradient = isinstance(label(lhs), Derivative)  # `grad z`: two words, one name
            if (is_prose(lhs) and not gradient
                    and (last := _LAST_SYMBOL.search(lhs.rstrip())) is not None):
                lhs, cut = last.group(), [last]  # "una sola capa con W = ...": W, in any language
            quote = written.strip() if len(pieces) == 1 and not cut else (
                f"{lhs.strip()} {piece.text[positions[0]:].strip()}"
                + (f" ({remark})" if remark and piece is pieces[-1] else ""))
            statement = _statement(
                Row(f"{lhs.strip()} {piece.text[positions[0]:]}".strip(), piece.condition), cell,
                quote, (text[: match.start()][-160:], ""), False)
            if statement is not None and not statement.bare and (
                    gradient or not is_prose(statement.lhs)):
                out.append((match.start(), replace(statement, lhs=spelled_out(statement.lhs),
                                                   rhs=spelled_out(statement.rhs),
                                                   remark=statement.remark or remark)))
    return out
