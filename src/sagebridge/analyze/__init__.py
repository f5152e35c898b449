"""`analyze`: read a project (never run it) and report what a SageMaker migration must handle.

The flow, one hop per module: files.py lists and reads the tree -> source.py parses each Python
file -> entry.py picks the training script -> one visitor module per fact family ->
dependencies.py joins declarations with imports -> scoring.py derives risk, complexity and
strategy with reasons. Bad input raises a one-line `UserError`. Beside the analysis,
`read_data_samples` gives the plan the header and first rows of the project's CSV files.

`source.lines_of_code` counts the non-blank, non-comment lines of the Python files (docstrings
are code); facts from several files come entry point first, then by path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from sagebridge.analyze import dependencies, scoring
from sagebridge.analyze.absl_flags import find_absl_flags
from sagebridge.analyze.config_modules import find_config_module_constants
from sagebridge.analyze.configs import find_config_hyperparameters, referenced_configs
from sagebridge.analyze.constants import configurator_config_file
from sagebridge.analyze.cuda_requirement import find_cuda_uses
from sagebridge.analyze.data_files import is_data_file, sample_csv
from sagebridge.analyze.data_loads import find_data_loads
from sagebridge.analyze.documented import documented_arguments, with_documented_values
from sagebridge.analyze.downloads import find_downloads
from sagebridge.analyze.entry import choose_entry_point, companion_scripts
from sagebridge.analyze.environment_settings import find_environment_in
from sagebridge.analyze.files import ProjectFiles, is_settings_file, scan_project, shown
from sagebridge.analyze.fire_commands import find_fire_settings
from sagebridge.analyze.frameworks import (
    find_frameworks,
    imported_modules,
    uses_distributed_training,
)
from sagebridge.analyze.hf_command_line import unpassed_documented_flags
from sagebridge.analyze.hf_dataclasses import find_hf_dataclass_settings
from sagebridge.analyze.hydra_configs import find_hydra_settings, hydra_config_files
from sagebridge.analyze.hyperparameters import (
    find_argparse,
    find_click_options,
    find_constants,
    find_exec_configurators,
    find_positional_argv,
)
from sagebridge.analyze.index import AnalysedProject, SourceIndex
from sagebridge.analyze.loops import find_training_loops
from sagebridge.analyze.metrics import find_metrics
from sagebridge.analyze.models import find_model_classes
from sagebridge.analyze.notebook_magics import find_notebook_magics
from sagebridge.analyze.paths import find_paths
from sagebridge.analyze.positional import argv_hyperparameters, find_positional_arguments
from sagebridge.analyze.pretrained_weights import find_weight_downloads
from sagebridge.analyze.s3_access import find_s3_accesses, not_local_paths
from sagebridge.analyze.saves import find_saves
from sagebridge.analyze.secrets import find_config_secrets, find_secrets
from sagebridge.analyze.settings_files import (
    ConfigFile,
    SettingsCopy,
    read_config_file,
    redacted_copy,
)
from sagebridge.analyze.source import ParsedModule, count_code_lines
from sagebridge.analyze.training import find_training_facts
from sagebridge.errors import UserError
from sagebridge.model import (
    Analysis,
    DataSample,
    Framework,
    HardCodedPath,
    Hyperparameter,
    Metric,
    Secret,
    SourceStats,
)

__all__ = [
    "AnalysedProject",
    "SettingsCopy",
    "analyze_project",
    "analyze_with_index",
    "read_data_samples",
    "read_settings_files",
    "read_sources",
]

T = TypeVar("T")
# Settings of a larger file (a data export named *.json, say) are not parsed; it is still
# scanned for secrets and shipped.
MAX_PARSED_CHARS = 1_000_000


def read_sources(src: Path) -> dict[str, str]:
    """POSIX relative path -> text of every Python file in the project (checked like analyze)."""
    return dict(scan_project(src).python)


def read_settings_files(src: Path) -> dict[str, SettingsCopy]:
    """POSIX relative path -> what to ship of each settings file (YAML, TOML, JSON, INI) the
    project has, in its own encoding, secrets replaced by `${ENV}`: the migrated script may read
    them at run time, so they travel with it into code/. A file that can't be read or is too
    large is left out (the analysis warns about it)."""
    project = scan_project(src)
    read = (read_config_file(project.root, f) for f in project.config if is_settings_file(f))
    return {f.path: redacted_copy(f) for f in read if isinstance(f, ConfigFile)}


def read_data_samples(src: Path) -> dict[str, DataSample]:
    """POSIX relative path -> header and first rows of every CSV file in the project."""
    project = scan_project(src)
    samples = (sample_csv(project.root, f) for f in project.files if is_data_file(f))
    return {sample.file: sample for sample in samples if sample is not None}


def analyze_project(src: Path, entry_point: str | None = None) -> Analysis:
    return analyze_with_index(src, entry_point).analysis


def analyze_with_index(src: Path, entry_point: str | None = None) -> AnalysedProject:
    """The facts, with the parsed modules they were found in (what the plan reads instead of
    the source text)."""
    project = scan_project(src)
    modules = _parse_all(src, project)
    entry = choose_entry_point(shown(src), modules, entry_point)
    companions = companion_scripts(entry, modules)
    ordered = [modules[entry]] + [
        modules[p] for p in sorted(modules) if p != entry and p not in companions
    ]
    try:
        analysis = _analyse(src, project, ordered, entry, [modules[p] for p in companions])
        analysis = replace(analysis, companion_scripts=companions)
    except RecursionError:
        raise UserError(
            f"{shown(src)}: code nested too deeply to analyse; split the deepest expression"
        ) from None
    index = SourceIndex.of(modules.values())
    analysis = replace(analysis, training=find_training_facts(analysis, index))
    analysis = replace(analysis, data_loads=find_data_loads(analysis, index))
    return AnalysedProject(analysis, index)


def _parse_all(src: Path, project: ProjectFiles) -> dict[str, ParsedModule]:
    modules: dict[str, ParsedModule] = {}
    for path, text in sorted(project.python.items()):
        try:
            modules[path] = ParsedModule.parse(path, text)
        except SyntaxError as error:
            detail = (error.msg or "invalid syntax").splitlines()[0]
            raise UserError(
                f"{shown(src / path)}:{error.lineno or 1}: syntax error ({detail}); "
                "fix it so the script runs under Python 3"
            ) from None
        except (RecursionError, MemoryError):
            raise UserError(
                f"{shown(src / path)}: nested too deeply to parse; simplify its deepest expression"
            ) from None
        except ValueError as error:  # e.g. a character the parser rejects outright
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise UserError(
                f"{shown(src / path)}: cannot be parsed ({reason}); fix the file"
            ) from None
    return modules


def _analyse(
    src: Path,
    project: ProjectFiles,
    modules: Sequence[ParsedModule],
    entry: str,
    companions: Sequence[ParsedModule] = (),
) -> Analysis:
    """Facts about the entry point and the modules it uses; companion scripts only count for
    the dependencies and secrets of what is shipped."""
    frameworks_by_file = {m.path: find_frameworks(m) for m in modules}
    frameworks = tuple(
        f for f in Framework if any(f in found for found in frameworks_by_file.values())
    )
    # Settings are the entry point's only (an imported module's parser is not the script's).
    config_files = [read_config_file(project.root, path) for path in project.config]
    config_texts = {f.path: f.text for f in config_files if isinstance(f, ConfigFile)}
    argparse = [
        find_argparse(modules[0]),
        find_hydra_settings(modules[0], config_texts),
        find_click_options(modules[0]),
        find_absl_flags(modules[0]),
        find_fire_settings(modules[0]),
        find_hf_dataclass_settings(modules[0]),
        find_environment_in(modules),  # read wherever they are, put in place by the entry point
    ]
    from_configs = [
        find_config_hyperparameters(path, config_texts[path])
        for path in referenced_configs(modules, sorted(config_texts))
        if len(config_texts[path]) <= MAX_PARSED_CHARS
        and path not in {file for _, file in hydra_config_files(modules[0])}  # Hydra's
    ]
    hyperparameters = (
        tuple(h for a in argparse for h in a.hyperparameters)
        + tuple(find_constants(modules[0]))
        + find_config_module_constants(modules)
        + tuple(configurator_config_file(modules[0]))
        + tuple(h for found, _ in from_configs for h in found)
    )
    hyperparameters = with_documented_values(hyperparameters, documented_arguments(project, entry))
    downloads = _each(modules, find_downloads)
    declared = dependencies.declared_requirements(config_texts)
    imported = dependencies.third_party_imports(
        {
            m.path: {name.split(".")[0] for name in imported_modules(m)}
            for m in (*modules, *companions)
        },
        _local_module_names(project),
    )
    # Notebooks are scanned as text too: a key pasted into a cell leaks just the same.
    scanned_texts = dict(config_texts)
    scanned_texts.update(
        (path, text) for path in project.notebooks if (text := project.read_text(path)) is not None
    )
    secrets = _each((*modules, *companions), find_secrets) + tuple(
        secret
        for path, text in sorted(scanned_texts.items())
        for secret in find_config_secrets(path, text)
    )
    source = SourceStats(
        total_files=len(project.files),
        python_files=len(project.python),
        notebook_files=len(project.notebooks),
        config_files=len(project.config),
        lines_of_code=sum(count_code_lines(text) for text in project.python.values()),
        files=project.files,
    )
    facts = scoring.Facts(
        source=source,
        frameworks=frameworks,
        hyperparameters=hyperparameters,
        dataset_downloads=downloads,
        model_saves=tuple(
            save for m in modules for save in find_saves(m, frameworks_by_file[m.path])
        ),
        dependencies=tuple(dependencies.build_dependencies(declared, imported, downloads)),
        secrets=_unique_secrets(secrets),
        model_classes=tuple(find_model_classes(modules)),
        distributed=any(uses_distributed_training(m) for m in modules),
    )
    s3_accesses = tuple(a for m in modules for a in find_s3_accesses(m))
    paths = not_local_paths(
        s3_accesses, tuple(p for m in modules for p in find_paths(m, facts.model_saves))
    )
    positional = find_positional_arguments(modules[0], facts.model_saves)
    facts = replace(
        facts,
        hyperparameters=_not_paths(facts.hyperparameters, paths) + argv_hyperparameters(positional),
    )
    risk = scoring.assess_risk(facts)
    complexity, complexity_reasons = scoring.assess_complexity(facts)
    strategy, strategy_reasons = scoring.choose_strategy(facts, risk, complexity)
    return Analysis(
        root_name=project.root.name,
        source=source,
        entry_point=entry,
        frameworks=frameworks,
        hyperparameters=facts.hyperparameters,
        hard_coded_paths=paths,
        dataset_downloads=downloads,
        model_saves=facts.model_saves,
        dependencies=facts.dependencies,
        secrets=facts.secrets,
        model_classes=facts.model_classes,
        metrics=_first_of_each_name(_each(modules, find_metrics)),
        training_loops=_each(modules, find_training_loops),
        argument_parsers=tuple(p for a in argparse for p in a.parsers),
        s3_accesses=s3_accesses,
        cuda_uses=_each(modules, find_cuda_uses),
        weight_downloads=_each(modules, find_weight_downloads),
        readme_flags_not_passed=unpassed_documented_flags(
            project, modules[0], facts.hyperparameters
        ),
        risk=risk,
        complexity=complexity,
        complexity_reasons=complexity_reasons,
        strategy=strategy,
        strategy_reasons=strategy_reasons,
        exec_configurators=find_exec_configurators(modules[0]),
        notebook_magics=_each(modules, find_notebook_magics),
        positional_arguments=positional,
        warnings=project.warnings
        + tuple(f for f in config_files if isinstance(f, str))
        + tuple(w for a in argparse for w in a.warnings)
        + _each(modules[1:] if positional else modules, find_positional_argv)
        + tuple(w for _, notes in from_configs for w in notes),
    )


def _not_paths(
    hyperparameters: tuple[Hyperparameter, ...], paths: tuple[HardCodedPath, ...]
) -> tuple[Hyperparameter, ...]:
    """An option whose default is a path the script saves to or writes is a path, not a
    setting (`--model-dir models`): the plan moves it to its SageMaker folder instead."""
    at = {(p.file, p.line, p.value) for p in paths}
    return tuple(h for h in hyperparameters if (h.file, h.line, h.default) not in at)


def _each(
    modules: Sequence[ParsedModule], visitor: Callable[[ParsedModule], Sequence[T]]
) -> tuple[T, ...]:
    """Run a per-file visitor over every module (entry point first) and join the results."""
    return tuple(fact for module in modules for fact in visitor(module))


def _first_of_each_name(metrics: tuple[Metric, ...]) -> tuple[Metric, ...]:
    """One report per metric name: the entry point's first, then the other files' in order."""
    first: dict[str, Metric] = {}
    for metric in metrics:
        first.setdefault(metric.name, metric)
    return tuple(first.values())


def _unique_secrets(secrets: tuple[Secret, ...]) -> tuple[Secret, ...]:
    return tuple(dict.fromkeys(secrets))


def _local_module_names(project: ProjectFiles) -> set[str]:
    """Names the project's own files can be imported as: file stems and folder names."""
    names: set[str] = set()
    for path in (*project.python, *project.generated):  # `import sagebridge_runtime` is local
        parts = path.split("/")
        names.update(parts[:-1])
        names.add(parts[-1].removesuffix(".py"))
    return names
