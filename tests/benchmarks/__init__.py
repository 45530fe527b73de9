"""Hand-run benchmarks (not collected by pytest: no test_*.py files here). See README.md."""
