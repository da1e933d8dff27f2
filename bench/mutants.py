"""Mutation sample: how many small code changes does the unit layer notice?

    python bench/mutants.py --seed 1 --n 60 --out mutants.json
    python bench/mutants.py --only-survivors mutants.json --out survivors.json

Draws a seeded random sample of mutants over the .py files of retrieval/ and bot/:
a file first (weighted by its number of lines), then one of the operators that have
a site in it, then a site.  Classic operators only:

    compare     <  -> <=, == -> !=, is -> is not, in -> not in (and back)
    arith       + -> -, * -> /, // -> *, % -> // (and += -> -= ...)
    boolean     and -> or, or -> and
    not         not x -> x
    constant    int/float n -> n + 1, True <-> False, "" -> "x", "text" -> ""
    return      return <value> -> return None
    statement   a simple statement (call, assignment, raise, break ...) -> pass
    if-not      if cond -> if not (cond)

Never mutated: docstrings, logging calls, type annotations (and cast/TypeVar
arguments, TYPE_CHECKING blocks), raise and assert expressions, f-string insides,
imports, __all__.

Excluded files: __init__.py files that only re-export.  The C kernel
(retrieval/index/_kernel.c) is not Python and is not mutated; its Python twin in
bm25.py is.

Each mutant is applied to a copy of the repository in a temporary directory (the
working tree is never written, so an interrupted run leaves nothing behind), and
`python -m pytest tests/unit -x -q -p no:cacheprovider` runs there with the copy
first on PYTHONPATH and a timeout; a failing run or a timeout kills the mutant.  A
mutant of the index engine (retrieval/index/) or of the document extractors
(retrieval/corpus/formats/) that the unit layer lets through also meets the engine
layer (tests/engine -m engine: differential tests against rank_bm25, snapshots, files
read through the isolated extractor), the layer written for that code.

Survivors are then classified by hand: bench/mutants_equivalent.json (or --equivalent
FILE) names the ones that change no behaviour, each with the reason (a JSON list of
{"file", "line", "operator", "original", "mutated", "reason"}); they are reported as
"equivalent", and the summary gives the share of behaviour-changing mutants left alive.
An entry matches on file, line, operator and mutated text, so an edit that moves the
line makes the mutant count as a survivor again until the entry is checked.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("retrieval", "bot")
IMPORT_CHECK = "import bot, retrieval; print(bot.__file__, retrieval.__file__)"
EQUIVALENT = ROOT / "bench" / "mutants_equivalent.json"  # survivors judged equivalent, and why
TEST_COMMAND = ("-m", "pytest", "tests/unit", "-x", "-q", "-p", "no:cacheprovider")
# mutants here also meet the engine layer
ENGINE_FILES = ("retrieval/index/", "retrieval/corpus/formats/")
ENGINE_COMMAND = ("-m", "pytest", "tests/engine", "-m", "engine", "-x", "-q",
                  "-p", "no:cacheprovider")
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".ci-venv", "__pycache__", ".hypothesis", ".pytest_cache",
    ".ruff_cache", ".mypy_cache", "*.egg-info", ".cache", "build", "uploads",
)
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
TYPING_CALLS = frozenset({"cast", "TypeVar", "NewType", "ParamSpec", "TypeAlias"})
TYPING_SUBSCRIPTS = frozenset({"Literal", "Annotated", "Optional", "Union", "Callable"})
COMPARE_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In,
}
ARITH_FLIP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv,
}
REMOVABLE = (
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Raise, ast.Delete,
    ast.Break, ast.Continue,
)


def split_lines(source: str) -> list[str]:
    """Lines with their ends, split at newlines only (as ast counts them, unlike
    str.splitlines, which also splits at form feeds and U+2028)."""
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


@dataclass(frozen=True)
class Mutant:
    file: str  # relative to the repository, with /
    line: int
    col: int  # byte offset, as ast gives it
    end_line: int
    end_col: int
    operator: str
    original: str  # the replaced source text
    replacement: str  # what replaces it

    def apply(self, source: str) -> str:
        lines = split_lines(source)
        first = lines[self.line - 1].encode("utf-8")
        last = lines[self.end_line - 1].encode("utf-8")
        head = first[: self.col].decode("utf-8")
        tail = last[self.end_col :].decode("utf-8")
        return (
            "".join(lines[: self.line - 1]) + head + self.replacement + tail
            + "".join(lines[self.end_line :])
        )


@dataclass
class Result:
    mutant: Mutant
    status: str  # killed | survived | timeout | equivalent (a survivor classified by hand)
    seconds: float
    killed_by: str = ""
    reason: str = ""


# --------------------------------------------------------------------------- sites


def segment(lines: list[bytes], node: ast.AST) -> str:
    """The source text of a node (positions are UTF-8 byte offsets)."""
    sl, sc = node.lineno, node.col_offset  # type: ignore[attr-defined]
    el, ec = node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]
    if sl == el:
        return lines[sl - 1][sc:ec].decode("utf-8")
    parts = [lines[sl - 1][sc:]] + lines[sl : el - 1] + [lines[el - 1][:ec]]
    return b"".join(parts).decode("utf-8")


def is_docstring(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def is_logging_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    if node.func.attr not in LOG_METHODS:
        return False
    return "log" in name_of(node.func.value).lower()


def name_of(node: ast.AST) -> str:
    """The name a Name or an attribute access ends in (log, logger.warning → warning)."""
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def is_typing_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and name_of(node.func) in TYPING_CALLS


def is_typing_subscript(node: ast.AST) -> bool:
    return isinstance(node, ast.Subscript) and name_of(node.value) in TYPING_SUBSCRIPTS


def is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test)


def is_dunder_all(node: ast.AST) -> bool:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


class SiteFinder(ast.NodeVisitor):
    """Every mutant of one file, in a fixed order."""

    def __init__(self, rel: str, source: str) -> None:
        self.rel = rel
        self.source = source
        self.lines = [line.encode("utf-8") for line in split_lines(source)]
        self.found: list[Mutant] = []

    # -- helpers

    def add(self, node: ast.AST, operator: str, replacement: str) -> None:
        original = segment(self.lines, node)
        self.found.append(
            Mutant(
                self.rel, node.lineno, node.col_offset,  # type: ignore[attr-defined]
                node.end_lineno, node.end_col_offset,  # type: ignore[attr-defined]
                operator, original, replacement,
            )
        )

    def add_unparsed(self, node: ast.AST, mutated: ast.AST, operator: str) -> None:
        self.add(node, operator, "(" + ast.unparse(mutated) + ")")

    def add_removal(self, stmt: ast.stmt) -> None:
        line = self.lines[stmt.lineno - 1]
        head = line[: stmt.col_offset]
        tail = self.lines[stmt.end_lineno - 1][stmt.end_col_offset :]  # type: ignore[index]
        if head.strip() or (tail.strip() and not tail.strip().startswith(b"#")):
            return  # shares its line with another statement
        self.found.append(
            Mutant(
                self.rel, stmt.lineno, stmt.col_offset,
                stmt.end_lineno, stmt.end_col_offset,  # type: ignore[arg-type]
                "statement", segment(self.lines, stmt), "pass",
            )
        )

    # -- skipped subtrees

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, (ast.Raise, ast.Assert)):
            return  # raise and assert expressions (messages) are not mutated
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal)):
            return
        if isinstance(node, ast.JoinedStr) or is_logging_call(node) or is_typing_call(node):
            return
        if is_typing_subscript(node):
            return
        if is_docstring(node) or is_type_checking(node) or is_dunder_all(node):
            return
        super().generic_visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        return  # the annotation is all an argument has to mutate

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for child in node.decorator_list:
            self.visit(child)
        self.visit(node.args)  # defaults only: visit_arg skips the annotations
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.statement(node)
            self.visit(node.value)

    # -- statements

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, REMOVABLE) and not is_docstring(node):
            if isinstance(node, ast.Expr) and is_logging_call(node.value):
                return
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                return
            self.add_removal(node)

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.AnnAssign):
            return self.visit_AnnAssign(node)  # its own statement() if it has a value
        if isinstance(node, ast.stmt) and not (is_type_checking(node) or is_dunder_all(node)):
            self.statement(node)
        return super().visit(node)

    def visit_If(self, node: ast.If) -> None:
        if is_type_checking(node):
            return
        if not ("__name__" in ast.dump(node.test) and "__main__" in ast.dump(node.test)):
            self.add(node.test, "if-not", "not (" + segment(self.lines, node.test) + ")")
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if value is not None and not (isinstance(value, ast.Constant) and value.value is None):
            self.add(value, "return", "None")
        self.generic_visit(node)

    # -- expressions

    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            flipped = COMPARE_FLIP.get(type(op))
            if flipped is not None:
                mutated = copy.deepcopy(node)
                mutated.ops[i] = flipped()
                self.add_unparsed(node, mutated, "compare")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        flipped = ARITH_FLIP.get(type(node.op))
        if flipped is not None:
            mutated = copy.deepcopy(node)
            mutated.op = flipped()
            self.add_unparsed(node, mutated, "arith")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        flipped = ARITH_FLIP.get(type(node.op))
        if flipped is not None:
            mutated = copy.deepcopy(node)
            mutated.op = flipped()
            self.add(node, "arith", ast.unparse(mutated))
        self.visit(node.value)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        mutated = copy.deepcopy(node)
        mutated.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self.add_unparsed(node, mutated, "boolean")
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self.add(node, "not", "(" + segment(self.lines, node.operand) + ")")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self.add(node, "constant", repr(not value))
        elif isinstance(value, int):
            self.add(node, "constant", repr(value + 1))
        elif isinstance(value, float):
            self.add(node, "constant", repr(value + 1.0))
        elif isinstance(value, str):
            self.add(node, "constant", '""' if value else '"x"')


def eligible_files(root: Path) -> list[Path]:
    files = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            if path.name == "__init__.py" and only_reexports(path):
                continue
            files.append(path)
    return files


def only_reexports(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return all(
        isinstance(node, (ast.Import, ast.ImportFrom)) or is_docstring(node) or is_dunder_all(node)
        for node in tree.body
    )


def sites(root: Path, path: Path) -> list[Mutant]:
    source = path.read_text(encoding="utf-8")
    finder = SiteFinder(path.relative_to(root).as_posix(), source)
    finder.visit(ast.parse(source))
    return finder.found


def valid(root: Path, mutant: Mutant) -> bool:
    """The mutated file parses and its tree differs from the original's."""
    source = (root / mutant.file).read_text(encoding="utf-8")
    try:
        mutated = ast.dump(ast.parse(mutant.apply(source)))
    except SyntaxError:
        return False
    return mutated != ast.dump(ast.parse(source))


def draw(root: Path, n: int, seed: int) -> list[Mutant]:
    """File by its line count, then an operator present in it, then a site; no repeats."""
    rng = random.Random(seed)
    pool: dict[str, dict[str, list[Mutant]]] = {}
    weight: dict[str, int] = {}
    for path in eligible_files(root):
        by_operator: dict[str, list[Mutant]] = {}
        for mutant in sites(root, path):
            by_operator.setdefault(mutant.operator, []).append(mutant)
        if by_operator:
            rel = path.relative_to(root).as_posix()
            pool[rel] = by_operator
            weight[rel] = len(path.read_text(encoding="utf-8").splitlines())
    chosen: list[Mutant] = []
    while len(chosen) < n and pool:
        files = sorted(pool)
        rel = rng.choices(files, weights=[weight[f] for f in files])[0]
        operator = rng.choice(sorted(pool[rel]))
        candidates = pool[rel][operator]
        mutant = candidates.pop(rng.randrange(len(candidates)))
        if not candidates:
            del pool[rel][operator]
            if not pool[rel]:
                del pool[rel]
        if valid(root, mutant):
            chosen.append(mutant)
    return chosen


# --------------------------------------------------------------------------- running


class Sandbox:
    """A copy of the repository in a temporary directory; mutants are applied there."""

    def __init__(self, root: Path, timeout: float) -> None:
        self.root = root
        self.timeout = timeout
        self.tmp = tempfile.TemporaryDirectory(prefix="mutants-")
        self.copy = Path(self.tmp.name) / "repo"
        shutil.copytree(root, self.copy, ignore=COPY_IGNORE)
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(self.copy)] + [p for p in self.env.get("PYTHONPATH", "").split(os.pathsep) if p]
        )
        self.env["PYTHONDONTWRITEBYTECODE"] = "1"  # no stale .pyc between mutants

    def close(self) -> None:
        self.tmp.cleanup()

    def check_imports(self) -> None:
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_CHECK],
            cwd=self.copy, env=self.env, capture_output=True, text=True, check=True,
        ).stdout.split()
        for imported in out:
            if not Path(imported).resolve().is_relative_to(self.copy.resolve()):
                raise SystemExit(f"the sandbox imports {imported}, not its own copy")

    def run_tests(self, command: tuple[str, ...] = TEST_COMMAND) -> tuple[str, float, str]:
        """(killed | survived | timeout, seconds, first failing test)."""
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, *command], cwd=self.copy, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            return "timeout", time.monotonic() - started, ""
        except BaseException:
            kill_group(process)
            raise
        seconds = time.monotonic() - started
        if process.returncode == 0:
            return "survived", seconds, ""
        failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", output, re.MULTILINE)
        return "killed", seconds, failed[0] if failed else f"exit {process.returncode}"

    def run_mutant(self, mutant: Mutant) -> Result:
        target = self.copy / mutant.file
        original = target.read_text(encoding="utf-8")
        if mutant.apply(original) == original:
            return Result(mutant, "stale", 0.0, reason="the mutant changes nothing")
        lines = split_lines(original)
        if segment([line.encode("utf-8") for line in lines], _Pos(mutant)) != mutant.original:
            return Result(mutant, "stale", 0.0, reason="the source has changed at this site")
        try:
            target.write_text(mutant.apply(original), encoding="utf-8")
            status, seconds, killed_by = self.run_tests()
            if status == "survived" and mutant.file.startswith(ENGINE_FILES):
                status, more, killed_by = self.run_tests(ENGINE_COMMAND)
                seconds += more
        finally:
            target.write_text(original, encoding="utf-8")
        return Result(mutant, status, seconds, killed_by)


class _Pos:
    """A mutant's span, shaped like an ast node for segment()."""

    def __init__(self, mutant: Mutant) -> None:
        self.lineno, self.col_offset = mutant.line, mutant.col
        self.end_lineno, self.end_col_offset = mutant.end_line, mutant.end_col


def kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# --------------------------------------------------------------------------- report


def short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def load_equivalent(path: Path | None) -> dict[tuple[str, int, str, str], str]:
    if path is None or not path.is_file():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {
        (e["file"], e["line"], e["operator"], e["mutated"]): e["reason"] for e in entries
    }


def classify(results: list[Result], equivalent: dict[tuple[str, int, str, str], str]) -> None:
    for result in results:
        m = result.mutant
        reason = equivalent.get((m.file, m.line, m.operator, m.replacement))
        if result.status == "survived" and reason is not None:
            result.status = "equivalent"
            result.reason = reason


def summary(results: list[Result]) -> dict[str, Any]:
    counts = {s: sum(r.status == s for r in results) for s in
              ("killed", "timeout", "survived", "equivalent", "stale")}
    behaviour_changing = counts["killed"] + counts["timeout"] + counts["survived"]
    alive = counts["survived"]
    return {
        "drawn": len(results),
        **counts,
        "behaviour_changing": behaviour_changing,
        "alive_behaviour_changing": alive,
        "alive_percent": round(100 * alive / behaviour_changing, 1) if behaviour_changing else 0.0,
    }


def print_table(results: list[Result]) -> None:
    rows = [
        (f"{r.mutant.file}:{r.mutant.line}", r.mutant.operator,
         f"{short(r.mutant.original)} → {short(r.mutant.replacement)}", r.status)
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) if rows else 0 for i in range(3)]
    for row in rows:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")


def write_report(path: Path | None, args: argparse.Namespace, results: list[Result],
                 complete: bool) -> None:
    if path is None:
        return
    report = {
        "seed": args.seed,
        "n": args.n,
        "command": "python " + " ".join(TEST_COMMAND),
        "timeout": args.timeout,
        "complete": complete,
        "summary": summary(results),
        "mutants": [
            {**asdict(r.mutant), "status": r.status, "seconds": round(r.seconds, 1),
             "killed_by": r.killed_by, "reason": r.reason}
            for r in results
        ],
    }
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def survivors_of(path: Path) -> Iterator[Mutant]:
    report = json.loads(path.read_text(encoding="utf-8"))
    names = {f.name for f in Mutant.__dataclass_fields__.values()}
    for entry in report["mutants"]:
        if entry["status"] in ("survived", "equivalent"):
            yield Mutant(**{k: v for k, v in entry.items() if k in names})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per test run")
    parser.add_argument("--out", type=Path, help="write the JSON report here")
    parser.add_argument("--only-survivors", type=Path, metavar="FILE",
                        help="re-run the survivors of an earlier report instead of drawing")
    parser.add_argument("--equivalent", type=Path, metavar="FILE", default=EQUIVALENT,
                        help="survivors classified as equivalent (JSON list; default %(default)s)")
    parser.add_argument("--list", action="store_true", help="print the sample, run nothing")
    args = parser.parse_args(argv)

    if args.only_survivors is not None:
        mutants = list(survivors_of(args.only_survivors))
    else:
        mutants = draw(ROOT, args.n, args.seed)
    if args.list:
        print_table([Result(m, "-", 0.0) for m in mutants])
        return 0

    equivalent = load_equivalent(args.equivalent)
    results: list[Result] = []
    sandbox = Sandbox(ROOT, args.timeout)
    complete = False
    try:
        sandbox.check_imports()
        status, seconds, killed_by = sandbox.run_tests()
        if status != "survived":
            print(f"the unmutated tests do not pass ({status}: {killed_by})", file=sys.stderr)
            return 2
        print(f"baseline: tests pass in {seconds:.0f} s; {len(mutants)} mutants", flush=True)
        for i, mutant in enumerate(mutants, 1):
            result = sandbox.run_mutant(mutant)
            results.append(result)
            print(f"[{i}/{len(mutants)}] {mutant.file}:{mutant.line} {mutant.operator} "
                  f"{result.status} ({result.seconds:.0f} s) {result.killed_by}", flush=True)
        complete = True
    except KeyboardInterrupt:
        print("interrupted: the report holds the mutants run so far", file=sys.stderr)
    finally:
        sandbox.close()
        classify(results, equivalent)
        write_report(args.out, args, results, complete)
    print()
    print_table(results)
    print()
    print(json.dumps(summary(results), ensure_ascii=False))
    return 0 if complete else 130


if __name__ == "__main__":
    sys.exit(main())
