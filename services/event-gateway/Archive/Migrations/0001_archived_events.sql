-- The events read from the six domain streams: one row per envelope id, so a redelivery, a re-drive or a replay of an
-- event already here is a no-op (the archiver inserts with ON CONFLICT (id) DO NOTHING). Ids are ULIDs compared byte by
-- byte (COLLATE "C"), whatever the database's locale, so their order is their time order and keyset paging is exact.
CREATE TABLE archived_events (
    id             text COLLATE "C" PRIMARY KEY,
    type           text NOT NULL,
    version        integer NOT NULL,
    "timestamp"    timestamptz NOT NULL,
    correlation_id text COLLATE "C",
    causation_id   text COLLATE "C",
    user_id        text COLLATE "C",
    stream         text NOT NULL,
    entry_id       text NOT NULL,
    data           jsonb NOT NULL,
    metadata       jsonb,
    traceparent    text,
    tracestate     text,
    archived_at    timestamptz NOT NULL
);

COMMENT ON TABLE archived_events IS 'Events archived by event-gateway''s archiver (group archiver), one row per envelope id.';
COMMENT ON COLUMN archived_events.entry_id IS 'The entry id in the stream when the event was first archived.';
