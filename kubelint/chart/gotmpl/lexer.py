"""The lexer: a template's text as positioned tokens, as Go's text/template/parse/lex.go.

Text runs between actions; an action is `{{ … }}`, trimmed with `{{- ` and ` -}}` (the marker
needs its space), and `{{/* … */}}` is a comment. Inside an action: fields (`.Values`),
variables (`$x`, `$`), identifiers and keywords, strings (`"…"`, `` `…` ``), character constants,
numbers in Go's syntax, `(`, `)`, `|`, `:=`, `=`, and `,`. A lexical error is the last token,
of kind ERROR, with Go's message.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import NamedTuple

LEFT, RIGHT = "{{", "}}"
_SPACE = " \t\r\n"
KEYWORDS = frozenset(
    {"block", "break", "continue", "define", "else", "end", "if", "range", "nil", "template",
     "with"}
)  # fmt: skip


class Kind(enum.Enum):
    ERROR = "error"
    EOF = "EOF"
    TEXT = "text"
    COMMENT = "comment"
    LEFT_DELIM = "left delim"
    RIGHT_DELIM = "right delim"
    SPACE = "space"
    BOOL = "bool"
    CHAR = "char"  # a printable character in an action: `,`
    CHAR_CONSTANT = "character constant"
    NUMBER = "number"
    STRING = "string"
    RAW_STRING = "raw string"
    FIELD = "field"
    VARIABLE = "variable"
    IDENTIFIER = "identifier"
    DOT = "dot"
    PIPE = "pipe"
    DECLARE = "declare"
    ASSIGN = "assign"
    LEFT_PAREN = "left paren"
    RIGHT_PAREN = "right paren"
    KEYWORD = "keyword"


class Token(NamedTuple):
    kind: Kind
    value: str
    pos: int  # offset in the template's text
    line: int  # 1-based

    def __str__(self) -> str:
        """As Go's item.String(), for parse errors."""
        if self.kind is Kind.EOF:
            return "EOF"
        if self.kind is Kind.ERROR:
            return self.value
        if self.kind is Kind.KEYWORD:
            return f"<{self.value}>"
        if len(self.value) > 10:
            return go_quote(self.value[:10]) + "..."
        return go_quote(self.value)


# The escapes Go and Python string literals share; Go's strconv.Quote names four more.
QUOTE_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
GO_ESCAPES = {**QUOTE_ESCAPES, "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


def quote(text: str, escapes: Mapping[str, str] = QUOTE_ESCAPES, ascii_hex: bool = False) -> str:
    """A double-quoted string literal: the named escapes, then any other unprintable character
    as `\\xhh` (an ASCII one, with ascii_hex), `\\uhhhh` or `\\Uhhhhhhhh`."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in escapes:
            out.append(escapes[char])
        elif char.isprintable():
            out.append(char)
        elif ascii_hex and code < 0x80:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def go_quote(text: str) -> str:
    """strconv.Quote."""
    return quote(text, GO_ESCAPES, ascii_hex=True)


# The common tokens of an action, matched at once (the rest goes character by character, as
# Go's lexer does): a word (field, variable, identifier) must end at a terminator.
_FAST = re.compile(
    r"(?P<field>\.(?![0-9])\w+)|(?P<variable>\$\w*)|(?P<identifier>[^\W\d]\w*)"
    r'|(?P<string>"(?:[^"\\\n]|\\[^\n])*")|(?P<pipe>\|)'
)
_WORD_END = re.compile(r"[\s.,|:()]|\}\}|\Z")


def _is_alphanumeric(char: str) -> bool:
    return char == "_" or char.isalnum()


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.line = 1
        self.start_line = 1
        self.tokens: list[Token] = []
        self.paren_depth = 0

    def emit(self, kind: Kind, value: str | None = None) -> None:
        text = self.text[self.start : self.pos]
        self.tokens.append(
            Token(kind, text if value is None else value, self.start, self.start_line)
        )
        self.line += text.count("\n")
        self.start = self.pos
        self.start_line = self.line

    def ignore(self) -> None:
        self.line += self.text.count("\n", self.start, self.pos)
        self.start = self.pos
        self.start_line = self.line

    def error(self, message: str) -> bool:
        self.tokens.append(Token(Kind.ERROR, message, self.start, self.start_line))
        return False

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def run(self) -> list[Token]:
        while self.lex_text():
            if not self.lex_action():
                return self.tokens
        return self.tokens

    # -- text and delimiters -------------------------------------------------------------------
    def lex_text(self) -> bool:
        """Text up to the next action; False at the end of the input."""
        found = self.text.find(LEFT, self.pos)
        if found < 0:
            self.pos = len(self.text)
            if self.pos > self.start:
                self.emit(Kind.TEXT)
            self.tokens.append(Token(Kind.EOF, "", self.pos, self.line))
            return False
        end = found
        if _left_trim(self.text, found + len(LEFT)):  # `{{- ` trims the spaces before it
            end = self.start + len(self.text[self.start : found].rstrip(_SPACE))
        if end > self.start:
            self.pos = end
            self.emit(Kind.TEXT)
        self.pos = found
        self.ignore()
        return True

    def lex_action(self) -> bool:
        after = len(LEFT) + (2 if _left_trim(self.text, self.pos + len(LEFT)) else 0)
        if self.text.startswith("/*", self.pos + after):
            self.pos += after
            self.ignore()
            return self.lex_comment()
        self.pos += len(LEFT)
        self.emit(Kind.LEFT_DELIM)
        self.pos += after - len(LEFT)
        self.ignore()
        self.paren_depth = 0
        return self.lex_inside()

    def at_right(self) -> tuple[bool, bool]:
        """(at the right delimiter, with a trim marker)."""
        if (
            self.peek() in _SPACE
            and self.peek()
            and self.peek(1) == "-"
            and self.text.startswith(RIGHT, self.pos + 2)
        ):
            return True, True
        return self.text.startswith(RIGHT, self.pos), False

    def lex_right(self, trim: bool) -> None:
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(RIGHT)
        self.emit(Kind.RIGHT_DELIM)
        if trim:
            while self.peek() and self.peek() in _SPACE:
                self.pos += 1
            self.ignore()

    def lex_comment(self) -> bool:
        end = self.text.find("*/", self.pos + 2)
        if end < 0:
            return self.error("unclosed comment")
        self.pos = end + 2
        delim, trim = self.at_right()
        if not delim:
            return self.error("comment ends before closing delimiter")
        self.emit(Kind.COMMENT)
        if trim:
            self.pos += 2
        self.pos += len(RIGHT)
        self.ignore()
        if trim:
            while self.peek() and self.peek() in _SPACE:
                self.pos += 1
            self.ignore()
        return True

    # -- inside an action ------------------------------------------------------------------------
    def lex_inside(self) -> bool:  # noqa: PLR0915 (one state machine, as Go's)
        while True:
            delim, trim = self.at_right()
            if delim:
                if self.paren_depth:
                    return self.error("unclosed left paren")
                self.lex_right(trim)
                return True
            fast = _FAST.match(self.text, self.pos)
            if fast is not None:
                if not self.lex_fast(fast):
                    return False
                continue
            char = self.peek()
            if not char:
                return self.error("unclosed action")
            if char in _SPACE:
                self.lex_space()
            elif char == "=":
                self.pos += 1
                self.emit(Kind.ASSIGN)
            elif char == ":":
                if self.peek(1) != "=":
                    self.pos += 1
                    return self.error("expected :=")
                self.pos += 2
                self.emit(Kind.DECLARE)
            elif char == "|":
                self.pos += 1
                self.emit(Kind.PIPE)
            elif char == '"':
                if not self.lex_quote():
                    return False
            elif char == "`":
                end = self.text.find("`", self.pos + 1)
                if end < 0:
                    return self.error("unterminated raw quoted string")
                self.pos = end + 1
                self.emit(Kind.RAW_STRING)
            elif char == "$":
                self.pos += 1
                self.lex_field_or_variable(Kind.VARIABLE)
                if self.tokens[-1].kind is Kind.ERROR:
                    return False
            elif char == "'":
                if not self.lex_char():
                    return False
            elif char == ".":
                if self.peek(1).isdigit():
                    if not self.lex_number():
                        return False
                else:
                    self.pos += 1
                    self.lex_field_or_variable(Kind.FIELD)
                    if self.tokens[-1].kind is Kind.ERROR:
                        return False
            elif char in "+-" or char.isdigit():
                if not self.lex_number():
                    return False
            elif _is_alphanumeric(char):
                if not self.lex_identifier():
                    return False
            elif char == "(":
                self.pos += 1
                self.emit(Kind.LEFT_PAREN)
                self.paren_depth += 1
            elif char == ")":
                self.pos += 1
                self.emit(Kind.RIGHT_PAREN)
                self.paren_depth -= 1
                if self.paren_depth < 0:
                    return self.error("unexpected right paren")
            elif char.isascii() and char.isprintable():
                self.pos += 1
                self.emit(Kind.CHAR)
            else:
                return self.error(f"unrecognized character in action: {_rune(char)}")

    def lex_fast(self, match: re.Match[str]) -> bool:
        kind = match.lastgroup
        self.pos = match.end()
        if kind in ("field", "variable", "identifier") and not _WORD_END.match(self.text, self.pos):
            return self.error(f"bad character {_rune(self.peek())}")
        if kind == "field":
            self.emit(Kind.FIELD)
        elif kind == "variable":
            self.emit(Kind.VARIABLE)
        elif kind == "identifier":
            word = match.group()
            self.emit(
                Kind.KEYWORD
                if word in KEYWORDS
                else Kind.BOOL
                if word in ("true", "false")
                else Kind.IDENTIFIER
            )
        elif kind == "string":
            self.emit(Kind.STRING)
        else:
            self.emit(Kind.PIPE)
        return True

    def lex_space(self) -> None:
        count = 0
        while self.peek() and self.peek() in _SPACE:
            self.pos += 1
            count += 1
        # A space before ` -}}` belongs to the trim marker.
        if self.text.startswith("-" + RIGHT, self.pos) and self.text[self.pos - 1] in _SPACE:
            self.pos -= 1
            if count == 1:
                self.ignore()
                return
        if self.pos > self.start:
            self.emit(Kind.SPACE)

    def at_terminator(self) -> bool:
        char = self.peek()
        if not char or char in _SPACE or char in ".,|:()":
            return True
        return self.text.startswith(RIGHT, self.pos)

    def lex_field_or_variable(self, kind: Kind) -> None:
        if self.at_terminator():  # `.` or `$` alone
            self.emit(Kind.DOT if kind is Kind.FIELD else Kind.VARIABLE)
            return
        while self.peek() and _is_alphanumeric(self.peek()):
            self.pos += 1
        if not self.at_terminator():
            self.error(f"bad character {_rune(self.peek())}")
            return
        self.emit(kind)

    def lex_identifier(self) -> bool:
        while self.peek() and _is_alphanumeric(self.peek()):
            self.pos += 1
        if not self.at_terminator():
            return self.error(f"bad character {_rune(self.peek())}")
        word = self.text[self.start : self.pos]
        if word in KEYWORDS:
            self.emit(Kind.KEYWORD)
        elif word in ("true", "false"):
            self.emit(Kind.BOOL)
        else:
            self.emit(Kind.IDENTIFIER)
        return True

    def lex_quote(self) -> bool:
        return self._lex_escaped('"', Kind.STRING, "unterminated quoted string")

    def lex_char(self) -> bool:
        return self._lex_escaped("'", Kind.CHAR_CONSTANT, "unterminated character constant")

    def _lex_escaped(self, close: str, kind: Kind, unterminated: str) -> bool:
        """A quoted string or a character constant: up to `close`, backslash escapes allowed,
        on one line."""
        self.pos += 1
        while True:
            char = self.peek()
            if char == "\\":
                self.pos += 1
                char = self.peek()
                if char and char != "\n":
                    self.pos += 1
                    continue
            if not char or char == "\n":
                return self.error(unterminated)
            self.pos += 1
            if char == close:
                self.emit(kind)
                return True

    def lex_number(self) -> bool:
        if self.peek() in "+-":
            self.pos += 1
        digits = "0123456789_"
        if self.peek() == "0" and self.peek(1) in ("x", "X", "o", "O", "b", "B") and self.peek(1):
            self.pos += 2
            digits = {"x": "0123456789abcdefABCDEF_", "o": "01234567_", "b": "01_"}[
                self.peek(-1).lower()
            ]
        while self.peek() and self.peek() in digits:
            self.pos += 1
        if self.peek() == ".":
            self.pos += 1
            while self.peek() and self.peek() in digits:
                self.pos += 1
        exponent = "pP" if "a" in digits else "eE"
        if self.peek() and self.peek() in exponent:
            self.pos += 1
            if self.peek() in ("+", "-") and self.peek():
                self.pos += 1
            while self.peek() and self.peek() in "0123456789_":
                self.pos += 1
        if self.peek() == "i":
            self.pos += 1
        if self.peek() and _is_alphanumeric(self.peek()):
            self.pos += 1
            return self.error(f"bad number syntax: {go_quote(self.text[self.start : self.pos])}")
        self.emit(Kind.NUMBER)
        return True


def _left_trim(text: str, at: int) -> bool:
    """Whether `{{` is followed by the trim marker `- ` (at: just past the `{{`)."""
    return text.startswith("-", at) and at + 1 < len(text) and text[at + 1] in _SPACE


def _rune(char: str) -> str:
    """Go's %#U of a character: `U+0023 '#'`."""
    code = ord(char)
    return f"U+{code:04X} '{char}'" if char.isprintable() else f"U+{code:04X}"


def lex(text: str) -> list[Token]:
    """The tokens of `text`, ending with EOF or an ERROR token."""
    return _Lexer(text).run()
