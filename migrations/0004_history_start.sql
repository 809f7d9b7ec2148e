-- When a stream's oldest record happened, as the Partner API reported it at connect time. The API
-- gives no totals, so the import-progress percentage is the share of time between this instant and
-- backfill_upper that the history import has covered. NULL: not known (yet, or the stream is empty).
ALTER TABLE sync_progress ADD COLUMN history_start timestamptz;
