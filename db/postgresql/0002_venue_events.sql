-- ClubGrains: the venue event feeds (issue 13), for PostgreSQL.
--
-- One append-only row per event. A venue's feed grain is its only writer and numbers its events
-- (seq, from 1, without gaps); the primary key refuses a number twice and the unique key a source's
-- change twice (a booking's history entry is told again after a crash: it is kept once).
-- Times are .NET ticks (100 ns) in UTC plus the offset they were given in, so they round-trip exactly.
-- Run as one script (DbUp, variable substitution disabled).

CREATE TABLE clubgrains_venue_events
(
    service_id         text    NOT NULL,
    venue_id           text    NOT NULL,
    seq                bigint  NOT NULL,
    type               text    NOT NULL,
    at_ticks           bigint  NOT NULL,
    at_offset_minutes  integer NOT NULL,
    actor_subject      text    NOT NULL,
    actor_role         text    NOT NULL,
    actor_name         text    NULL,
    actor_badge        text    NULL,
    rule               text    NULL,
    subject            text    NOT NULL,
    what               text    NOT NULL,
    reason             text    NULL,
    badge              text    NULL,
    placed_by          text    NULL,
    source             text    NOT NULL,
    source_index       integer NOT NULL,
    recorded_ticks     bigint  NOT NULL,
    data               text    NULL,
    CONSTRAINT pk_clubgrains_venue_events PRIMARY KEY (service_id, venue_id, seq),
    CONSTRAINT uq_clubgrains_venue_events_source UNIQUE (service_id, venue_id, source, source_index)
);
