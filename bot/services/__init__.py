"""What the bot does: one module per capability, each action one transaction."""
