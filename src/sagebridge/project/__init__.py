"""The one reader of a generated project (OUT): validate, local and aws all read it through here.

    project = load_project(out)              # metadata.json -> GeneratedProject (names, layout)
    document = build_offline_definition(out)     # pipeline.py --definition, moto on loopback
    definition = parse_definition(document)  # read once: parameters, steps by type, dependencies
    metrics = evaluation_metrics(report)     # {"metrics": {name: {"value": v}}} -> {name: v}
    values = run_values(definition.parameters, {"epochs": "2"})  # typed, checked

layout.py: where things are in OUT and `load_project`; definition.py: the offline pipeline
definition builder and its environment; pipeline_definition.py: the definition's records (its
steps by type); jobs.py: the job requests inside a step's arguments (processing, training,
tuning, model package); conditions.py: a Condition step's conditions; expressions.py: `Get`,
`Std:Join`, `Std:JsonGet`; parameters.py: the definition's parameters and the values a run gives
them; evaluation.py: the evaluation report; approval.py: SageMaker's model approval statuses.
"""

from __future__ import annotations

from sagebridge.project.approval import ApprovalStatus
from sagebridge.project.layout import GeneratedProject, load_project

__all__ = ["ApprovalStatus", "GeneratedProject", "load_project"]
