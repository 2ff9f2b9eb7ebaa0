-- Every other entry the archiver reads: dead letters (kind dead_letter, from …:dlq), parked entries (kind parked, from
-- …:parked), and stream entries that are not valid envelopes (kind event, with fields and error set). They are keyed by
-- where they were read, not by event id: one event may be an archived event and later one or more dead letters (each
-- with its own reasons), and a malformed entry may have no id at all. A redelivery of the same entry is a no-op.
CREATE TABLE archived_entries (
    seq            bigint GENERATED ALWAYS AS IDENTITY,
    stream         text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('event', 'dead_letter', 'parked')),
    entry_id       text NOT NULL,
    -- The order of queries: the envelope's timestamp, else dlq_failed_at, else when it was archived.
    at             timestamptz NOT NULL,
    -- The envelope's fields when they decode (null otherwise).
    id             text COLLATE "C",
    type           text,
    version        integer,
    "timestamp"    timestamptz,
    correlation_id text COLLATE "C",
    causation_id   text COLLATE "C",
    user_id        text COLLATE "C",
    data           jsonb,
    metadata       jsonb,
    traceparent    text,
    tracestate     text,
    -- The fields outside the envelope (dlq_*, parked_reason, parked_at, fleet_redrives, …) as one object.
    reasons        jsonb,
    error_type     text,
    failed_at      timestamptz,
    -- When the envelope does not decode: the entry's fields as they came, [[name, value], …] in order (a value that is
    -- not UTF-8 text is {"base64": "…"}), and why it did not decode.
    fields         jsonb,
    error          text,
    archived_at    timestamptz NOT NULL,
    PRIMARY KEY (stream, kind, entry_id)
);

COMMENT ON TABLE archived_entries IS 'Dead letters, parked entries and malformed stream entries archived by event-gateway, keyed by where they were read.';
