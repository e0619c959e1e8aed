using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>The venue's staff accounts for <c>GET accounts</c> and partner clients for <c>GET clients</c>; a line older than the one kept changes nothing.</summary>
public sealed class VenueAccountsGrain([PersistentState("accounts", StorageNames.Club)] IPersistentState<VenueAccountsState> state) : Grain, IVenueAccountsGrain
{
    public Task Upsert(AccountSummary summary) => Keep(state.State.Accounts, summary.Login, summary, s => s.Version);

    public Task<Result<IReadOnlyList<AccountSummary>>> List(Actor reader) =>
        Task.FromResult(Read(reader, state.State.Accounts));

    public Task UpsertClient(ApiClientSummary summary) => Keep(state.State.Clients, summary.ClientId, summary, s => s.Version);

    public Task<Result<IReadOnlyList<ApiClientSummary>>> ListClients(Actor reader) =>
        Task.FromResult(Read(reader, state.State.Clients));

    private async Task Keep<T>(Dictionary<string, T> lines, string key, T line, Func<T, long> versionOf)
    {
        if (lines.TryGetValue(key, out var kept) && versionOf(kept) >= versionOf(line))
        {
            return;
        }

        lines[key] = line;
        await state.WriteOrReloadAsync(this);
    }

    private Result<IReadOnlyList<T>> Read<T>(Actor reader, Dictionary<string, T> lines) =>
        Access.Require(reader, this.GetPrimaryKeyString(), AccountRules.Rule, AccountRules.Managers) is { } denied
            ? denied
            : Result.Ok<IReadOnlyList<T>>(lines.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value).ToArray());
}
