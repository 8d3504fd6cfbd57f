"""The kernel: facts every layer shares; imports nothing else of the project."""
