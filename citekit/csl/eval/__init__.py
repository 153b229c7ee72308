"""The evaluator: one module per concern (names, dates, numbers, conditions, sort, ...)."""
