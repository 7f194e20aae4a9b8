"""Passes and pipelines: dsc -> linalg, fusion, the CPU pipeline."""
