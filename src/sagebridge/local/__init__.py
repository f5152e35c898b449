"""Running the generated pipeline and serving its models on this machine: no Docker, no AWS."""
