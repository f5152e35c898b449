"""S3 read or written by the script itself: what a script written for an EC2 box does.

    BUCKET, PREFIX = "acme-data", "churn/v1"
    s3 = boto3.client("s3")
    s3.download_file(args.bucket, f"{PREFIX}/train.csv", "/tmp/train.csv")
        -> kind "download", uri "s3://acme-data/churn/v1/train.csv" (--bucket's default),
           local_line: the line of "/tmp/train.csv" (a scratch copy, not a data folder)
    s3.get_object(Bucket=BUCKET, Key=PREFIX + "/test.csv")["Body"]   -> kind "get_object"
    pd.read_csv(f"s3://{BUCKET}/{PREFIX}/valid.csv")                  -> kind "read"
    s3.upload_file("model.joblib", BUCKET, "models/model.joblib")     -> kind "upload"
    preds.to_csv(f"s3://{BUCKET}/predictions/preds.csv", index=False)  -> kind "write"
    boto3.resource("s3").Object(BUCKET, f"{PREFIX}/y.csv").get()["Body"] -> kind "get_object"
    fs = s3fs.S3FileSystem(); fs.open(f"s3://{BUCKET}/{PREFIX}/x.csv")  -> kind "read"
    with fs.open("s3://acme-data/models/model.joblib", "wb") as f: ...   -> kind "write"

Bucket and key are followed to their text through names bound once, argparse defaults, config
dicts, `+`, f-strings, `%`, `.format` and `os.path.join`/`posixpath.join`; a part that can't be
followed leaves `uri` empty (the plan reports it). boto3 methods count only in a module that
imports boto3, on a client or on a bucket resource (`boto3.resource("s3").Bucket(b)`, directly
or through a name bound once: `bucket.download_file(KEY, path)`).
"""

from __future__ import annotations

import ast

from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, argument
from sagebridge.analyze.url_reads import URL_READERS
from sagebridge.model import HardCodedPath, S3Access

# Readers that take an s3:// URI where a path goes (pandas through s3fs).
S3_READERS = {
    **URL_READERS,
    "pandas.read_feather": "path",
    "pandas.read_pickle": "filepath_or_buffer",
    "pandas.read_orc": "path",
}
# boto3 client methods: kind, and (position, keyword) of the bucket, the key and the local file.
CLIENT_METHODS: dict[str, tuple[str, tuple[int, str], tuple[int, str], tuple[int, str] | None]] = {
    "download_file": ("download", (0, "Bucket"), (1, "Key"), (2, "Filename")),
    "download_fileobj": ("download", (0, "Bucket"), (1, "Key"), None),
    "get_object": ("get_object", (99, "Bucket"), (99, "Key"), None),
    "upload_file": ("upload", (1, "Bucket"), (2, "Key"), (0, "Filename")),
    "upload_fileobj": ("upload", (1, "Bucket"), (2, "Key"), None),
    "put_object": ("upload", (99, "Bucket"), (99, "Key"), None),
}
# The same methods on a bucket resource (`boto3.resource("s3").Bucket(BUCKET)`): no Bucket
# argument, the key first (the local file first for an upload).
BUCKET_METHODS: dict[str, tuple[str, tuple[int, str], tuple[int, str] | None]] = {
    "download_file": ("download", (0, "Key"), (1, "Filename")),
    "download_fileobj": ("download", (0, "Key"), None),
    "upload_file": ("upload", (1, "Key"), (0, "Filename")),
    "upload_fileobj": ("upload", (1, "Key"), None),
    "put_object": ("upload", (99, "Key"), None),
}
# pandas writers that take an s3:// URI where a path goes (`df.to_csv("s3://...")`, via s3fs):
# method name -> the path's keyword.
S3_WRITERS = {
    "to_csv": "path_or_buf",
    "to_json": "path_or_buf",
    "to_parquet": "path",
    "to_pickle": "path",
    "to_feather": "path",
    "to_excel": "excel_writer",
}
# An object resource's read: `s3.Object(bucket_name, key).get()`.
OBJECT_GET = "get"
# s3fs's file system (`s3fs.S3FileSystem()`): its `open(path, mode="rb")` reads or writes.
S3FS = "s3fs.S3FileSystem"
JOIN_CALLS = frozenset({"os.path.join", "posixpath.join"})
BASENAME_CALLS = frozenset({"os.path.basename", "posixpath.basename"})
MAX_DEPTH = 12


def find_s3_accesses(module: ParsedModule) -> list[S3Access]:
    resolver: PathResolver | None = None
    boto3 = _imports_boto3(module)
    found: list[S3Access] = []
    for call in module.calls():
        name = module.qualified(call.func)
        if name in S3_READERS:
            source = argument(call, 0, S3_READERS[name])
            if source is None:
                continue
            resolver = resolver or PathResolver(module)
            uri = text_of(resolver, source) or ""
            if not uri.startswith("s3://"):
                if not _mentions_s3(source):
                    continue
                uri = ""  # s3:// with a part that can't be followed
            found.append(S3Access("read", name, uri, module.path, call.lineno))
            continue
        method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        if method == "open":
            resolver = resolver or PathResolver(module)
            opened = _s3fs_open(resolver, module, call) if _is_s3fs(resolver, call.func) else None
            found += [opened] if opened else []
            continue
        if method in S3_WRITERS:
            resolver = resolver or PathResolver(module)
            written = _written(resolver, module, call, method)
            found += [written] if written else []
            continue
        if boto3 and method == OBJECT_GET:
            resolver = resolver or PathResolver(module)
            got = _object_get(resolver, module, call)
            found += [got] if got else []
            continue
        if not boto3 or method not in CLIENT_METHODS:
            continue
        resolver = resolver or PathResolver(module)
        assert isinstance(call.func, ast.Attribute)
        bucket = _bucket_resource(resolver, call.func.value)
        if bucket is not None and method in BUCKET_METHODS:
            found.append(_bucket_call(resolver, module, call, method, bucket))
        elif bucket is None:
            found.append(_client_call(resolver, module, call, method))
    return found


def _written(
    resolver: PathResolver, module: ParsedModule, call: ast.Call, method: str
) -> S3Access | None:
    """`df.to_csv("s3://...")`: a write, its uri "" when a part can't be followed."""
    target = argument(call, 0, S3_WRITERS[method])
    if target is None:
        return None
    uri = text_of(resolver, target) or ""
    if not uri.startswith("s3://"):
        if not _mentions_s3(target):
            return None
        uri = ""
    return S3Access("write", module.segment(call.func), uri, module.path, call.lineno)


def _object_get(resolver: PathResolver, module: ParsedModule, call: ast.Call) -> S3Access | None:
    """`X.Object(b, k).get()`, directly or through a name bound once to the object."""
    assert isinstance(call.func, ast.Attribute)
    receiver = _bound_once(resolver, call.func.value)
    if not (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute)
            and receiver.func.attr == "Object"):
        return None
    bucket = text_of(resolver, argument(receiver, 0, "bucket_name"))
    key = text_of(resolver, argument(receiver, 1, "key"))
    uri = f"s3://{bucket}/{key.lstrip('/')}" if bucket and key else ""
    key_line, key_literal = _key_literal(resolver, argument(receiver, 1, "key"))
    return S3Access("get_object", module.segment(call.func), uri, module.path, call.lineno,
                    key_line=key_line, key_literal=key_literal)


def _bound_once(resolver: PathResolver, node: ast.expr) -> ast.expr | None:
    """What a name stands for when it is bound once (followed through a few names);
    None when one of them is bound more than once."""
    for _ in range(MAX_DEPTH):
        if not isinstance(node, ast.Name):
            break
        values = resolver.assigned.get(node.id, [])
        if len(values) != 1:
            return None
        node = values[0]
    return node


def _is_s3fs(resolver: PathResolver, func: ast.expr) -> bool:
    """`s3fs.S3FileSystem(...).open`, or `fs.open` with `fs` bound once to one."""
    receiver = _bound_once(resolver, func.value) if isinstance(func, ast.Attribute) else None
    return isinstance(receiver, ast.Call) and resolver.module.qualified(receiver.func) == S3FS


def _s3fs_open(resolver: PathResolver, module: ParsedModule, call: ast.Call) -> S3Access | None:
    """`fs.open(uri, mode)`: a read, or a write when the mode writes; "" for an unfollowed uri."""
    target = argument(call, 0, "path")
    if target is None:
        return None
    mode = argument(call, 1, "mode")
    written = isinstance(mode, ast.Constant) and isinstance(mode.value, str)
    writes = written and any(flag in mode.value for flag in "wax")  # type: ignore[union-attr]
    uri = text_of(resolver, target) or ""
    if uri and not uri.startswith("s3://"):
        uri = f"s3://{uri}"  # s3fs takes "bucket/key" as well
    if mode is not None and not written:
        return None  # a mode only known at run time: neither a read nor a write for sure
    key_line, key_literal = _key_literal(resolver, target)  # `BUCKET + "/m.joblib"`: not local
    return S3Access("write" if writes else "read", module.segment(call.func), uri, module.path,
                    call.lineno, key_line=key_line, key_literal=key_literal)


def _bucket_resource(resolver: PathResolver, receiver: ast.expr) -> ast.expr | None:
    """The bucket argument of `X.Bucket(b)`, the receiver itself or a name bound once to it."""
    for _ in range(MAX_DEPTH):
        if not isinstance(receiver, ast.Name):
            break
        values = resolver.assigned.get(receiver.id, [])
        if len(values) != 1:
            return None
        receiver = values[0]
    if (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute)
            and receiver.func.attr == "Bucket"):
        return argument(receiver, 0, "name")
    return None


def _bucket_call(
    resolver: PathResolver, module: ParsedModule, call: ast.Call, method: str, bucket: ast.expr
) -> S3Access:
    kind, key_at, local_at = BUCKET_METHODS[method]
    name = text_of(resolver, bucket)
    key = text_of(resolver, argument(call, *key_at))
    uri = f"s3://{name}/{key.lstrip('/')}" if name and key else ""
    local_line = _line_of(resolver, argument(call, *local_at) if local_at else None)
    key_line, key_literal = _key_literal(resolver, argument(call, *key_at))
    return S3Access(kind, module.segment(call.func), uri, module.path, call.lineno, local_line,
                    on_bucket=True, key_line=key_line, key_literal=key_literal)


def _client_call(
    resolver: PathResolver, module: ParsedModule, call: ast.Call, method: str
) -> S3Access:
    kind, bucket_at, key_at, local_at = CLIENT_METHODS[method]
    bucket = text_of(resolver, argument(call, *bucket_at))
    key = text_of(resolver, argument(call, *key_at))
    uri = f"s3://{bucket}/{key.lstrip('/')}" if bucket and key else ""
    written = module.segment(call.func)
    local_line = _line_of(resolver, argument(call, *local_at) if local_at else None)
    key_line, key_literal = _key_literal(resolver, argument(call, *key_at))
    return S3Access(kind, written, uri, module.path, call.lineno, local_line,
                    key_line=key_line, key_literal=key_literal)


def _key_literal(resolver: PathResolver, node: ast.expr | None) -> tuple[int, str]:
    literal = resolver.literal(node) if node is not None else None
    if literal is None or not isinstance(literal.value, str):
        return 0, ""
    return literal.lineno, literal.value


def _line_of(resolver: PathResolver, node: ast.expr | None) -> int:
    """The line of the literal `node` starts from; 0 when there is none."""
    literal = resolver.literal(node) if node is not None else None
    return literal.lineno if literal is not None else 0


def text_of(resolver: PathResolver, node: ast.expr | None, depth: int = 0) -> str | None:
    """The whole text `node` evaluates to, when every part of it can be followed."""
    if node is None or depth > MAX_DEPTH:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            inner = value.value if isinstance(value, ast.FormattedValue) else value
            if isinstance(value, ast.FormattedValue) and value.format_spec is not None:
                return None
            part = text_of(resolver, inner, depth + 1)
            if part is None:
                return None
            parts.append(part)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = text_of(resolver, node.left, depth + 1)
        right = text_of(resolver, node.right, depth + 1)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _percent(resolver, node, depth)
    if isinstance(node, ast.Call):
        return _call_text(resolver, node, depth)
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        step = resolver._step(node)
        return text_of(resolver, step, depth + 1) if step is not node else None
    return None


def _percent(resolver: PathResolver, node: ast.BinOp, depth: int) -> str | None:
    template = text_of(resolver, node.left, depth + 1)
    items = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
    values = [text_of(resolver, item, depth + 1) for item in items]
    if template is None or None in values or template.count("%s") != len(values):
        return None
    return template.replace("%s", "{}").format(*values)


def _call_text(resolver: PathResolver, call: ast.Call, depth: int) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "format" and not call.keywords:
        template = text_of(resolver, func.value, depth + 1)
        values = [text_of(resolver, arg, depth + 1) for arg in call.args]
        if template is None or None in values:
            return None
        try:
            return template.format(*values)
        except (IndexError, KeyError, ValueError):
            return None
    if resolver.module.qualified(func) in JOIN_CALLS and call.args and not call.keywords:
        parts = [text_of(resolver, arg, depth + 1) for arg in call.args]
        if None in parts:
            return None
        joined = ""
        for part in parts:
            assert part is not None
            joined = part if part.startswith("/") or not joined else joined.rstrip("/") + "/" + part
        return joined
    if resolver.module.qualified(func) in BASENAME_CALLS and len(call.args) == 1:
        whole = text_of(resolver, call.args[0], depth + 1)
        return whole.rstrip("/").rsplit("/", 1)[-1] if whole is not None else None
    if resolver.module.qualified(func) == "str" and len(call.args) == 1:
        return text_of(resolver, call.args[0], depth + 1)
    return None


def _mentions_s3(node: ast.expr) -> bool:
    return any(
        isinstance(inner, ast.Constant) and isinstance(inner.value, str)
        and inner.value.startswith("s3://")
        for inner in ast.walk(node)
    )


def _imports_boto3(module: ParsedModule) -> bool:
    for node in module.nodes:  # the module's node index: no walk of its own
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "boto3" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "boto3":
            return True
    return False


def not_local_paths(
    accesses: tuple[S3Access, ...] | list[S3Access], paths: tuple[HardCodedPath, ...]
) -> tuple[HardCodedPath, ...]:
    """`paths` without the literals that are no local path of the script's data or model: the
    local copy a download writes (scratch), the start of an object key (`"models/m.pkl"`) and
    s3:// URIs."""
    scratch = {(a.file, a.local_line) for a in accesses if a.kind == "download" and a.local_line}
    keys = {(a.file, a.key_line, a.key_literal) for a in accesses if a.key_line}
    return tuple(
        p for p in paths
        if (p.file, p.line) not in scratch and (p.file, p.line, p.value) not in keys
        and not p.value.startswith("s3://")
    )

