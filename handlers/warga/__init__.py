"""Villagers' commands, one module per command."""
