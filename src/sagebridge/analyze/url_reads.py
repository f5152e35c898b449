"""Files a reader (`pd.read_csv`, `np.loadtxt`...) takes straight from a URL.

    csv_url = "https://host/d/wine.csv"            -> url= that URL, url_line= the literal's line
    pd.read_csv(csv_url, sep=";")

    root_url = "https://host/data/"                -> url= https://host/data/FordA_TRAIN.tsv,
    def readucr(filename):                            url_line= root_url's line,
        return np.loadtxt(filename)                   url_prefix= "https://host/data/",
    readucr(root_url + "FordA_TRAIN.tsv")             line= the call of readucr

A reader's argument that is a parameter of the function around it is followed to each call of
that function; `base + "name"` (both literals, the base followed through names) gives the URL,
and the base's literal is the one the channels transform rewrites (plan/url_data.py). A URL the
reader gets that can't be followed this way is recorded with url="" (`unresolved_url_reads`):
the training job would download it at run time, which migrate reports.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, argument
from sagebridge.model import DatasetDownload

# Readers that accept a URL where a path goes: (call, argument name of the path).
URL_READERS = {
    "pandas.read_csv": "filepath_or_buffer",
    "pandas.read_table": "filepath_or_buffer",
    "pandas.read_json": "path_or_buf",
    "pandas.read_parquet": "path",
    "pandas.read_excel": "io",
    "numpy.loadtxt": "fname",
    "numpy.genfromtxt": "fname",
}
URL_SCHEMES = ("http://", "https://", "ftp://")


def url_reads(
    resolver: PathResolver, module: ParsedModule, call: ast.Call, name: str
) -> list[DatasetDownload]:
    """The URL reads of one reader call: itself, or each call of the helper it sits in when
    its argument is that helper's parameter."""
    source = argument(call, 0, URL_READERS[name])
    if source is None:
        return []
    sites = _helper_sites(module, call, source)
    if sites is None:
        read = _read(resolver, module, name, source, call.lineno)
        return [read] if read is not None else []
    found = []
    for site, argument_node in sites:
        read = _read(resolver, module, name, argument_node, site.lineno)
        if read is not None:
            found.append(read)
    return found


def _read(
    resolver: PathResolver, module: ParsedModule, name: str, node: ast.expr, line: int
) -> DatasetDownload | None:
    resolved = _url_of(resolver, node)
    if resolved is None:
        if not _mentions_url(resolver, node):
            return None
        return DatasetDownload(name, module.segment(node), module.path, line)  # url="": unfollowed
    url, literal, prefix = resolved
    file_name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if not file_name:
        return None
    return DatasetDownload(
        name, file_name, module.path, line, url, literal.lineno, url_prefix=prefix
    )


def _url_of(resolver: PathResolver, node: ast.expr) -> tuple[str, ast.Constant, str] | None:
    """(URL, the literal to rewrite, its value when it is only the URL's first part)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        right = node.right
        if not (isinstance(right, ast.Constant) and isinstance(right.value, str)):
            return None
        base = _url_of(resolver, node.left)
        if base is None or base[2] or "?" in base[0]:
            return None
        return base[0] + right.value, base[1], base[0]
    literal = resolver.literal(node)
    if literal is None or not isinstance(literal.value, str):
        return None
    if not literal.value.startswith(URL_SCHEMES):
        return None
    if literal is not node and not whole(resolver, node):
        return None
    return literal.value, literal, ""


def _mentions_url(resolver: PathResolver, node: ast.expr) -> bool:
    """A URL literal is part of the expression (or of a name it uses, assigned once)."""
    seen: set[str] = set()
    pending: list[ast.AST] = [node]
    while pending:
        current = pending.pop()
        for inner in ast.walk(current):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                if inner.value.startswith(URL_SCHEMES):
                    return True
            elif isinstance(inner, ast.Name) and inner.id not in seen:
                seen.add(inner.id)
                pending.extend(resolver.assigned.get(inner.id, [])[:1])
    return False


def _helper_sites(
    module: ParsedModule, call: ast.Call, source: ast.expr
) -> list[tuple[ast.Call, ast.expr]] | None:
    """When `source` is a parameter of the module-level function holding `call` (and is not
    reassigned there): each call of that function by name, with the argument given for it.
    None when `source` is no such parameter."""
    if not isinstance(source, ast.Name):
        return None
    function = _enclosing_function(module.tree, call)
    if function is None:
        return None
    positional = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    named = positional + [a.arg for a in function.args.kwonlyargs]
    if source.id not in named or _rebound(function, source.id):
        return None
    position = positional.index(source.id) if source.id in positional else 10_000
    sites = []
    for site in module.calls():
        if isinstance(site.func, ast.Name) and site.func.id == function.name:
            given = argument(site, position, source.id)
            if given is not None:
                sites.append((site, given))
    return sites


def _enclosing_function(tree: ast.Module, call: ast.Call) -> ast.FunctionDef | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(inner is call for inner in ast.walk(node)):
            return node
    return None


def _rebound(function: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
        for node in ast.walk(function)
    )


def whole(resolver: PathResolver, node: ast.expr | None) -> bool:
    """The name reaches the literal only through plain assignments (`url = "https://..."`),
    not as the first part of a longer expression (`url + "?x=1"`)."""
    while isinstance(node, ast.Name):
        values = resolver.assigned.get(node.id, [])
        if len(values) != 1:
            return False
        node = values[0]
    return isinstance(node, ast.Constant)


def unresolved_url_reads(downloads: tuple[DatasetDownload, ...]) -> list[DatasetDownload]:
    """URL reads analysis could not follow to the URL (the job would fetch them)."""
    return [d for d in downloads if d.call in URL_READERS and not d.url]
