"""/perangkat: the village apparatus (list, add, correct, import)."""
