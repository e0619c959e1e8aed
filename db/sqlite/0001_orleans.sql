-- ClubGrains: Orleans 10.4.2 ADO.NET schema for SQLite (Microsoft.Data.Sqlite).
--
-- Grain storage (Microsoft.Orleans.Persistence.AdoNet), reminders
-- (Microsoft.Orleans.Reminders.AdoNet) and cluster membership
-- (Microsoft.Orleans.Clustering.AdoNet). Invariant: "System.Data.SQLite"
-- (Orleans maps it to Microsoft.Data.Sqlite).
--
-- The providers read their SQL from OrleansQuery at start-up
-- ("SELECT QueryKey, QueryText FROM OrleansQuery"). Parameters are bound by name
-- (@Name). Timestamps are stored as TEXT in Microsoft.Data.Sqlite's format
-- ('yyyy-MM-dd HH:mm:ss.FFFFFFF', UTC as sent by the providers), which sorts correctly.
-- Stored queries may hold several statements: the provider reads every result set,
-- and statements without a result (or with no rows) add nothing.
--
-- Run as one script (DbUp, variable substitution disabled).

CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
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
    ServiceId              TEXT    NOT NULL,
    GrainIdHash            INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NOT NULL
);

-- Identity of a state row; also the arbiter for concurrent first writes (ON CONFLICT).
-- SQLite treats NULLs as distinct in unique indexes, hence the COALESCE expression
-- (the queries use the same expression, so the whole index is used for lookups).
CREATE UNIQUE INDEX UX_OrleansStorage_Grain ON OrleansStorage
    (ServiceId, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString,
     COALESCE(GrainIdExtensionString, ''));

-------------------------------------------------------------------------------
-- Reminders
-------------------------------------------------------------------------------
-- GrainHash is the grain's uniform hash cast to a signed int, exactly as the provider
-- binds it; range queries compare in that signed order. Version is the reminder ETag.
CREATE TABLE OrleansRemindersTable
(
    ServiceId    TEXT    NOT NULL,
    GrainId      TEXT    NOT NULL,
    ReminderName TEXT    NOT NULL,
    StartTime    TEXT    NOT NULL,
    Period       INTEGER NOT NULL,
    GrainHash    INTEGER NOT NULL,
    Version      INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IX_OrleansRemindersTable_ServiceId_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

-------------------------------------------------------------------------------
-- Cluster membership
-------------------------------------------------------------------------------
-- One version row per cluster (DeploymentId = ClusterId); its Version is the table
-- version (ETag) that every membership insert/update must match and then increments.
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId TEXT    NOT NULL PRIMARY KEY,
    ModifiedOn   TEXT    NOT NULL,
    Version      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId TEXT    NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
    Address      TEXT    NOT NULL,
    Port         INTEGER NOT NULL,
    Generation   INTEGER NOT NULL,
    SiloName     TEXT    NOT NULL,
    HostName     TEXT    NOT NULL,
    Status       INTEGER NOT NULL,
    ProxyPort    INTEGER NOT NULL,
    SuspectTimes TEXT    NULL,
    StartTime    TEXT    NOT NULL,
    IAmAliveTime TEXT    NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- SQLite has no writable CTEs, so the "check the table version, change a silo row and
-- bump the version" step is one INSERT/UPDATE statement guarded by the version plus these
-- triggers, which run inside that same statement (atomic). The heartbeat only sets
-- IAmAliveTime and therefore does not bump the version.
CREATE TRIGGER TR_OrleansMembershipTable_Insert_BumpVersion
AFTER INSERT ON OrleansMembershipTable
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, ModifiedOn = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE DeploymentId = NEW.DeploymentId;
END;

CREATE TRIGGER TR_OrleansMembershipTable_Update_BumpVersion
AFTER UPDATE OF Status, SuspectTimes ON OrleansMembershipTable
BEGIN
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, ModifiedOn = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE DeploymentId = NEW.DeploymentId;
END;

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
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''');'),

-- Returns NewGrainStateVersion: the new version; no row when the expected version
-- (GrainStateVersion; NULL = first write) does not match (-> InconsistentStateException).
-- Exactly one of the two statements can apply.
('WriteToStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary,
    ModifiedOn = strftime(''%Y-%m-%d %H:%M:%f'', ''now''),
    Version = Version + 1
WHERE @GrainStateVersion IS NOT NULL
  AND ServiceId = @ServiceId
  AND GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

INSERT INTO OrleansStorage
    (ServiceId, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString,
     GrainIdExtensionString, PayloadBinary, ModifiedOn, Version)
SELECT @ServiceId, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
       @GrainIdExtensionString, @PayloadBinary, strftime(''%Y-%m-%d %H:%M:%f'', ''now''), 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING Version AS NewGrainStateVersion;'),

-- Keeps the row with a NULL payload. Returns the new version; no row on mismatch.
('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = strftime(''%Y-%m-%d %H:%M:%f'', ''now''),
    Version = Version + 1
WHERE ServiceId = @ServiceId
  AND GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;'),

-- Used when DeleteStateOnClear = true. Returns deleted version + 1; no row on mismatch.
('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE ServiceId = @ServiceId
  AND GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;'),

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
SET StartTime = excluded.StartTime,
    Period = excluded.Period,
    GrainHash = excluded.GrainHash,
    Version = Version + 1
RETURNING Version;'),

-- Version = ETag. Returns one boolean: whether the row was deleted.
('DeleteReminderRowKey', '
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId
  AND ReminderName = @ReminderName AND Version = @Version;
SELECT changes() > 0 AS Deleted;'),

('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;'),

-- Membership. DeploymentId is the ClusterId; a silo is (Address, Port, Generation).
-- Returns one boolean: whether the version row was created.
('InsertMembershipVersionKey', '
INSERT INTO OrleansMembershipVersionTable (DeploymentId, ModifiedOn, Version)
VALUES (@DeploymentId, strftime(''%Y-%m-%d %H:%M:%f'', ''now''), 0)
ON CONFLICT (DeploymentId) DO NOTHING;
SELECT changes() > 0 AS Inserted;'),

-- Version = the table version the caller read. The insert only happens while the table
-- version still matches; the insert trigger bumps it. Returns one boolean.
('InsertMembershipKey', '
INSERT INTO OrleansMembershipTable
    (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
     StartTime, IAmAliveTime)
SELECT DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
       @ProxyPort, @StartTime, @IAmAliveTime
FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId AND Version = @Version
ON CONFLICT DO NOTHING;
SELECT changes() > 0 AS Inserted;'),

-- Version = expected table version; the update trigger bumps it. Returns one boolean.
('UpdateMembershipKey', '
UPDATE OrleansMembershipTable
SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND EXISTS (SELECT 1 FROM OrleansMembershipVersionTable
              WHERE DeploymentId = @DeploymentId AND Version = @Version);
SELECT changes() > 0 AS Updated;'),

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
  AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, '''');');
