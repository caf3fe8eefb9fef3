"""The two bots the e2e bench compares, each run as its own process against a Bot API URL.

python bench/bots.py echo API_URL [--concurrent]
python bench/bots.py desabot API_URL DB_PATH [--rate-limiter]
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import ALLOWED_UPDATES, build_application, build_services
from bot.harness import SANDBOX_TOKEN
from bot.platform.config import load_settings

ECHO_KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("prog", callback_data="prog")],
        [InlineKeyboardButton("menu", callback_data="menu")],
    ]
)


async def _echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(message.text or "", reply_markup=ECHO_KEYBOARD)


async def _echo_press(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"pressed {query.data}", reply_markup=ECHO_KEYBOARD)


def run_echo(api_url: str, concurrent: bool) -> None:
    """The bare library: a MessageHandler and a CallbackQueryHandler, nothing else."""
    app = (
        ApplicationBuilder()
        .token(SANDBOX_TOKEN)
        .base_url(api_url)
        .concurrent_updates(64 if concurrent else False)
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, _echo))
    app.add_handler(CallbackQueryHandler(_echo_press))
    app.run_polling(poll_interval=0.0, timeout=2)


def run_desabot(api_url: str, db_path: Path, rate_limiter: bool) -> None:
    settings = replace(load_settings({}), token=SANDBOX_TOKEN, api_url=api_url, db_path=db_path)
    app = build_application(settings, build_services(settings), rate_limiter=rate_limiter)
    app.run_polling(poll_interval=0.0, timeout=2, allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=["echo", "desabot"])
    parser.add_argument("api_url")
    parser.add_argument("db_path", nargs="?", type=Path, default=Path("bench.sqlite3"))
    parser.add_argument("--concurrent", action="store_true")
    parser.add_argument("--rate-limiter", action="store_true")
    args = parser.parse_args()
    if args.which == "echo":
        run_echo(args.api_url, args.concurrent)
    else:
        run_desabot(args.api_url, args.db_path, args.rate_limiter)
