"""Village officials' commands, one module per command."""
