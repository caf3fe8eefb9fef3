"""What every audience's handlers share (Telegram glue only; rules live in ``bot/services``).

context (BotContext, guards), session (the user and replies), prefixes (callback data),
keyboards (menu, pager, pressed button), dialogs (free text and files to the running dialogue),
region_picker, calculator (the contribution screens of /iuran and of a free-text question),
subscription_offer (the one-time "news from your village?"), fallback and errors.
No module here imports an audience's handler module (tests/unit/test_layers.py).
"""
