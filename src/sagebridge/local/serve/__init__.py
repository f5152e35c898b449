"""A local endpoint with SageMaker's HTTP contract, serving one registered model.tar.gz.

As a real endpoint does, it extracts the archive into a fresh folder, imports
`code/inference.py` from there (not from OUT/code), runs `model_fn` once, then answers

    GET  /ping         200 once the model is loaded
    POST /invocations  input_fn -> predict_fn -> output_fn (or transform_fn)

- `archive.py`  extracting model.tar.gz safely
- `handlers.py` the served model: its inference.py handlers or SageMaker's defaults
- `payloads.py` the default JSON/CSV/NPY codecs and `invoke`'s sample files
- `server.py`   the HTTP contract, limits, concurrency and shutdown
- `client.py`   talking to an endpoint (`invoke`, `ping`)
- `commands.py` what `sagebridge serve` and `sagebridge invoke` do, as records and messages
"""
