using ClubGrains.Common;
using Orleans.Concurrency;

namespace ClubGrains.Accounts;

/// <summary>
/// A staff account, keyed by its login name. Commands name the venue they are made at: the account
/// must be listed there, and a GM manages only accounts granted exactly their venue.
/// </summary>
[Alias("clubgrains.IStaffAccountGrain")]
public interface IStaffAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account with a password set by the GM or operator: it must be changed at the first sign-in.</summary>
    [Alias("Create")]
    Task<Result<StaffAccount>> Create(Actor actor, string venueId, AccountDraft draft, string passwordHash);

    [Alias("GetAccount"), ReadOnly]
    Task<Result<AccountView>> GetAccount(Actor reader, string venueId);

    [Alias("SetEnabled")]
    Task<Result<StaffAccount>> SetEnabled(Actor actor, string venueId, bool enabled);

    /// <summary>A GM or operator sets a new password (and lifts a lockout); it must be changed at the next sign-in.</summary>
    [Alias("ResetPassword")]
    Task<Result<StaffAccount>> ResetPassword(Actor actor, string venueId, string passwordHash);

    /// <summary>The signed-in person sets their own password; the caller has checked the current one.</summary>
    [Alias("ChangeOwnPassword")]
    Task<Result<StaffAccount>> ChangeOwnPassword(Actor actor, string passwordHash);

    /// <summary>The stored hash and the account, for the sign-in check; null when there is no such account.</summary>
    [Alias("GetCredentials"), ReadOnly]
    Task<AccountCredentials?> GetCredentials();

    /// <summary>Counts a failed sign-in (locking the account at the policy's number) or resets the count on success.</summary>
    [Alias("RecordSignIn")]
    Task<SignInResult> RecordSignIn(bool passwordMatched, SignInPolicy policy);

    /// <summary>Starts a signed-in session after a successful sign-in; the oldest is ended beyond <see cref="Limits.AccountSessions"/>.</summary>
    [Alias("StartSession")]
    Task<StaffSession?> StartSession(string sessionId);

    /// <summary>
    /// Honours a refresh token of the session at its generation once: the next generation is issued,
    /// an older one ends the session (a replay), a disabled account ends them all.
    /// </summary>
    [Alias("RefreshSession")]
    Task<SessionRefresh> RefreshSession(string sessionId, int generation);
}
