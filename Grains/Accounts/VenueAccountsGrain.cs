using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>The venue's staff accounts for <c>GET accounts</c>; a line older than the one kept changes nothing.</summary>
public sealed class VenueAccountsGrain([PersistentState("accounts", StorageNames.Club)] IPersistentState<VenueAccountsState> state) : Grain, IVenueAccountsGrain
{
    public async Task Upsert(AccountSummary summary)
    {
        if (state.State.Accounts.TryGetValue(summary.Login, out var kept) && kept.Version >= summary.Version)
        {
            return;
        }

        state.State.Accounts[summary.Login] = summary;
        await state.WriteOrReloadAsync(this);
    }

    public Task<Result<IReadOnlyList<AccountSummary>>> List(Actor reader) =>
        Task.FromResult(Access.Require(reader, this.GetPrimaryKeyString(), AccountRules.Rule, AccountRules.Managers) is { } denied
            ? (Result<IReadOnlyList<AccountSummary>>)denied
            : Result.Ok<IReadOnlyList<AccountSummary>>(state.State.Accounts.Values.OrderBy(a => a.Login, StringComparer.Ordinal).ToArray()));
}
