using ClubGrains.Common;
using Orleans.Concurrency;

namespace ClubGrains.Accounts;

/// <summary>A venue's staff accounts and partner clients (key: venue id), fed one way by their grains with version numbers.</summary>
[Alias("clubgrains.IVenueAccountsGrain")]
public interface IVenueAccountsGrain : IGrainWithStringKey
{
    /// <summary>Keeps the line unless a newer version is already there; the same version twice changes nothing.</summary>
    [Alias("Upsert")]
    Task Upsert(AccountSummary summary);

    [Alias("List"), ReadOnly]
    Task<Result<IReadOnlyList<AccountSummary>>> List(Actor reader);

    /// <summary>Keeps the client's line unless a newer version is already there; the same version twice changes nothing.</summary>
    [Alias("UpsertClient")]
    Task UpsertClient(ApiClientSummary summary);

    [Alias("ListClients"), ReadOnly]
    Task<Result<IReadOnlyList<ApiClientSummary>>> ListClients(Actor reader);
}
