"""One router per resource; ``newswatch.api.app`` mounts them all."""
