"""Settings become hyperparameters SageMaker can pass as `--name value` strings.

Module constants get an argparse parser whose defaults *are* those constants:

    epochs = 10                      epochs = 10
                             ->      def _sagebridge_parse_hyperparameters(): ...
                                         parser.add_argument("--epochs", type=int, default=epochs)
    if __name__ == "__main__":       if __name__ == "__main__":
        main()                           _sagebridge_args = _sagebridge_parse_hyperparameters()
                                         epochs = _sagebridge_args.epochs
                                         main()

Overrides take effect before the first use: when module-level code between the settings and
the entry block reads one of them as the module is imported (`model = VAE()` whose layers use
`SIDE`), the overrides go right after the last setting instead of into the entry block, as for
a script with no entry block; a setting read before a later one is set gets its own parser
right after it (first_use.py: `num_classes` read by `to_categorical` before `epochs = 2`).

A script whose settings are overridden by an exec'd configurator (`exec(open('configurator.py')
.read())`, nanoGPT style, reading `--key=value` and config-file paths) gets no parser: the
configurator, a companion left untouched, keeps doing the overriding, and a call to
`sagebridge_runtime.configurator_argv(globals())` just before the exec turns SageMaker's
`--key value` into `--key=value` and `--config_file PATH` into the positional PATH it expects,
dropping values equal to the script's defaults (SageMaker passes them all; they must not undo
the config file). Right after the
exec (a config file may set it: `out_dir = 'out-small'`), each model folder setting is pointed
at the checkpoint folder, where the script's own resume logic finds what it saved
(`out_dir = sagebridge_runtime.resume_folder(out_dir)`; the runtime copies it into SM_MODEL_DIR
when the script ends).

A parser the script already has is kept (existing_parser.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from sagebridge.model import (
    HyperparameterOrigin,
    HyperparameterPlan,
    MigrationPlan,
    PathRole,
)
from sagebridge.transform.base import (
    RUNTIME_MODULE,
    TransformContext,
    is_main_guard,
    parse_statement,
)
from sagebridge.transform.existing_parser import STR2BOOL, ExistingParser
from sagebridge.transform.first_use import ModuleReads, override_groups
from sagebridge.transform.lines import LineMap

PARSE_FUNCTION = "_sagebridge_parse_hyperparameters"
ARGS_VARIABLE = "_sagebridge_args"
CONFIGURATOR_ARGV = f"{RUNTIME_MODULE}.configurator_argv(globals())"
RESUME_FOLDER = f"{RUNTIME_MODULE}.resume_folder"
ARGPARSE_TYPES = {"int": "int", "float": "float", "str": "str", "bool": STR2BOOL}


def attribute(flag: str) -> str:
    """The attribute argparse stores `--batch-size` under: `batch_size`."""
    return flag.lstrip("-").replace("-", "_")


def parser_function(constants: Sequence[HyperparameterPlan], suffix: str = "") -> str:
    lines = [
        f"def {PARSE_FUNCTION}{suffix}():",
        '    """SageMaker passes hyperparameters as `--name value`; the settings are defaults."""',
        "    parser = argparse.ArgumentParser()",
    ]
    for hp in constants:
        arguments = f'"{hp.flag}", type={ARGPARSE_TYPES[hp.type]}, default={hp.name}'
        lines.append(f"    parser.add_argument({arguments})")
    lines.append(
        "    return parser.parse_known_args()[0]  # SageMaker may add arguments of its own"
    )
    return "\n".join(lines)


def assignments(constants: Sequence[HyperparameterPlan], suffix: str = "") -> list[str]:
    first = f"{ARGS_VARIABLE} = {PARSE_FUNCTION}{suffix}()"
    return [first] + [f"{hp.name} = {ARGS_VARIABLE}.{attribute(hp.flag)}" for hp in constants]


class HyperparametersTransform(ExistingParser):
    NAME = "hyperparameters"
    DESCRIPTION = "Make settings argparse hyperparameters that accept SageMaker's string values."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return (
            any(hp.file == file for hp in plan.hyperparameters)
            or any(parser.file == file for parser in plan.edits.parsers)
            or any(c.file == file for c in plan.edits.configurators)
        )

    def __init__(self, context: TransformContext, plan: MigrationPlan, lines: LineMap) -> None:
        super().__init__(context, plan, lines)
        mine = [hp for hp in plan.hyperparameters if hp.file == self.file]
        self.constants = [hp for hp in mine if hp.origin is HyperparameterOrigin.CONSTANT]
        self.hazards = [
            hp for hp in mine if hp.origin is HyperparameterOrigin.ARGPARSE and hp.hazard
        ]
        self.parsers = [p for p in plan.edits.parsers if p.file == self.file]
        self.configurators = [c for c in plan.edits.configurators if c.file == self.file]
        self._found: set[int] = set()  # original lines of the decisions that were found

    # ---- constants ---------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        self._last_constant: cst.BaseStatement | None = None
        self._guard_first: cst.BaseStatement | None = None
        self._migrated = False
        self._groups: dict[int, list[HyperparameterPlan]] = {}
        usable = []
        for hp in self.constants:
            if hp.type not in ARGPARSE_TYPES:
                self.warn_at(hp.line, f"{hp.name}: type {hp.type!r} has no argparse type; kept")
                continue
            usable.append(hp)
        self.constants = usable
        for statement in node.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == PARSE_FUNCTION:
                self._migrated = True
            if is_main_guard(statement):
                assert isinstance(statement, cst.If) and isinstance(
                    statement.body, cst.IndentedBlock
                )
                self._guard_first = statement.body.body[0]
            for hp in self.constants:
                if self._assigns(statement, hp):
                    self._found.add(hp.line)
                    self._last_constant = statement
        if self.configurators:
            self._configure(node)
            return
        # overrides before the first use: a setting read before a later one is set gets its
        # own parser right after it (issue 11: keras-mnist-convnet's num_classes)
        module = ModuleReads(node)
        self._groups = {
            id(anchor): group
            for anchor, group in override_groups(
                module, self.constants, self._assigns, lambda hp: hp.name
            )
        }
        if self._guard_first is not None and (
            len(self._groups) > 1 or self._read_before_guard(module)
        ):
            self._guard_first = None  # parse where the settings are, before their first use
        if self._migrated:
            self._found.update(hp.line for hp in self.constants)
        elif self.constants and self._last_constant is not None:
            self.need_import("argparse")
            if any(hp.type == "bool" for hp in self.constants):
                self.need_runtime()

    def _configure(self, node: cst.Module) -> None:
        """The exec'd configurator overrides the settings: only SageMaker's argv form changes."""
        self._found.update(hp.line for hp in self.constants)
        self.constants = []
        self._exec_statement: cst.BaseStatement | None = None
        self._resumed_after: cst.BaseStatement | None = None
        previous: cst.BaseStatement | None = None
        body = list(node.body)
        for position, statement in enumerate(body):
            if self._is_exec(node, statement):
                self._found.update(c.line for c in self.configurators)
                code = node.code_for_node(previous).strip() if previous is not None else ""
                if not code.startswith(CONFIGURATOR_ARGV.split("(")[0] + "("):
                    self._exec_statement = statement
                    self.need_runtime()
                following = body[position + 1] if position + 1 < len(body) else None
                after = node.code_for_node(following) if following is not None else ""
                if self._resume_folders() and RESUME_FOLDER not in after:
                    self._resumed_after = statement
                    self.need_runtime()
            previous = statement

    def _resume_folders(self) -> list[str]:
        """Module-level model folder settings of this file, set before the configurator runs."""
        first = min(c.line for c in self.configurators)
        return sorted({
            path.variable
            for path in self.plan.paths
            if path.file == self.file and path.variable and path.line < first
            and path.role in (PathRole.MODEL, PathRole.CHECKPOINT) and path.filename is None
        })  # fmt: skip

    def _is_exec(self, node: cst.Module, statement: cst.BaseStatement) -> bool:
        """`exec(open('configurator.py').read())`, found by its text (lines move on re-runs)."""
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        code = node.code_for_node(statement.body[0])
        return code.startswith("exec(") and any(
            c.companion in code for c in self.configurators
        )

    def _read_before_guard(self, module: ModuleReads) -> bool:
        """True when a statement after the last setting reads one while the module imports,
        directly or through a module-level function or class it calls (`model = VAE()`)."""
        if self._last_constant is None:
            return False
        names = {hp.name for hp in self.constants}
        after = False
        for statement in module.node.body:
            if is_main_guard(statement):
                return False
            if after and module.of(statement) & names:
                return True
            after = after or statement is self._last_constant
        return False

    def _assigns(self, statement: cst.BaseStatement, hp: HyperparameterPlan) -> bool:
        if not isinstance(statement, cst.SimpleStatementLine) or not self.starts_at(
            statement, hp.line
        ):
            return False
        assign = statement.body[0]
        return (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and assign.targets[0].target.value == hp.name
        )

    def _active(self) -> list[HyperparameterPlan]:
        if self._migrated or self._last_constant is None:
            return []
        return [hp for hp in self.constants if hp.line in self._found]

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if self.configurators:
            if original is not self._resumed_after:
                return ()
            return [
                parse_statement(f"{name} = {RESUME_FOLDER}({name})  # its resume: checkpoints", depth)
                for name in self._resume_folders()
            ]
        active = self._active()
        group = [hp for hp in self._groups.get(id(original), []) if hp in active]
        if original is self._last_constant and self._guard_first is not None:
            group = active  # all parsed in the entry block
        if not group:
            return ()
        suffix = "" if original is self._last_constant else f"_{group[0].name}"
        function = parse_statement(parser_function(group, suffix), depth)
        added = [function.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])]
        if self._guard_first is None:  # no entry block: parse where the settings are
            parsed = [parse_statement(code, depth) for code in assignments(group, suffix)]
            parsed[0] = parsed[0].with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            added += parsed
        return added

    def at_edge(self, original: cst.BaseStatement) -> bool:
        return original is self._guard_first

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if self.configurators:
            if original is not self._exec_statement:
                return ()
            return [parse_statement(CONFIGURATOR_ARGV + "  # SageMaker's --key value", depth)]
        constants = self._active()
        if not constants or original is not self._guard_first:
            return ()
        return [parse_statement(code, depth) for code in assignments(constants)]

    def finish(self) -> None:
        for hp in self.constants + self.hazards:
            if hp.line not in self._found:
                self.warn_at(hp.line, f"hyperparameter {hp.name} not found; left unchanged")
        for configurator in self.configurators:
            if configurator.line not in self._found:
                self.warn_at(configurator.line, f"exec of {configurator.companion} not found")
        for parser in self.parsers:
            if parser.parse_line is None:
                self.warn_at(parser.line, f"{parser.variable}: no parse_args() call found")
            elif parser.parse_line not in self._found:
                self.warn_at(parser.parse_line, f"{parser.variable}.parse_args() not found")
