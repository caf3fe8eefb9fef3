"""Infrastructure: database, i18n, Telegram HTML, callback data, crypto, config."""
