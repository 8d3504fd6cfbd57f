"""The one generic spider: every source is driven by its ``Source`` spec, none has its own class."""
