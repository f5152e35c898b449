"""Deploy and operate a generated project on AWS with boto3 (issue 6).

One module per command, each a function over `(Project, Clients, Console)` returning a typed
result that `render.py` shows to a person (and `serialize.to_json` to a machine):

    deploy.py      deploy OUT                 CloudFormation stack from infrastructure/
    upload.py      upload-data OUT CH=PATH    s3://<bucket>/data/<channel>/, skip unchanged
    execute.py     execute OUT [-p N=V]       upsert pipeline (definition.py), start, --wait
    status.py      status OUT                 executions + registry versions (registry.py)
    approval.py    approve/reject OUT         model package approval
    endpoint.py    endpoint OUT deploy|update|delete
    cost.py        cost OUT                   dated price table prices.json
    cleanup.py     cleanup OUT [--yes]        inventory, then delete in dependency order

Shared: `session.py` (clients with standard retries, --dry-run recorder, bounded polling),
`project.py` (OUT/metadata.json names, stack output keys), `stack.py`, `role.py`,
`environments.py` (`--environment`: staging's and prod's names and stack template).
"""
