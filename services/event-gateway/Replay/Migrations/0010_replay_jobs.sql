-- Replay jobs (docs/gateway/replay.md): what each job replays, how far it got, and which replica holds it.
-- A replica takes a runnable job with SELECT ... FOR UPDATE SKIP LOCKED and holds it by lease_owner/lease_expires,
-- extended by every progress save; a job whose lease expired (its replica died) is taken over from its saved cursor.
CREATE TABLE replay_jobs (
    id                    text        PRIMARY KEY,
    idempotency_key       text        UNIQUE,
    request_digest        text        NOT NULL,
    filter_from           timestamptz,
    filter_to             timestamptz,
    filter_stream         text,
    filter_type           text,
    filter_correlation_id text,
    target_stream         text,
    rate_per_second       integer     NOT NULL CHECK (rate_per_second > 0),
    state                 text        NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    matched               bigint      NOT NULL DEFAULT 0,
    published             bigint      NOT NULL DEFAULT 0,
    page_cursor           text,
    last_event_id         text,
    last_event_timestamp  timestamptz,
    created_at            timestamptz NOT NULL,
    started_at            timestamptz,
    finished_at           timestamptz,
    error                 text,
    failures              integer     NOT NULL DEFAULT 0,
    lease_owner           text,
    lease_expires         timestamptz
);

-- The runnable jobs, oldest first: what every idle replica polls.
CREATE INDEX replay_jobs_runnable ON replay_jobs (created_at, id) WHERE state IN ('queued', 'running');
