-- An officer who answers a handed-over question with an FAQ entry ("📚 Jawab dengan FAQ")
-- labels the question with that entry: `desabot faq labels` exports the labelled questions
-- (masked text) into content/faq/asked/ for review, and the search learns from them once
-- committed. /hapusdata empties the text; the label alone then says nothing about anyone.
ALTER TABLE questions ADD COLUMN label_entry_id TEXT;
