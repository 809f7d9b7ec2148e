-- `/partner shop` finds a shop by id, domain or part of its name, then reads all of its events and
-- transactions. Without these indexes every lookup would scan a million events.
CREATE INDEX app_events_by_shop ON app_events (connection_id, shop_id, occurred_at);
CREATE INDEX app_events_by_domain ON app_events (connection_id, lower(shop_domain)) WHERE shop_domain IS NOT NULL;
-- "Part of the name" is a contains search that no btree can answer. Every shop's relationship events
-- (install, uninstall, closure, reopening) carry its name and domain, so the search reads this small
-- index, without touching the table, instead of every charge and usage event.
CREATE INDEX app_events_shop_names ON app_events (connection_id, shop_name, shop_domain) INCLUDE (shop_id, app_id)
  WHERE type IN ('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED', 'RELATIONSHIP_DEACTIVATED', 'RELATIONSHIP_REACTIVATED');
CREATE INDEX transactions_by_shop ON transactions (connection_id, shop_id) WHERE shop_id IS NOT NULL;

-- A contains search (`/partner shop Coasta`) cannot use a btree: at 1M events the index above still
-- reads every relationship event (p95 546 ms). A trigram index answers it from the few matching rows.
-- pg_trgm ships with PostgreSQL (and the embedded server) and is a trusted extension since 13, so a
-- database owner may create it; where it cannot be created, the search still works, only slower.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): /partner shop name search reads the btree index instead', SQLERRM;
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX app_events_shop_names_trgm ON app_events USING gin (shop_name gin_trgm_ops, shop_domain gin_trgm_ops)
      WHERE type IN ('RELATIONSHIP_INSTALLED', 'RELATIONSHIP_UNINSTALLED', 'RELATIONSHIP_DEACTIVATED', 'RELATIONSHIP_REACTIVATED');
  END IF;
END $$;
