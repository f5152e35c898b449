"""Running a pipeline definition on this machine: the runner, its graph, resolver, sandboxes,
cache, object store and step executors."""
