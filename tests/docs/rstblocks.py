"""Read the code blocks of a reST page, and the rules for replaying them.

A page that is replayed writes its steps as ``code-block`` directives:

- ``console``: each ``$ `` line is a command; the lines after it, up to the next command, are
  its expected output (``...`` stands for any text in a line, and a line of just ``...`` for
  any number of lines);
- a ``:caption:`` naming a path: the block is that file's whole content; with ``:class:
  excerpt`` (Python only) its top-level statements replace the file's statements of the same
  name, or are added to it;
- ``text`` with ``:class: tree``: a directory listing, which must match the files on disk.

Paragraphs between the blocks are prose; the URLs of the development server they mention are
opened in order.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\. code-block::\s*(?P<language>\S+)\s*$")
_OPTION = re.compile(r"^\s+:(?P<name>[\w-]+):\s*(?P<value>.*)$")


@dataclass
class Block:
    """One ``code-block`` (or ``::`` literal block, language ``literal``) of a page."""

    language: str
    text: str
    line: int
    options: dict[str, str] = field(default_factory=dict)

    @property
    def caption(self) -> str | None:
        """Return the ``:caption:`` option, if any."""
        return self.options.get("caption")

    @property
    def classes(self) -> set[str]:
        """Return the ``:class:`` option's class names."""
        return set(self.options.get("class", "").split())


@dataclass
class Prose:
    """The text between two blocks."""

    text: str
    line: int


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _body(lines: list[str], start: int, indent: int) -> tuple[str, int, int]:
    """Return the dedented text of the block body starting at ``start``, its first line
    number and the index of the line after it.
    """
    end = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    while start < end and not lines[start].strip():
        start += 1
    return textwrap.dedent("\n".join(lines[start:end])).strip("\n"), start + 1, end


def parse(path: Path) -> list[Block | Prose]:
    """Return the blocks and prose of the reST page at ``path``, in page order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    items: list[Block | Prose] = []
    prose: list[str] = []
    prose_start = 1

    def flush(next_line: int) -> None:
        nonlocal prose, prose_start
        while prose and not prose[0].strip():
            prose.pop(0)
            prose_start += 1
        if prose:
            items.append(Prose("\n".join(prose), prose_start))
        prose, prose_start = [], next_line

    index = 0
    while index < len(lines):
        line = lines[index]
        directive = _DIRECTIVE.match(line)
        if directive:
            flush(index + 1)
            indent = len(directive["indent"])
            options: dict[str, str] = {}
            index += 1
            while index < len(lines) and (option := _OPTION.match(lines[index])):
                options[option["name"]] = option["value"].strip()
                index += 1
            text, first, index = _body(lines, index, indent)
            items.append(Block(directive["language"], text, first, options))
            prose_start = index + 1
            continue
        prose.append(line)
        index += 1
        if line.rstrip().endswith("::") and not line.lstrip().startswith(".."):
            prose[-1] = line.rstrip()[:-1]  # "Like this::" reads "Like this:"
            flush(index + 1)
            text, first, index = _body(lines, index, _indent(line))
            items.append(Block("literal", text, first))
            prose_start = index + 1
    flush(index + 1)
    return items


# Console blocks ------------------------------------------------------------------------


@dataclass
class Command:
    """A ``$ `` command of a console block and the output shown after it."""

    command: str
    expected: str
    line: int


def commands(block: Block) -> list[Command]:
    """Return the commands of a ``console`` block with their expected output."""
    found: list[Command] = []
    for offset, line in enumerate(block.text.splitlines()):
        if line.startswith("$ "):
            found.append(Command(line[2:].strip(), "", block.line + offset))
        elif not found:
            raise ValueError(f"line {block.line + offset}: output before any '$ ' command")
        else:
            found[-1].expected += line + "\n"
    for command in found:
        command.expected = command.expected.rstrip("\n")
    return found


_DURATION = re.compile(r"\b\d+(?:\.\d+)?s\b")
_DATE = re.compile(r"^[A-Z][a-z]+ \d{2}, \d{4} - \d{2}:\d{2}:\d{2}$")


def _normalize(line: str) -> str:
    """Return ``line`` with what changes from run to run (times, spacing) made constant."""
    line = _DATE.sub("<date>", line.strip())
    return re.sub(r"\s+", " ", _DURATION.sub("<duration>", line))


def output_matches(expected: str, actual: str) -> bool:
    """Return whether ``actual`` output is what ``expected`` shows, ``...`` standing for text."""
    pattern = []
    for line in expected.splitlines():
        line = _normalize(line)
        if line == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
            continue
        parts = [re.escape(part) for part in line.split("...")]
        pattern.append("[^\n]*".join(parts) + r"\n")
    text = "".join(_normalize(line) + "\n" for line in actual.rstrip("\n").splitlines())
    return re.fullmatch("".join(pattern), text) is not None


# Excerpts of Python files --------------------------------------------------------------


def _key(node: ast.stmt) -> str | None:
    """Return what identifies a top-level statement across versions of a file."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _span(node: ast.stmt) -> tuple[int, int]:
    """Return the 0-based first line and the end line of ``node``, decorators included."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    assert node.end_lineno is not None
    return first - 1, node.end_lineno


def merge_python(source: str, excerpt: str) -> str:
    """Return ``source`` with the top-level statements of ``excerpt`` put in.

    A function, class or assignment replaces the one of the same name, or is added at the
    end; an import not in the file yet is added after its imports. Anything else is refused.
    """
    excerpt_lines = excerpt.splitlines()
    for node in ast.parse(excerpt).body:
        first, end = _span(node)
        new = excerpt_lines[first:end]
        lines = source.splitlines()
        tree = ast.parse(source).body
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if any(ast.dump(node) == ast.dump(old) for old in tree):
                continue
            imports = [old for old in tree if isinstance(old, (ast.Import, ast.ImportFrom))]
            at = _span(imports[-1])[1] if imports else 0
            lines[at:at] = new
        elif (key := _key(node)) is None:
            raise ValueError(f"an excerpt cannot hold this statement: {ast.unparse(node)!r}")
        else:
            same = [old for old in tree if _key(old) == key]
            if same:
                start, stop = _span(same[-1])
                lines[start:stop] = new
            else:
                blank = 2 if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else 1
                while lines and not lines[-1].strip():
                    lines.pop()
                lines += [""] * blank + new
        source = "\n".join(lines) + "\n"
    return source


# Directory listings --------------------------------------------------------------------

_TREE_PREFIX = re.compile(r"^(?P<prefix>(?:[│ ] {3}|[├└]── )*)(?P<name>[^#]*?)\s*(?:#.*)?$")


def tree_files(block: Block) -> tuple[str, set[str]]:
    """Return the top directory a ``tree`` block lists and the files under it."""
    lines = block.text.splitlines()
    top = lines[0].strip().rstrip("/")
    files: set[str] = set()
    stack: list[str] = []
    for line in lines[1:]:
        match = _TREE_PREFIX.match(line)
        if match is None or not match["name"]:
            raise ValueError(f"cannot read the tree line {line!r}")
        depth = len(match["prefix"]) // 4 - 1
        del stack[depth:]
        name = match["name"]
        if name.endswith("/"):
            stack.append(name.rstrip("/"))
        else:
            files.add("/".join([*stack, name]))
    return top, files
