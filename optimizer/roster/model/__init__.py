"""The CP-SAT model: variables, rules, the whole model and running the solver on it."""
