-- ClubGrains: the venue event feeds (issue 13), for SQLite.
--
-- One append-only row per event. A venue's feed grain is its only writer and numbers its events
-- (seq, from 1, without gaps); the primary key refuses a number twice and the unique key a source's
-- change twice (a booking's history entry is told again after a crash: it is kept once).
-- Times are .NET ticks (100 ns) in UTC plus the offset they were given in, so they round-trip exactly.
-- Run as one script (DbUp, variable substitution disabled).

CREATE TABLE clubgrains_venue_events
(
    service_id         TEXT    NOT NULL,
    venue_id           TEXT    NOT NULL,
    seq                INTEGER NOT NULL,
    type               TEXT    NOT NULL,
    at_ticks           INTEGER NOT NULL,
    at_offset_minutes  INTEGER NOT NULL,
    actor_subject      TEXT    NOT NULL,
    actor_role         TEXT    NOT NULL,
    actor_name         TEXT    NULL,
    actor_badge        TEXT    NULL,
    rule               TEXT    NULL,
    subject            TEXT    NOT NULL,
    what               TEXT    NOT NULL,
    reason             TEXT    NULL,
    badge              TEXT    NULL,
    placed_by          TEXT    NULL,
    source             TEXT    NOT NULL,
    source_index       INTEGER NOT NULL,
    recorded_ticks     INTEGER NOT NULL,
    data               TEXT    NULL,
    CONSTRAINT pk_clubgrains_venue_events PRIMARY KEY (service_id, venue_id, seq),
    CONSTRAINT uq_clubgrains_venue_events_source UNIQUE (service_id, venue_id, source, source_index)
);
