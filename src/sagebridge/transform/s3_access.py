"""S3 the script reads itself comes from the channel in the job; what it uploads lands in the
job's folders. On a laptop every call runs as written (plan/s3_data.py decides which calls).

    s3.download_file(args.bucket, f"{PREFIX}/train.csv", LOCAL_TRAIN)
    ->  sagebridge_runtime.s3_read("SM_CHANNEL_TRAINING", "s3://acme/churn/v1", "download_file",
            s3.download_file, args.bucket, f"{PREFIX}/train.csv", LOCAL_TRAIN)

    pd.read_csv(f"s3://{BUCKET}/{PREFIX}/valid.csv", sep=";")
    ->  pd.read_csv(sagebridge_runtime.s3_path("SM_CHANNEL_TRAINING", "s3://acme/churn/v1",
            f"s3://{BUCKET}/{PREFIX}/valid.csv"), sep=";")

    s3.upload_file(MODEL_FILE, BUCKET, "models/model.joblib")
    ->  sagebridge_runtime.s3_upload("SM_MODEL_DIR", "upload_file", s3.upload_file,
            MODEL_FILE, BUCKET, "models/model.joblib")

    preds.to_csv(f"s3://{BUCKET}/out/preds.csv", index=False)
    ->  preds.to_csv(sagebridge_runtime.s3_write_path("SM_OUTPUT_DATA_DIR",
            f"s3://{BUCKET}/out/preds.csv"), index=False)

    s3.Object(BUCKET, f"{PREFIX}/test.csv").get()
    ->  sagebridge_runtime.s3_read("SM_CHANNEL_TRAINING", "s3://acme/churn/v1", "Object.get",
            s3.Object(BUCKET, f"{PREFIX}/test.csv").get)

    fs.open("s3://acme/models/model.joblib", "wb")            (s3fs; a read likewise)
    ->  sagebridge_runtime.s3_open("", "", "SM_MODEL_DIR", fs.open,
            "s3://acme/models/model.joblib", "wb")
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import MigrationPlan, S3Call
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted

# A reader's path argument when it is given by keyword (pandas and numpy names).
READER_PATH_KEYWORDS = frozenset(
    {"filepath_or_buffer", "path", "path_or_buf", "io", "fname", "excel_writer"}
)


S3FS_OPEN = "open"  # s3fs's `S3FileSystem().open(path, mode)`
OBJECT_GET = "get"  # an object resource's `s3.Object(bucket, key).get()`


def _on_object(func: cst.BaseExpression) -> bool:
    """`X.Object(...).get` or `name.get` (a name bound to the object), not `cfg.get`'s call on
    the same line inside the Object's arguments."""
    receiver = func.value if isinstance(func, cst.Attribute) else None
    if isinstance(receiver, cst.Call):
        inner = receiver.func
        return isinstance(inner, cst.Attribute) and inner.attr.value == "Object"
    return isinstance(receiver, cst.Name)


def _string(value: str) -> cst.Arg:
    return cst.Arg(cst.SimpleString(repr(value)))


class S3AccessTransform(PlanCodemod):
    NAME = "s3_access"
    DESCRIPTION = "Read S3 from the input channel and upload into the job's folders in SageMaker."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return plan.s3 is not None and any(call.file == file for call in plan.s3.calls)

    def visit_Module(self, node: cst.Module) -> None:
        assert self.plan.s3 is not None
        self._pending = [c for c in self.plan.s3.calls if c.file == self.file]
        self._done: set[int] = set()

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func  # `boto3.resource("s3").Bucket(b).put_object` has no dotted name
        name = func.attr.value if isinstance(func, cst.Attribute) else (dotted(func) or "")
        for call in self._pending:
            if (
                call.line not in self._done
                and name == call.method
                and self.spans(original_node, call.line)
                and (call.method != OBJECT_GET or _on_object(func))
            ):
                replaced = self._replace(call, updated_node)
                if replaced is not None:
                    self._done.add(call.line)
                    self.need_runtime()
                    return replaced
        return updated_node

    def _replace(self, call: S3Call, node: cst.Call) -> cst.BaseExpression | None:
        s3 = self.plan.s3
        assert s3 is not None
        if call.method == S3FS_OPEN:
            reads = call.kind == "read"
            return cst.Call(
                func=cst.parse_expression(f"{RUNTIME_MODULE}.s3_open"),
                args=[_string(s3.channel_env if reads else ""), _string(s3.uri if reads else ""),
                      _string(call.target_env), cst.Arg(node.func), *node.args],
            )  # fmt: skip
        if call.kind == "read":
            return self._path(node, "s3_path", [_string(s3.channel_env), _string(s3.uri)])
        if call.kind == "write":
            return self._path(node, "s3_write_path", [_string(call.target_env)])
        if call.kind == "upload":
            helper, leading = "s3_upload", [_string(call.target_env)]
        else:
            helper, leading = "s3_read", [_string(s3.channel_env), _string(s3.uri)]
        method = f"Bucket.{call.method}" if call.on_bucket else call.method
        method = "Object.get" if call.method == OBJECT_GET else method
        return cst.Call(
            func=cst.parse_expression(f"{RUNTIME_MODULE}.{helper}"),
            args=[*leading, _string(method), cst.Arg(node.func), *node.args],
        )

    def _path(self, node: cst.Call, helper: str, leading: list[cst.Arg]) -> cst.Call | None:
        """The path argument (first, or by keyword) wrapped in the runtime's `helper`."""
        args = list(node.args)
        for index, arg in enumerate(args):
            positional = index == 0 and arg.keyword is None and not arg.star
            named = arg.keyword is not None and arg.keyword.value in READER_PATH_KEYWORDS
            if positional or named:
                if dotted(arg.value.func if isinstance(arg.value, cst.Call) else arg.value) == (
                    f"{RUNTIME_MODULE}.{helper}"
                ):
                    return node  # migrated before
                wrapped = cst.Call(
                    func=cst.parse_expression(f"{RUNTIME_MODULE}.{helper}"),
                    args=[*leading, cst.Arg(arg.value)],
                )
                args[index] = arg.with_changes(value=wrapped)
                return node.with_changes(args=args)
        return None

    def finish(self) -> None:
        for call in self._pending:
            if call.line not in self._done:
                self.warn_at(call.line, f"S3 call {call.method} not found; left unchanged")
