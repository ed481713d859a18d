"""Side-by-side benchmarks of oscmd against the aws CLI and raw boto3; ``python bench/run.py`` runs them."""
