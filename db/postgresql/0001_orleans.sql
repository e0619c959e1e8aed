-- ClubGrains: Orleans 10.4.2 ADO.NET schema for PostgreSQL (15+).
--
-- Grain storage (Microsoft.Orleans.Persistence.AdoNet), cluster membership
-- (Microsoft.Orleans.Clustering.AdoNet) and reminders (Microsoft.Orleans.Reminders.AdoNet).
-- Invariant: "Npgsql".
--
-- The providers read their SQL from OrleansQuery at start-up
-- ("SELECT QueryKey, QueryText FROM OrleansQuery"). Every identifier here is unquoted,
-- so PostgreSQL folds it to lower case, which is what the providers' unquoted SQL expects.
-- Parameters are bound by name (@Name); result columns are matched case-insensitively.
-- All timestamps are timestamptz: the providers send and expect UTC DateTime values.
--
-- Run as one script (DbUp, variable substitution disabled). No dollar quoting is used.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);

-------------------------------------------------------------------------------
-- Grain storage
-------------------------------------------------------------------------------
-- One row per (service, grain type, grain id). A grain is identified by its two 64-bit
-- halves (N0/N1, for Guid/integer keys), its string key or key extension and its type;
-- the two 32-bit hashes only make the index selective early.
-- Version is the grain ETag: NULL ETag means "no row expected", every successful
-- write/clear increments it. A cleared grain keeps its row with PayloadBinary = NULL.
CREATE TABLE OrleansStorage
(
    ServiceId              varchar(150) NOT NULL,
    GrainIdHash            integer      NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

-- Identity of a state row; also the arbiter for concurrent first writes (ON CONFLICT).
-- NULLS NOT DISTINCT (PostgreSQL 15+): a NULL key extension is a value like any other.
CREATE UNIQUE INDEX UX_OrleansStorage_Grain ON OrleansStorage
    (ServiceId, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString,
     GrainIdExtensionString) NULLS NOT DISTINCT;

-------------------------------------------------------------------------------
-- Cluster membership
-------------------------------------------------------------------------------
-- One version row per cluster (DeploymentId = ClusterId); its Version is the table
-- version (ETag) that every membership insert/update must match and then increments.
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    ModifiedOn   timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE
);

-------------------------------------------------------------------------------
-- Reminders
-------------------------------------------------------------------------------
-- GrainHash is the grain's uniform hash cast to a signed int, exactly as the provider
-- binds it; range queries compare in that signed order. Version is the reminder ETag.
CREATE TABLE OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      varchar(512) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,
    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IX_OrleansRemindersTable_ServiceId_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

-------------------------------------------------------------------------------
-- Queries read by the providers
-------------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Storage. Params: ServiceId, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash,
-- GrainTypeString, GrainIdExtensionString (+ GrainStateVersion, PayloadBinary).
-- Returns PayloadBinary, Version; no row when the grain has no state.
('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId
  AND GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;'),

-- Returns one row, NewGrainStateVersion: the new version, or NULL when the expected
-- version (GrainStateVersion; NULL = first write) does not match (-> InconsistentStateException).
('WriteToStorageKey', '
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND ServiceId = @ServiceId
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (ServiceId, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString,
         GrainIdExtensionString, PayloadBinary, ModifiedOn, Version)
    SELECT @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
           @GrainIdExtensionString, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM inserted LIMIT 1) AS NewGrainStateVersion;'),

-- Keeps the row with a NULL payload. Returns the new version, NULL on version mismatch.
('ClearStorageKey', '
WITH cleared AS (
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE ServiceId = @ServiceId
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
)
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;'),

-- Used when DeleteStateOnClear = true. Returns deleted version + 1, NULL on mismatch.
('DeleteStorageKey', '
WITH deleted AS (
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
)
SELECT (SELECT Version + 1 FROM deleted) AS NewGrainStateVersion;'),

-- Membership. DeploymentId is the ClusterId; a silo is (Address, Port, Generation).
-- Returns one boolean: whether the version row was created.
('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId, ModifiedOn, Version)
    VALUES (@DeploymentId, now(), 0)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS Inserted;'),

-- Version = the table version the caller read. Bumps it and inserts the silo row
-- atomically; returns one boolean (false on a stale version or an existing row).
('InsertMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, ModifiedOn = now()
    WHERE DeploymentId = @DeploymentId
      AND Version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = @DeploymentId AND Address = @Address
            AND Port = @Port AND Generation = @Generation)
    RETURNING DeploymentId
), inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
         StartTime, IAmAliveTime)
    SELECT bumped.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS Inserted;'),

-- Version = expected table version; bumps it and updates the silo row atomically.
('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, ModifiedOn = now()
    WHERE DeploymentId = @DeploymentId
      AND Version = @Version
      AND EXISTS (
          SELECT 1 FROM OrleansMembershipTable
          WHERE DeploymentId = @DeploymentId AND Address = @Address
            AND Port = @Port AND Generation = @Generation)
    RETURNING DeploymentId
), updated AS (
    UPDATE OrleansMembershipTable m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    FROM bumped
    WHERE m.DeploymentId = bumped.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated) AS Updated;'),

-- Heartbeat: no version change.
('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation;'),

-- Status = 3 (Active). Returns Address, ProxyPort, Generation.
('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;'),

-- Both reads return at least the version row (member columns NULL when no member).
('MembershipReadRowKey', '
SELECT v.DeploymentId, v.Version,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;'),

('MembershipReadAllKey', '
SELECT v.DeploymentId, v.Version,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),

-- Fallback cleanup (used only if CleanupDefunctSiloEntryKey were absent):
-- dead silos whose last heartbeat is older than IAmAliveTime.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND IAmAliveTime < @IAmAliveTime;'),

-- Optional key preferred by 10.4.2: the provider picks dead rows older than the cutoff
-- and deletes each one only if it is still exactly as it read it.
('CleanupDefunctSiloEntryKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, '''');'),

-- Reminders. Rows: GrainId, ReminderName, StartTime, Period (ms), Version.
('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;'),

('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;'),

-- BeginHash < EndHash (signed): the range (BeginHash, EndHash].
('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash AND GrainHash <= @EndHash;'),

-- Otherwise the range wraps around.
('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);'),

-- Returns the new Version (0 on insert, +1 on update).
('UpsertReminderRowKey', '
INSERT INTO OrleansRemindersTable
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version = OrleansRemindersTable.Version + 1
RETURNING Version;'),

-- Version = ETag. Returns one boolean: whether the row was deleted.
('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId
      AND ReminderName = @ReminderName AND Version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS Deleted;'),

('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;');
