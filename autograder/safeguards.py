"""What makes autograding trustworthy: nbgrader preprocessors that autograder/nbgrader_config.py installs.

nbgrader runs a submission's code and the tests in one kernel, so code in a submission could change
what the tests call (torch.equal, math.isclose, the course's check helpers, names the course's cells
define) and pass with a wrong answer. Three layers stop that, and two more keep a batch going:

1. RestoreMissingCells puts back every course cell (instructions, set-up, tests) that a learner
   deleted, where it was, so that nbgrader's OverwriteCells restores its released source and the
   notebook is graded as released. Edited course cells are restored by OverwriteCells itself.
2. IsolateLearnerCode rewrites the learner's cells (answer cells and any cells they added) before
   anything runs: only imports, function and class definitions and constants are kept; every other
   top-level statement is replaced by a comment (so `torch.equal = ...` in a cell never runs). A
   definition that rebinds a name the course's cells define is dropped, and a function whose body
   could change modules or the notebook's names (assigning to an imported module's attributes,
   `global`, setattr, globals(), exec, sys.modules, dunder attributes, ...) is replaced by one
   that raises an error saying why. Feedback shows the rewritten cells.
3. GuardedExecute snapshots, before the first cell runs, every function and class of builtins, math,
   random, os, numpy, torch (with its optimizers and schedulers) and ckptlab, and after every course
   cell the names it bound. Before and after every test cell it checks that nothing was replaced;
   if something was, the test cell gets an error (0 points) naming what changed.
4. GuardedExecute also keeps a dead kernel (os._exit, a segfault) from losing the submission: the cell
   that was running gets an error saying the kernel died, every later cell an error saying it did
   not run, and nbgrader saves the grades as usual. A cell that runs past the per-cell timeout is
   interrupted and scores 0; if the kernel no longer answers after that, the rest is marked as not run.
5. Warnings do not cost points: nbgrader's IgnorePattern (configured in nbgrader_config.py) drops
   stderr output that carries a warning category.

What this does not defend against: code written against this module itself, which could reach the
snapshot through the interpreter (gc, ctypes, frame objects) by routes a static check misses. The
feedback and the autograded notebook keep the learner's code for an instructor to read.
"""
import ast
import json
import textwrap
from pathlib import Path

from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.notebooknode import NotebookNode

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

GUARD_MODULE = "_ckptlab_grading_guard"


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


def _source_notebook(resources, config):
    """The course cells of this notebook, in order: [(grade_id, cell, is_solution, points or None)].

    The order comes from the source notebook (solutions/), the text from the gradebook (for answer
    cells that is the released stub, never the solution).
    """
    import nbformat
    from nbgrader.coursedir import CourseDirectory

    info = resources["nbgrader"]
    with Gradebook(info["db_url"]) as gb:
        try:
            nb = gb.find_notebook(info["notebook"], info["assignment"])
        except MissingEntry:
            return []
        solutions = {c.name for c in nb.solution_cells}
        points = {c.name: c.max_score for c in nb.grade_cells}
        stored = {c.name: NotebookNode(cell_type=c.cell_type, source=c.source, locked=c.locked,
                                       checksum=c.checksum) for c in nb.source_cells}
    coursedir = CourseDirectory(config=config)
    path = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / f"{info['notebook']}.ipynb"
    order = [_meta(c).get("grade_id") for c in nbformat.read(path, as_version=4).cells] if path.is_file() else []
    order = [gid for gid in order if gid in stored] + [gid for gid in stored if gid not in order]
    return [(gid, stored[gid], gid in solutions, points.get(gid)) for gid in order]


# --- 1. deleted course cells ----------------------------------------------------------------------

class RestoreMissingCells(NbGraderPreprocessor):
    """Insert every course cell missing from the submission after the course cell that preceded it."""

    def preprocess(self, nb, resources):
        source = _source_notebook(resources, self.config)
        present = {_meta(c).get("grade_id") for c in nb.cells}
        for position, (grade_id, cell, is_solution, points) in enumerate(source):
            if grade_id in present:
                continue
            self.log.warning("cell %s was deleted from the submission; putting it back", grade_id)
            meta = {"grade_id": grade_id, "locked": cell.locked, "solution": is_solution,
                    "grade": points is not None, "schema_version": 3}
            if points is not None:
                meta["points"] = points
            if cell.checksum:
                meta["checksum"] = cell.checksum
            new = NotebookNode(cell_type=cell.cell_type, source=cell.source,
                               metadata=NotebookNode(nbgrader=NotebookNode(meta)))
            if cell.cell_type == "code":
                new.outputs, new.execution_count = [], None
            previous = [gid for gid, *_ in source[:position] if gid in present]
            index = 0
            if previous:
                index = 1 + max(i for i, c in enumerate(nb.cells) if _meta(c).get("grade_id") == previous[-1])
            nb.cells.insert(index, new)
            present.add(grade_id)
        return nb, resources


# --- 2. learner code: definitions only ------------------------------------------------------------

DANGEROUS_NAMES = {
    "setattr", "delattr", "globals", "locals", "exec", "eval", "compile", "__import__",
    "breakpoint", "get_ipython", "modules", "_getframe", "gc", "ctypes", "inspect", "importlib", "builtins",
    "sys", "_ckptlab_grading_guard",
}
ALLOWED_DUNDERS = {"__name__", "__init__", "__doc__", "__qualname__"}
SAFE_CALLS = {"tuple", "list", "dict", "set", "frozenset", "str", "int", "float", "bool", "range", "type", "len",
              "sorted", "min", "max", "abs", "round", "zip", "enumerate", "isinstance", "repr", "format"}
ALLOWED_MODULE_WRITES = (("torch", "backends"), ("os", "environ"))


def bound_names(statements):
    """Names a sequence of top-level statements binds (not counting function or class bodies)."""
    names = set()
    for stmt in statements:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(stmt.name)
            continue
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for alias in stmt.names:
                names.add((alias.asname or alias.name).split(".")[0])
            continue
        stack = [stmt]
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                continue
            if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            stack.extend(ast.iter_child_nodes(node))
    return names


def parse_cell(source):
    """The cell as a Python AST (magics turned into calls), or None if it does not parse."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        text = TransformerManager().transform_cell(source)
        return text, ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _root(node):
    """For a.b.c or a.b[c]: ('a', ['b', ...]); else (None, [])."""
    attrs = []
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            attrs.append(node.attr)
        node = node.value
    return (node.id, attrs[::-1]) if isinstance(node, ast.Name) else (None, [])


def body_problem(tree, module_names):
    """Why code inside a definition could change what the tests see, or None."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            return f"it declares `global {', '.join(node.names)}`"
        if isinstance(node, ast.Name) and node.id in DANGEROUS_NAMES:
            return f"it uses `{node.id}`"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            if node.func.id == "vars" and _root(node.args[0])[0] in module_names | {None}:
                return "it uses `vars` on a module"
            if node.func.id == "getattr" and len(node.args) > 1 and not (
                    isinstance(node.args[1], ast.Constant) and not str(node.args[1].value).startswith("__")):
                return "it uses `getattr` with a name that is not a plain constant"
        if isinstance(node, ast.Attribute):
            if node.attr in DANGEROUS_NAMES or (node.attr.startswith("__") and node.attr not in ALLOWED_DUNDERS):
                return f"it uses `.{node.attr}`"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name.split(".")[0] in DANGEROUS_NAMES or (
                        isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DANGEROUS_NAMES):
                    return f"it imports `{alias.name}`"
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension)):
            targets = [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets = [node.optional_vars]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, (ast.Attribute, ast.Subscript)):
                    name, attrs = _root(sub)
                    base = sub
                    while isinstance(base, (ast.Attribute, ast.Subscript)):
                        base = base.value
                    if not isinstance(base, ast.Name):
                        return f"it changes `{ast.unparse(sub)}`, which belongs to the result of an expression"
                    if name in module_names and not any(
                            (name, *attrs[:len(allowed) - 1]) == allowed for allowed in ALLOWED_MODULE_WRITES):
                        return f"it changes `{ast.unparse(sub)}`, an attribute of an imported module"
    return None


def inert(node, module_names):
    """True for an expression that can only build a value: literals, names, attribute reads, and calls
    of type constructors or of functions reached through an imported module."""
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Lambda, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)):
            return False
        if isinstance(sub, ast.Call):
            name, _ = _root(sub.func)
            if not ((isinstance(sub.func, ast.Name) and sub.func.id in SAFE_CALLS)
                    or (isinstance(sub.func, ast.Attribute) and name in module_names)):
                return False
    return body_problem(node, module_names) is None


def definition_problem(stmt, module_names):
    """Why a def/class statement cannot be graded as it is, or None."""
    evaluated = list(stmt.decorator_list)
    if isinstance(stmt, ast.ClassDef):
        evaluated += stmt.bases + [k.value for k in stmt.keywords]
        for item in stmt.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                problem = definition_problem(item, module_names)
                if problem:
                    return problem
            elif isinstance(item, (ast.Assign, ast.AnnAssign)) and item.value is not None:
                evaluated.append(item.value)
            elif not (isinstance(item, ast.Pass) or (isinstance(item, ast.Expr)
                                                     and isinstance(item.value, ast.Constant))):
                return f"its class body runs `{ast.unparse(item).splitlines()[0]}`"
    else:
        args = stmt.args
        evaluated += args.defaults + [d for d in args.kw_defaults if d is not None]
        evaluated += [a.annotation for a in args.args + args.kwonlyargs + args.posonlyargs if a.annotation]
        if stmt.returns:
            evaluated.append(stmt.returns)
        problem = body_problem(ast.Module(body=stmt.body, type_ignores=[]), module_names)
        if problem:
            return problem
    for expr in evaluated:
        if not inert(expr, module_names):
            return f"it runs `{ast.unparse(expr)}` when the definition is made"
    return None


def isolate(source, course_names, expected_names, module_names):
    """The cell's source with only what grading runs: imports, definitions and constants."""
    parsed = parse_cell(source)
    if parsed is None:
        return source  # a syntax error: running it defines nothing, and the error shows in feedback
    text, tree = parsed
    protected = course_names - expected_names
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module_names = module_names | {(a.asname or a.name).split(".")[0] for a in node.names}
    kept, changed = [], False
    for stmt in tree.body:
        segment = "".join(f"@{ast.get_source_segment(text, d)}\n" for d in getattr(stmt, "decorator_list", []))
        segment += ast.get_source_segment(text, stmt, padded=True) or ast.unparse(stmt)
        first = segment.strip().splitlines()[0][:100]
        reason = None
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            clash = sorted(bound_names([stmt]) & protected)
            if clash and not all(name in module_names for name in clash):
                reason = f"it rebinds {', '.join(clash)}, which the course defines"
            elif any(a.name.split(".")[0] in DANGEROUS_NAMES for a in stmt.names) or (
                    isinstance(stmt, ast.ImportFrom) and (stmt.module or "").split(".")[0] in DANGEROUS_NAMES):
                reason = "answers may not import it"
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if stmt.name in protected:
                reason = f"it redefines {stmt.name}, which the course defines"
            else:
                problem = definition_problem(stmt, module_names)
                if problem:
                    message = (f"{stmt.name} was not graded: {problem}, which could change what the tests "
                               "see. An answer may only compute with its arguments and what it imports.")
                    kept.append(f"def {stmt.name}(*args, **kwargs):\n    raise RuntimeError({message!r})\n")
                    kept.append(textwrap.indent(segment.strip(), "# [not run when grading] ") + "\n")
                    changed = True
                    continue
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = bound_names([stmt])
            if not all(isinstance(t, (ast.Name, ast.Tuple, ast.List)) for t in targets) or \
                    any(isinstance(n, ast.Starred) for t in targets for n in ast.walk(t)):
                reason = "only names can be assigned at the top of an answer cell"
            elif names & protected:
                reason = f"it rebinds {', '.join(sorted(names & protected))}, which the course defines"
            elif stmt.value is not None and not inert(stmt.value, module_names):
                reason = "only constants can be assigned at the top of an answer cell"
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            pass  # a docstring or a bare string
        elif not isinstance(stmt, ast.Pass):
            reason = "only imports, functions, classes and constants are run when grading"
        if reason:
            kept.append(f"# [not run when grading: {reason}] {first}\n")
            changed = True
        else:
            kept.append(segment.strip("\n") + "\n")
    if not changed:
        return source
    header = ("# Grading ran this cell as below: the imports, definitions and constants of an answer cell,\n"
              "# nothing else. Your notebook itself is unchanged.\n")
    return header + "\n".join(kept)


class IsolateLearnerCode(NbGraderPreprocessor):
    """Rewrite answer cells and added cells to definitions only (see `isolate`)."""

    def preprocess(self, nb, resources):
        source = _source_notebook(resources, self.config)
        course_ids = {gid for gid, cell, is_solution, _ in source if not is_solution and cell.cell_type == "code"}
        course_names, module_names, expected = set(), set(), set()
        for gid, cell, is_solution, _ in source:
            if cell.cell_type != "code":
                continue
            parsed = parse_cell(cell.source)
            if parsed is None:
                continue
            names = bound_names(parsed[1].body)
            (expected if is_solution else course_names).update(names)
            for node in ast.walk(parsed[1]):
                if isinstance(node, ast.Import):
                    module_names |= {(a.asname or a.name).split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom):
                    module_names |= {a.asname or a.name for a in node.names}  # may be modules: be strict
        for cell in nb.cells:
            if cell.cell_type != "code" or _meta(cell).get("grade_id") in course_ids:
                continue
            cell.source = isolate(cell.source, course_names, expected, module_names)
        return nb, resources


# --- 3 and 4. running: snapshot, checks, dead kernels ---------------------------------------------

SNAPSHOT = r'''
def _ckptlab_snapshot():
    import builtins, importlib, inspect, math, os, random, sys, types
    guard = types.ModuleType("%(module)s")
    mods = ["builtins", "math", "random", "os", "os.path", "numpy", "numpy.random", "numpy.testing",
            "torch", "torch.testing", "torch.nn", "torch.nn.functional", "torch.optim",
            "torch.optim.lr_scheduler", "ckptlab"]
    import ckptlab, pkgutil
    mods += ["ckptlab." + m.name for m in pkgutil.iter_modules(ckptlab.__path__)]
    watched = {}
    kinds = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.ModuleType, type,
             types.MethodDescriptorType, types.WrapperDescriptorType, types.GetSetDescriptorType,
             property, staticmethod, classmethod)
    classes = []
    for name in mods:
        module = importlib.import_module(name)
        for key, value in list(vars(module).items()):
            if isinstance(value, kinds) or callable(value):
                watched[(name, key)] = value
                if isinstance(value, type) and (value.__module__ or "").split(".")[0] in ("torch", "ckptlab", "pathlib"):
                    classes.append(value)
    import torch, pathlib
    classes += [torch.Tensor, torch._C.TensorBase, pathlib.Path, pathlib.PurePath]
    for cls in classes:  # torch wraps each optimizer class's step once, on first use: do it now
        if isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer) and cls is not torch.optim.Optimizer:
            torch.optim.Optimizer._patch_step_function(object.__new__(cls))
    for key in ("input", "get_ipython", "exit", "quit", "display"):  # the kernel sets these per execution
        watched.pop(("builtins", key), None)
    seen = set()
    for cls in classes:
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        for key, value in list(vars(cls).items()):
            watched[(cls, key)] = value
    codes = {k: (v.__code__, v.__defaults__, v.__kwdefaults__) for k, v in watched.items()
             if isinstance(v, types.FunctionType)}
    guard.watched, guard.codes, guard.names, guard.report = watched, codes, {}, "[]"
    guard.class_keys = {id(c): (c, set(vars(c))) for c in classes if isinstance(c, type)}
    sys.modules["%(module)s"] = guard
_ckptlab_snapshot()
del _ckptlab_snapshot
''' % {"module": GUARD_MODULE}

CHECK = r'''
def _ckptlab_check(remember, skip):
    import sys, json, types
    guard = sys.modules["%(module)s"]
    main = sys.modules["__main__"].__dict__
    problems = []
    def label(owner, key):
        return f"{owner}.{key}" if isinstance(owner, str) else f"{owner.__module__}.{owner.__qualname__}.{key}"
    for (owner, key), value in guard.watched.items():
        current = vars(sys.modules[owner]).get(key) if isinstance(owner, str) else vars(owner).get(key)
        if current is not value:
            problems.append(label(owner, key) + " was replaced")
        elif (owner, key) in guard.codes and any(a is not b for a, b in zip(guard.codes[(owner, key)], (
                value.__code__, value.__defaults__, value.__kwdefaults__))):
            problems.append(label(owner, key) + "'s code was replaced")
    for cls, keys in guard.class_keys.values():
        added = {key for key in set(vars(cls)) - keys if key != "__slotnames__"}  # copyreg's pickling cache
        if added:
            problems.append(f"{cls.__qualname__} got new attributes {sorted(added)}")
    for name, (value, code) in guard.names.items():
        if name in skip:
            continue
        if main.get(name, guard) is not value:
            problems.append(f"{name} (defined by the course's cells) was replaced")
        elif code is not None and getattr(value, "__code__", None) is not code:
            problems.append(f"{name}'s code (defined by the course's cells) was replaced")
    for name in remember:
        if name in main:
            value = main[name]
            guard.names[name] = (value, value.__code__ if isinstance(value, types.FunctionType) else None)
    guard.report = json.dumps(problems[:5])
_ckptlab_check(%(remember)r, %(skip)r)
del _ckptlab_check
'''
REPORT = f"__import__('sys').modules[{GUARD_MODULE!r}].report"


class GuardedExecute(Execute):
    """nbgrader's Execute, plus integrity checks around test cells and survival of a dead kernel."""

    guard_timeout = 60

    def preprocess(self, nb, resources=None, km=None):
        self._stopped = None
        self._guarded = False
        source = _source_notebook(resources, self.config) if "nbgrader" in (resources or {}) else []
        self._course_ids = {gid for gid, cell, is_solution, _ in source
                            if not is_solution and cell.cell_type == "code"}
        return super().preprocess(nb, resources, km)

    async def _silent(self, code):
        """Run code quietly in the kernel; return the guard's report (a list) or raise RuntimeError."""
        msg_id = await ensure_async(self.kc.execute(code, silent=True, store_history=False,
                                                    user_expressions={"report": REPORT}))
        reply = await self.async_wait_for_reply(msg_id)
        if reply is None:
            raise RuntimeError("the kernel did not answer")
        content = reply["content"]
        result = content.get("user_expressions", {}).get("report", {})
        if content.get("status") != "ok" or result.get("status") != "ok":
            raise RuntimeError(content.get("evalue") or result.get("evalue") or "the check failed to run")
        return json.loads(ast.literal_eval(result["data"]["text/plain"]))

    async def _check(self, remember=(), skip=()):
        try:
            problems = await self._silent(CHECK % {"module": GUARD_MODULE, "remember": sorted(remember),
                                                   "skip": sorted(skip)})
        except Exception as err:  # noqa: BLE001 (anything here means grading cannot be trusted)
            problems = [f"the integrity check could not run ({err})"]
        return problems

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        meta = _meta(cell)
        label = meta.get("grade_id", f"cell {cell_index + 1}")
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if self._stopped:
            cell.outputs = [_error("NotRun", self._stopped)]
            return cell
        is_test = bool(meta.get("grade")) and not meta.get("solution")
        is_course = meta.get("grade_id") in self._course_ids
        if not self._guarded:
            self._guarded = True
            try:
                await self._silent(SNAPSHOT)
            except Exception as err:  # noqa: BLE001
                self.log.error("integrity snapshot failed: %s", err)
                self._stopped = f"grading could not start its integrity checks ({err})"
        if is_test and not self._stopped:
            problems = await self._check()
            if problems:
                cell.outputs = [_error("TamperingDetected", self._tamper_message(problems))]
                return cell
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self._stopped = f"not run: the kernel died in {label}"
            cell.outputs.append(_error(
                "KernelDied", f"the kernel died while running {label} (the process exited: os._exit, "
                              "sys.exit from a thread, a segfault or running out of memory)"))
            return cell
        if any(o.output_type == "error" and o.ename == "CellTimeoutError" for o in cell.outputs):
            # the interrupt's KeyboardInterrupt is a symptom; the timeout is the reason
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "error" and o.ename == "KeyboardInterrupt")]
        if self._stopped or not (is_course or is_test):
            return cell
        parsed = parse_cell(cell.source)
        names = bound_names(parsed[1].body) if parsed else set()
        problems = await self._check(remember=names, skip=names)
        if any("the kernel did not answer" in p for p in problems):
            self._stopped = f"not run: the kernel stopped answering after {label}"
        if problems and is_test:
            cell.outputs.append(_error("TamperingDetected", self._tamper_message(problems)))
        return cell

    execute_cell = run_sync(async_execute_cell)  # nbconvert calls execute_cell, bound to the base class's

    @staticmethod
    def _tamper_message(problems):
        return ("grading cannot trust this check: " + "; ".join(problems) +
                ". Answers must not change torch, numpy, math, builtins, ckptlab or the notebook's own names.")
