using ClubGrains.Common;
using Orleans.Concurrency;

namespace ClubGrains.Accounts;

/// <summary>
/// A partner system's client credentials, keyed by the client id. Commands name the venue they are
/// made at: the client must be listed there, and a GM manages only clients granted exactly their venue.
/// </summary>
[Alias("clubgrains.IApiClientGrain")]
public interface IApiClientGrain : IGrainWithStringKey
{
    /// <summary>Creates the client with the hash of the secret the server made for it.</summary>
    [Alias("Create")]
    Task<Result<ApiClient>> Create(Actor actor, string venueId, ApiClientDraft draft, string secretHash);

    [Alias("GetClient"), ReadOnly]
    Task<Result<ApiClientView>> GetClient(Actor reader, string venueId);

    [Alias("SetEnabled")]
    Task<Result<ApiClient>> SetEnabled(Actor actor, string venueId, bool enabled);

    /// <summary>Replaces the secret's hash: the old secret stops matching at once.</summary>
    [Alias("RotateSecret")]
    Task<Result<ApiClient>> RotateSecret(Actor actor, string venueId, string secretHash);

    /// <summary>The stored hash and the client, for the client-credentials check; null when there is no such client.</summary>
    [Alias("GetCredentials"), ReadOnly]
    Task<ApiClientCredentials?> GetCredentials();
}
