using ClubGrains.Common;

namespace ClubGrains.Venues;

/// <summary>What an override may do (BK-8).</summary>
public enum OverrideScope
{
    /// <summary>Extend a hold past the policy.</summary>
    ExtendHold = 0,

    /// <summary>Reinstate a cancelled or released booking.</summary>
    Reinstate = 1,

    /// <summary>Release a live hold for a reason other than the booker's own request.</summary>
    ReleaseHold = 2,

    /// <summary>Free a room whose occupant's booking does not agree with it, when no automatic step can decide.</summary>
    RepairRoom = 3,
}

/// <summary>
/// BK-8: the GM's authorisation of a reception supervisor to override, with its scope and end;
/// revocable, and kept (with who granted and revoked it) after it ends.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.SupervisorAuthorisation")]
public sealed record SupervisorAuthorisation(
    [property: Id(0)] string Supervisor,
    [property: Id(1)] IReadOnlyList<OverrideScope> Scopes,
    [property: Id(2)] DateTimeOffset Until,
    [property: Id(3)] Actor GrantedBy,
    [property: Id(4)] DateTimeOffset GrantedAt,
    [property: Id(5)] string? Reason = null,
    [property: Id(6)] DateTimeOffset? RevokedAt = null,
    [property: Id(7)] Actor? RevokedBy = null)
{
    public bool Covers(string supervisor, OverrideScope scope, DateTimeOffset now) =>
        Supervisor == supervisor && RevokedAt is null && now <= Until && Scopes.Contains(scope);
}

/// <summary>What a GM sends to authorise a reception supervisor (the subject of their token).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.AuthorisationDraft")]
public sealed record AuthorisationDraft(
    [property: Id(0)] string? Supervisor = null,
    [property: Id(1)] IReadOnlyList<OverrideScope>? Scopes = null,
    [property: Id(2)] DateTimeOffset? Until = null,
    [property: Id(3)] string? Reason = null);
