"""Hard-coded credentials are read from the environment, never carried into OUT.

    DB_PASSWORD = "hunter2hunter2"                    DB_PASSWORD = os.environ.get("DB_PASSWORD", "")
    parser.add_argument("--hf-token",         ->      parser.add_argument("--hf-token",
                        default="hf_...")                                 default=os.environ.get("HF_TOKEN", ""))

Each string literal the plan replaces (`SecretPlan.line`/`column`, plan/edits.py) becomes a
read of the environment variable it names (`SecretPlan.env`); an empty string stands in when the
variable is not set. A secret that is not a plain literal where the plan places it (part of an
f-string, say) is left with a warning to remove it by hand. `mask_secrets` gives the original
with the same literals masked, for `docs/train.diff`, whose removed lines would show them.
"""

from __future__ import annotations

import json

import libcst as cst

from sagebridge.model import MigrationPlan, SecretPlan
from sagebridge.transform.base import PlanCodemod, Positions, TransformContext
from sagebridge.transform.lines import LineMap

HOW_TO_PASS = "set it on the training job from Secrets Manager or an SSM SecureString parameter"


def _replaceable(plan: MigrationPlan, file: str) -> list[SecretPlan]:
    """The secrets in `file` the plan replaces (literals at a known column, with a variable)."""
    return [s for s in plan.edits.secrets if s.file == file and s.replace]


class SecretsTransform(PlanCodemod):
    NAME = "secrets"
    DESCRIPTION = "Read hard-coded credentials from environment variables instead."

    def __init__(self, context: TransformContext, plan: MigrationPlan, lines: LineMap) -> None:
        super().__init__(context, plan, lines)
        self.secrets = _replaceable(plan, self.file)
        self._replaced: set[tuple[int, int | None]] = set()
        self._parts: set[int] = set()  # ids of the pieces of concatenated strings

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return bool(_replaceable(plan, file))

    def replacement(self, secret: SecretPlan) -> cst.BaseExpression:
        self.need_import("os")
        return cst.parse_expression(f'os.environ.get("{secret.env}", "")')

    def _secret_at(self, node: cst.CSTNode) -> SecretPlan | None:
        start = self.position(node).start
        for secret in self.secrets:
            if start.column == secret.column and self.lines.current(secret.line) == start.line:
                return secret
        return None

    def _replace(self, original: cst.CSTNode, updated: cst.BaseExpression) -> cst.BaseExpression:
        secret = self._secret_at(original)
        if secret is None:
            return updated
        self._replaced.add((secret.line, secret.column))
        return self.replacement(secret)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._parts.update((id(node.left), id(node.right)))

    def leave_ConcatenatedString(
        self, original_node: cst.ConcatenatedString, updated_node: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        if id(original_node) in self._parts:
            return updated_node
        return self._replace(original_node, updated_node)

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.BaseExpression:
        if id(original_node) in self._parts:
            return updated_node
        return self._replace(original_node, updated_node)

    def finish(self) -> None:
        for secret in self.secrets:
            if (secret.line, secret.column) not in self._replaced:
                self.warn_at(
                    secret.line,
                    f"hard-coded {secret.kind} ({secret.masked}) is not a plain string; "
                    f"remove it by hand and read {secret.env} from the environment",
                )
            elif secret.name and secret.name.startswith("-"):
                self.warn_at(
                    secret.line,
                    f"{secret.name}: hard-coded {secret.kind} ({secret.masked}) is not a pipeline "
                    f"hyperparameter; the migrated script reads {secret.env}: {HOW_TO_PASS}",
                )
            else:
                self.warn_at(
                    secret.line,
                    f"hard-coded {secret.kind} ({secret.masked}) replaced by a read of "
                    f"{secret.env}: {HOW_TO_PASS}",
                )


class _MaskedSecrets(SecretsTransform):
    """The same literals, masked: `"hunter2hunter2"` -> `"hunt******ter2"`."""

    def replacement(self, secret: SecretPlan) -> cst.BaseExpression:
        return cst.SimpleString(json.dumps(secret.masked))

    def finish(self) -> None:
        pass


def mask_secrets(plan: MigrationPlan, path: str, code: str) -> str:
    """`code` with every secret literal the plan knows in `path` masked (for the diff); a line
    whose literal can't be masked is replaced by a comment saying so."""
    secrets = [s for s in plan.edits.secrets if s.file == path]
    if not secrets:
        return code
    try:
        tree = cst.parse_module(code)
    except cst.ParserSyntaxError:
        tree = None
    if tree is not None:
        codemod = _MaskedSecrets(TransformContext(path, Positions(tree)), plan, LineMap(code))
        masked = tree.visit(codemod).code
        if len(codemod._replaced) == len(codemod.secrets) == len(secrets):
            return masked
    lines = code.splitlines(keepends=True)
    for secret in secrets:
        lines[secret.line - 1] = "# (a line with a hard-coded secret, not shown)\n"
    return "".join(lines)
