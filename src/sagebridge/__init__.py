"""SageBridge: move EC2/laptop ML training code onto Amazon SageMaker, and prove it works first.

The whole flow, one stage per package, data flowing one way as frozen records (`model/`):

    analyze/    SRC folder      -> Analysis        read-only facts about the user's project
    plan/       Analysis        -> MigrationPlan   every decision, made once (names, channels...)
    transform/  MigrationPlan   -> migrated code   LibCST codemods over the user's own script
    render/     MigrationPlan   -> OUT/ tree       Jinja templates, written atomically
    validate/   OUT/            -> findings        real linters and the generated tests
    local/      OUT/            -> a local run     the pipeline, step by step, no Docker, no AWS

`contract.py` holds the SageMaker container contract as data; `cli.py` is a thin shell over it.
"""

__version__ = "0.1.0"
