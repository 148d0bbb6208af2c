"""What a model's licenses allow, operation by operation, each answer computed from the terms' fields and cited."""
