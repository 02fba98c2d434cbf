-- A bulk recipient's own placeholders (send-bulk's `variables`, the portal's extra CSV columns): a JSON object of
-- strings, NULL when it has none. TEXT: up to 20 values of 1,000 characters each.
ALTER TABLE bulk_recipients ADD COLUMN variables TEXT NULL;
