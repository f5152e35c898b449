"""Follow a path expression back to the string literal it starts from.

    torch.save(m, os.path.join(args.model_dir, "m.pt"))    -> "models" in add_argument(default=)
    torch.save(m, os.path.join(cfg["save_dir"], "m.pt"))   -> "checkpoints" in the cfg dict
    torch.save(m, os.path.join(out_dir, "ckpt.pt"))        -> "out" in `out_dir = "out"`
    save_image(x, "results/sample_" + str(epoch) + ".png")  -> "results/sample_" (a prefix)
    "%s/netG.pth" % (opt.outf, ...), f"{out}/x", "{}/x".format(out)  -> what opt.outf/out hold

    os.path.join(OUT_DIR, "m.json"), OUT_DIR = os.path.join(os.path.dirname(__file__), "out")
                                                            -> "out" (the part after the anchor)
    joblib.dump(m, out / "m.joblib") in `@click.option("--output", default="artifacts")
    def main(output): out = Path(output)`                  -> "artifacts"

Followed: names assigned exactly once in the file, `X.dest` of an argparse option (a positional
one with a default: `X.data`; or of an absl flag: `FLAGS.model_dir`), a parameter
of a click command (its option's default), a function parameter no call passes (its default:
`def load_cora(path="./cora")` called as `load_cora(device=d)`), `cfg["key"]` of a dict literal (through aliases, or
the one dict literal in the file with that key when `cfg` is rebuilt: `dict(CONFIG)` updated
from a file), the first part after the script's folder of a `__file__`-anchored path, the
first part of `os.path.join`/`Path(...)`/`/`/`+`, and the first field of a `%`, f-string or
`.format` string. Anything else (a call's result, a name assigned twice) stops the search: no
literal, nothing moved.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.param_defaults import parameter_defaults
from sagebridge.analyze.source import ParsedModule, argument, call_name, keyword, string_value

FOLDER_FIRST_CALLS = frozenset(
    {
        "os.path.join",
        "posixpath.join",
        "pathlib.Path",
        "pathlib.PurePath",
        "Path",
        "str",
        "os.path.abspath",
        "os.path.expanduser",
        "os.path.normpath",
        "os.fspath",
    }
)
CWD_CALLS = frozenset({"os.getcwd", "pathlib.Path.cwd", "Path.cwd"})
FOLDER_FIRST_METHODS = frozenset({"joinpath", "resolve", "absolute", "expanduser"})
MAX_DEPTH = 12
FOLDER_OF = frozenset({"os.path.dirname", "os.path.abspath", "os.path.realpath"})


class PathResolver:
    """Built once per file; `literal(expr)` answers for any expression in it."""

    def __init__(self, module: ParsedModule) -> None:
        self.module = module
        self.assigned: dict[str, list[ast.expr]] = {}
        self.defaults: dict[str, ast.expr] = {}  # argparse dest -> its default= expression
        # `with open(P) as f` -> {"f": [(first line, last line, P)]}: each `with` binding f
        self.opened: dict[str, list[tuple[int, int, ast.expr]]] = {}
        self.options = click_defaults(module.tree)  # click command parameter -> its default
        self.dict_keys: dict[str, list[ast.expr]] = {}  # "key" -> values in the dict literals
        # a parameter's use inside its function -> its default, when no call passes it
        self.parameters = parameter_defaults(module.nodes)
        for node in module.nodes:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                self._bind(node.targets[0], node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self._bind(node.target, node.value)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    opener = item.context_expr
                    if (
                        isinstance(opener, ast.Call)
                        and isinstance(item.optional_vars, ast.Name)
                        and opener.args
                        and call_name(module, opener) in {"open", "io.open", "gzip.open"}
                    ):
                        self.opened.setdefault(item.optional_vars.id, []).append(
                            (node.lineno, node.end_lineno or node.lineno, opener.args[0])
                        )
            elif isinstance(node, ast.Call):
                self._argparse_default(node)
                self._absl_default(node)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values):
                    text = string_value(key) if key is not None else None
                    if text is not None:
                        self.dict_keys.setdefault(text, []).append(value)

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)

    def _argparse_default(self, call: ast.Call) -> None:
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"):
            return
        options = [string_value(arg) for arg in call.args]
        flags = [o for o in options if o is not None and o.startswith("-")]
        default = keyword(call, "default")
        if default is None:
            return
        if not flags:  # a positional one with a default (`add_argument("data", nargs="?", ...)`)
            if len(options) == 1 and options[0] is not None:
                self.defaults.setdefault(options[0], default)
            return
        dest = string_value(keyword(call, "dest"))
        long = next((f for f in flags if f.startswith("--")), flags[0])
        self.defaults.setdefault(dest or long.lstrip("-").replace("-", "_"), default)

    def _absl_default(self, call: ast.Call) -> None:
        """`flags.DEFINE_string("model_dir", "artifacts", ...)`: FLAGS.model_dir's default."""
        name = call_name(self.module, call)
        if not name.startswith("absl.flags.DEFINE"):
            return
        flag = string_value(argument(call, 0, "name"))
        default = argument(call, 1, "default")
        if flag is not None and default is not None:
            self.defaults.setdefault(flag, default)

    def literal(self, expr: ast.expr | None, depth: int = 0) -> ast.Constant | None:
        """The string literal `expr` starts from, or None when it can't be followed."""
        if expr is None or depth > MAX_DEPTH:
            return None
        if isinstance(expr, (ast.BinOp, ast.Call, ast.Name)):
            anchored = self.after_file_anchor(expr)
            if anchored is not None:
                return anchored if isinstance(anchored.value, str) and anchored.value else None
        step = self._step(expr)
        if isinstance(step, ast.Constant):
            return step if isinstance(step.value, str) and step.value else None
        return self.literal(step, depth + 1)

    def after_file_anchor(self, expr: ast.expr) -> ast.Constant | None:
        """`Path(__file__).parent / "data" / "x.csv"` (or os.path.join(HERE, "data", ...) with
        HERE built from `__file__`, or `os.path.join(os.getcwd(), "data")`) -> the literal
        "data": the first part after the script's own folder (or the working directory), `..`
        and `.` skipped (`os.path.join(HERE, "..", "..", "Datasets")` -> "Datasets": the folder
        a `..` climbs to is no data folder, and a channel put there would replace every `..`).
        None when the expression is anchored on neither."""
        nearest: ast.expr | None = None
        node: ast.expr | None = expr
        for _ in range(MAX_DEPTH):
            if node is None:
                return None
            if (self._is_cwd(node) or self._on_file(node)) and (
                not isinstance(node, (ast.BinOp, ast.Call)) or _is_anchor(node)
            ):
                return nearest if isinstance(nearest, ast.Constant) else None
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                nearest = nearest if _climbs(node.right) else node.right
                node = node.left
            elif isinstance(node, ast.Call) and call_name(self.module, node) in {
                "os.path.join",
                "posixpath.join",
            }:
                if len(node.args) < 2:
                    return None
                parts = [part for part in node.args[1:] if not _climbs(part)]
                nearest = parts[0] if parts else nearest
                node = node.args[0]
            elif isinstance(node, ast.Call) and call_name(self.module, node) == "str" and node.args:
                node = node.args[0]
            elif isinstance(node, ast.Name):
                values = self.assigned.get(node.id, [])
                node = values[0] if len(values) == 1 else None
            else:
                return None
        return None

    def _is_cwd(self, node: ast.expr) -> bool:
        """`os.getcwd()`, `Path.cwd()`: the working directory, where relative paths start."""
        return isinstance(node, ast.Call) and call_name(self.module, node) in CWD_CALLS

    def _on_file(self, node: ast.expr, depth: int = 0) -> bool:
        """Does `node` stand on `__file__`: it names it, or it is a folder of a name bound
        once to such an expression (`os.path.dirname(os.path.dirname(CURRENT_DIR))`)?"""
        if any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(node)):
            return True
        if depth > MAX_DEPTH:
            return False
        if isinstance(node, ast.Call) and node.args and call_name(self.module, node) in FOLDER_OF:
            return self._on_file(node.args[0], depth + 1)
        if isinstance(node, ast.Name) and depth > 0:  # a bare name is followed by the caller
            values = self.assigned.get(node.id, [])
            return len(values) == 1 and self._on_file(values[0], depth + 1)
        return False

    def opened_file(self, name: str, line: int | None = None) -> ast.expr | None:
        """What `with open(P) as name` opened: the `with` around `line` when several bind it."""
        withs = self.opened.get(name, [])
        around = [p for first, last, p in withs if line is not None and first <= line <= last]
        if around:
            return around[-1]  # the innermost
        return withs[0][2] if len(withs) == 1 else None

    def _step(self, expr: ast.expr) -> ast.expr | None:
        if isinstance(expr, ast.Constant):
            return expr
        if isinstance(expr, ast.Name):
            if expr.id in self.opened:
                return self.opened_file(expr.id, expr.lineno)
            if id(expr) in self.parameters:
                return self.parameters[id(expr)]
            values = self.assigned.get(expr.id, [])
            if not values and expr.id in self.options:
                return self.options[expr.id]
            return values[0] if len(values) == 1 else None
        if isinstance(expr, ast.Attribute):
            return self.defaults.get(expr.attr)
        if isinstance(expr, ast.Subscript):
            return self._dict_value(expr)
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.Mod) and string_value(expr.left) is not None:
                return _first_field(string_value(expr.left) or "", "%s", _items(expr.right))
            if isinstance(expr.op, (ast.Add, ast.Div)):
                return expr.left
            return None
        if isinstance(expr, ast.JoinedStr) and expr.values:
            first = expr.values[0]
            return first.value if isinstance(first, ast.FormattedValue) else None
        if isinstance(expr, ast.Call):
            return self._call(expr)
        return None

    def _call(self, call: ast.Call) -> ast.expr | None:
        func = call.func
        if isinstance(func, ast.Attribute):
            if func.attr == "format" and string_value(func.value) is not None:
                text = string_value(func.value) or ""
                return _first_field(text, "{}", call.args) or _first_field(text, "{0}", call.args)
            if func.attr in FOLDER_FIRST_METHODS:
                return func.value
        if call_name(self.module, call) in FOLDER_FIRST_CALLS and call.args:
            return call.args[0]
        return None

    def _dict_value(self, subscript: ast.Subscript) -> ast.expr | None:
        key = string_value(subscript.slice)
        holder: ast.expr | None = subscript.value
        for _ in range(MAX_DEPTH):  # `cfg = config`: follow the alias to the dict literal
            if not isinstance(holder, ast.Name):
                break
            values = self.assigned.get(holder.id, [])
            holder = values[0] if len(values) == 1 else None
        if key is None:
            return None
        if not isinstance(holder, ast.Dict):
            values = self.dict_keys.get(key, [])
            return values[0] if len(values) == 1 else None
        for k, v in zip(holder.keys, holder.values):
            if string_value(k) == key:
                return v
        return None


def click_defaults(tree: ast.Module) -> dict[str, ast.expr]:
    """`@click.option("--output", default="artifacts") def main(output)` -> {"output": ...}:
    the parameter a click option fills (its bare name, else its first `--` flag)."""
    found: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if not (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "option"
            ):
                continue
            default = keyword(decorator, "default")
            names = [string_value(arg) or "" for arg in decorator.args]
            bare = [n for n in names if n.isidentifier()]
            flags = [f for n in names for f in n.split("/") if f.startswith("--")]
            name = bare[0] if bare else flags[0][2:].replace("-", "_") if flags else None
            if name and default is not None:
                found.setdefault(name, default)
    return found


def _items(node: ast.expr) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.Tuple) else [node]


def _first_field(template: str, field: str, values: list[ast.expr]) -> ast.expr | None:
    """`"%s/x.png" % (out, ...)` -> out: only when the string starts with the field."""
    return values[0] if template.startswith(field) and values else None


def _climbs(node: ast.expr) -> bool:
    """A `..` or `.` path part: it names no folder of its own."""
    return isinstance(node, ast.Constant) and node.value in ("..", ".", "../", "./")


def _is_anchor(node: ast.expr) -> bool:
    """`Path(__file__).resolve().parent`, `os.path.dirname(os.path.abspath(__file__))`: an
    expression for the script's folder, not a join below it."""
    if isinstance(node, ast.BinOp):
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr not in {"join", "joinpath"}
    return True
