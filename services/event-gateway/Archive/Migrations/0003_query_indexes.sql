-- The indexes behind IEventArchive's queries. Each ends with (timestamp, id), the keyset order of a page, so a filtered
-- page is one index range scan in order with no sort, however many rows match before the cursor. Partial indexes on the
-- optional ids leave the many events without one out of the index.
CREATE INDEX archived_events_by_time ON archived_events ("timestamp", id);
CREATE INDEX archived_events_by_type ON archived_events (type, "timestamp", id);
CREATE INDEX archived_events_by_stream ON archived_events (stream, "timestamp", id);
CREATE INDEX archived_events_by_correlation ON archived_events (correlation_id, "timestamp", id) WHERE correlation_id IS NOT NULL;
CREATE INDEX archived_events_by_user ON archived_events (user_id, "timestamp", id) WHERE user_id IS NOT NULL;

-- Dead letters and parked entries are listed by kind (and stream) in time order; found by event id.
CREATE UNIQUE INDEX archived_entries_by_seq ON archived_entries (seq);
CREATE INDEX archived_entries_by_kind ON archived_entries (kind, at, seq);
CREATE INDEX archived_entries_by_kind_stream ON archived_entries (kind, stream, at, seq);
CREATE INDEX archived_entries_by_id ON archived_entries (id) WHERE id IS NOT NULL;
CREATE INDEX archived_entries_by_correlation ON archived_entries (correlation_id) WHERE correlation_id IS NOT NULL;
