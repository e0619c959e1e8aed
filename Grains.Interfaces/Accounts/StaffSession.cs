using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>
/// A signed-in session of a staff account: one family of refresh tokens, each used once. The token
/// carries the session id and its generation; only the newest generation is honoured.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.StaffSession")]
public sealed record StaffSession(
    [property: Id(0)] string Id,
    [property: Id(1)] int Generation,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset RefreshedAt);

/// <summary>How a refresh of a session ended.</summary>
public enum SessionRefreshOutcome
{
    Refreshed = 0,

    /// <summary>An older generation came back: the token was copied, so the whole session is ended.</summary>
    Replayed = 1,

    /// <summary>The session is not (or no longer) there: ended by a password change, a reset, or newer sign-ins.</summary>
    Ended = 2,

    Disabled = 3,
}

/// <summary>The answer of a refresh: on success the actor as the account is now, and the generation the new refresh token carries.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.SessionRefresh")]
public sealed record SessionRefresh(
    [property: Id(0)] SessionRefreshOutcome Outcome,
    [property: Id(1)] Actor? Actor = null,
    [property: Id(2)] int Generation = 0)
{
    public bool Refreshed => Outcome == SessionRefreshOutcome.Refreshed;
}
