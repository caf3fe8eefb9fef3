"""What every handler shares: session, dialogues, errors, pickers."""
