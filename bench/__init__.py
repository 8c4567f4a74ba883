"""`make bench`: the speed figures of PRODUCT.md section 8, measured, with a raw-SQL floor.

`python -m bench` runs `bench.measure` once per backend and org size, each in its own process on
its own fresh database, and writes docs/benchmarks.md and docs/benchmarks.json.
"""
