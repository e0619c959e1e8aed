using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Accounts;

/// <summary>
/// A person's staff account (key: the login name, chain-wide unique). It holds no password: the
/// grain's state keeps only the hash, which no view carries.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.StaffAccount")]
public sealed record StaffAccount(
    [property: Id(0)] string Login,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Role,
    [property: Id(3)] IReadOnlyList<string> Venues,
    [property: Id(4)] string? Badge,
    [property: Id(5)] VenueKind? Department,
    [property: Id(6)] bool Enabled,
    [property: Id(7)] bool MustChangePassword,
    [property: Id(8)] int FailedSignIns,
    [property: Id(9)] DateTimeOffset? LockedUntil,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset ChangedAt,
    [property: Id(12)] long Version,
    [property: Id(13)] string HomeVenue);

/// <summary>What a GM or operator sends to create an account (the login is the grain's key, the password is hashed before).</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.AccountDraft")]
public sealed record AccountDraft(
    [property: Id(0)] string? DisplayName = null,
    [property: Id(1)] string? Role = null,
    [property: Id(2)] IReadOnlyList<string>? Venues = null,
    [property: Id(3)] string? Badge = null,
    [property: Id(4)] VenueKind? Department = null);

/// <summary>An account with the history of every change made to it.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.AccountView")]
public sealed record AccountView(
    [property: Id(0)] StaffAccount Account,
    [property: Id(1)] IReadOnlyList<Change> History);

/// <summary>A line of a venue's account list, fed by the account with its version.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.AccountSummary")]
public sealed record AccountSummary(
    [property: Id(0)] string Login,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Role,
    [property: Id(3)] string? Badge,
    [property: Id(4)] VenueKind? Department,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] bool MustChangePassword,
    [property: Id(7)] long Version);

/// <summary>What the sign-in check needs: the stored hash and the account as it is.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.AccountCredentials")]
public sealed record AccountCredentials(
    [property: Id(0)] StaffAccount Account,
    [property: Id(1)] string PasswordHash);

/// <summary>The lockout settings the sign-in check passes to the account.</summary>
[GenerateSerializer, Immutable, Alias("clubgrains.SignInPolicy")]
public sealed record SignInPolicy(
    [property: Id(0)] int MaxFailedSignIns,
    [property: Id(1)] TimeSpan Lockout);

/// <summary>How a sign-in check ended.</summary>
public enum SignInOutcome
{
    Succeeded = 0,

    /// <summary>Unknown login or wrong password: one answer for both, so no login can be told to exist.</summary>
    InvalidCredentials = 1,

    Disabled = 2,

    LockedOut = 3,
}

/// <summary>
/// The answer of a sign-in check: on success the actor a token would carry and whether the password
/// must be changed first; when locked out, until when.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] Actor? Actor = null,
    [property: Id(2)] bool MustChangePassword = false,
    [property: Id(3)] DateTimeOffset? LockedUntil = null)
{
    public static SignInResult Invalid { get; } = new(SignInOutcome.InvalidCredentials);

    public bool Succeeded => Outcome == SignInOutcome.Succeeded;
}
