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
