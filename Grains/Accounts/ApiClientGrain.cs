using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Accounts;

/// <summary>
/// A partner system's client credentials: the grain is the last word on who may change them
/// (<see cref="ClientRules"/>). Every change is kept in its history and told, one way and with its
/// version, to the client lists and histories of the venues that list it.
/// </summary>
public sealed class ApiClientGrain(
    [PersistentState("client", StorageNames.Club)] IPersistentState<ApiClientState> state,
    TimeProvider time) : Grain, IApiClientGrain
{
    private string ClientId => this.GetPrimaryKeyString();

    public async Task<Result<ApiClient>> Create(Actor actor, string venueId, ApiClientDraft draft, string secretHash)
    {
        var errors = ClientRules.CheckDraft(draft, venueId);
        if (!ClientRules.IsClientId(ClientId))
        {
            errors.Add(new("clientId", "Made by the server: 'pc-' and 20 lowercase hex digits.", ClientRules.Rule));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors);
        }

        if (ClientRules.MayCreate(actor, venueId, draft) is { } denied)
        {
            return denied;
        }

        if ((await GrainFactory.GetGrain<IVenueGrain>(venueId).GetVenue()).Refusal is { } missing)
        {
            return missing;
        }

        if (state.State.Client is not null)
        {
            return ClientRules.Taken(ClientId);
        }

        var client = ClientRules.NewClient(ClientId, venueId, draft, time.GetUtcNow());
        state.State.Client = client;
        state.State.SecretHash = secretHash;
        await SaveAndPublish(actor, ClientRules.Created(client));
        return client;
    }

    public Task<Result<ApiClientView>> GetClient(Actor reader, string venueId)
    {
        var guarded = Guard(reader, venueId);
        return Task.FromResult(guarded.Value is { } client
            ? (Result<ApiClientView>)new ApiClientView(client, state.State.History.ToArray())
            : guarded.Refusal!);
    }

    public Task<Result<ApiClient>> SetEnabled(Actor actor, string venueId, bool enabled) =>
        Apply(actor, venueId, c => c.Enabled == enabled ? null : c with { Enabled = enabled }, ClientRules.EnabledChanged(ClientId, enabled));

    public Task<Result<ApiClient>> RotateSecret(Actor actor, string venueId, string secretHash) =>
        Apply(actor, venueId, c => c, ClientRules.SecretRotated(ClientId), secretHash);

    public Task<ApiClientCredentials?> GetCredentials() =>
        Task.FromResult(state.State is { Client: { } client, SecretHash: { } hash } ? new ApiClientCredentials(client, hash) : null);

    /// <summary>The guard of every command on an existing client at a venue.</summary>
    private Result<ApiClient> Guard(Actor actor, string venueId) =>
        ClientRules.MayManage(actor, venueId, state.State.Client) is { } refused ? refused : state.State.Client!;

    /// <summary>
    /// Applies a change a GM or operator makes, with the new secret hash when it sets one;
    /// <paramref name="apply"/> answers null when there is nothing to change.
    /// </summary>
    private async Task<Result<ApiClient>> Apply(Actor actor, string venueId, Func<ApiClient, ApiClient?> apply, string what, string? secretHash = null)
    {
        var guarded = Guard(actor, venueId);
        if (guarded.Value is not { } client)
        {
            return guarded;
        }

        if (ClientRules.HistoryFull(state.State.History.Count) is { } full)
        {
            return full;
        }

        if (apply(client) is not { } changed)
        {
            // Nothing to change: told again, so a retry after a failure half-way completes the venues' lists and histories.
            await Publish();
            return client;
        }

        state.State.Client = changed with { ChangedAt = time.GetUtcNow(), Version = changed.Version + 1 };
        state.State.SecretHash = secretHash ?? state.State.SecretHash;
        await SaveAndPublish(actor, what);
        return state.State.Client;
    }

    private async Task SaveAndPublish(Actor actor, string what)
    {
        state.State.History.Add(new Change(state.State.Client!.ChangedAt, actor.ForRecord(), what, ClientRules.Rule));
        await state.WriteOrReloadAsync(this);
        await Publish();
    }

    /// <summary>Tells the venues the client as it is and its latest change, with its version: telling twice changes nothing.</summary>
    private async Task Publish()
    {
        var client = state.State.Client!;
        foreach (var venueId in ClientRules.ListedAt(client))
        {
            await GrainFactory.GetGrain<IVenueAccountsGrain>(venueId).UpsertClient(ClientRules.Summary(client));
            await GrainFactory.GetGrain<IVenueGrain>(venueId).RecordAccountChange(ClientRules.VenueHistoryKey(client.ClientId), client.Version, state.State.History[^1]);
        }
    }
}
