-- PostgreSQL twin of ../0015_question_choices.sql (tests/unit/test_postgres.py checks they make the
-- same tables and columns).
-- A villager's "did you mean" choice: the row of the answer a choice button sent points at the
-- ambiguous question it was chosen for. When the villager then rates that answer 👍, the
-- question is labelled by the villager's own choice: `desabot faq labels` exports it beside the
-- officers' labels (content/faq/asked/chosen.toml) for review. /hapusdata empties the question's
-- text, and the pair then says nothing about anyone.
ALTER TABLE questions ADD COLUMN chosen_from BIGINT;
