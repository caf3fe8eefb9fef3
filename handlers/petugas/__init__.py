"""Officers' and admins' commands, one module per command."""
