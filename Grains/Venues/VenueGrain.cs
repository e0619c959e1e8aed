using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Events;
using ClubGrains.Rooms;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Venues;

public sealed class VenueGrain(
    [PersistentState("venue", StorageNames.Club)] IPersistentState<VenueState> state,
    TimeProvider time,
    ILogger<VenueGrain> logger) : Grain, IVenueGrain
{
    private const string VenueRule = "venue";

    private FeedSource? _feed;

    /// <summary>What the feed may have missed before a crash reaches it now.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.Venue is null ? Task.CompletedTask : TellFeed();

    private string VenueId => this.GetPrimaryKeyString();

    private static readonly string[] Configurers = [Roles.Operator, Roles.GeneralManager];

    public async Task<Result<Venue>> Create(Actor actor, VenueDraft draft)
    {
        // The one command on a venue that does not exist yet: the role and grant alone, not the guard of an existing venue.
        if (Access.Require(actor, VenueId, VenueRule, Roles.Operator) is { } denied)
        {
            return denied;
        }

        if (state.State.Venue is not null)
        {
            return Refusal.Conflict($"Venue '{VenueId}' already exists.");
        }

        var now = time.GetUtcNow();
        var created = VenueRules.NewVenue(VenueId, draft, now);
        if (created.Value is not { } venue)
        {
            return created;
        }

        state.State.Venue = venue;
        state.State.Policy = VenuePolicy.Default;
        Record(VenueEvents.Created, actor, now, $"created venue '{venue.Name}' ({venue.TimeZone}, day cut-off {venue.DayCutoff:HH\\:mm})");
        await SaveAndPublish(venue);
        return venue;
    }

    public Task<Result<Venue>> GetVenue() =>
        Task.FromResult(state.State.Venue is { } venue ? (Result<Venue>)venue : Missing());

    public async Task<Result<Venue>> Update(Actor actor, VenueDraft draft)
    {
        var guarded = Guard(actor, VenueRule, Configurers);
        if (guarded.Value is not { } current)
        {
            return guarded;
        }

        var now = time.GetUtcNow();
        var changed = VenueRules.ChangedVenue(current, draft, state.State.Rooms.Values, now);
        if (changed.Value is not { } venue)
        {
            return changed;
        }

        if (VenueRules.CutoffClash(state.State.Policy, current.DayCutoff, venue.DayCutoff) is { } clash)
        {
            return clash;
        }

        state.State.Venue = venue;
        Record(VenueEvents.ProfileChanged, actor, now, "changed the venue's profile");
        await SaveAndPublish(venue);
        return venue;
    }

    public Task<Result<VenueSnapshot>> GetSnapshot() =>
        Task.FromResult(state.State.Venue is { } venue
            ? (Result<VenueSnapshot>)new VenueSnapshot(venue, state.State.Policy, Catalogue())
            : Missing());

    public Task<Result<VenuePolicy>> GetPolicy() =>
        Task.FromResult(state.State.Venue is null ? (Result<VenuePolicy>)Missing() : state.State.Policy);

    public async Task<Result<VenuePolicy>> SetPolicy(Actor actor, VenuePolicy policy)
    {
        var guarded = Guard(actor, VenueRule, Configurers);
        if (guarded.Value is not { } venue)
        {
            return guarded.Refusal!;
        }

        var checkedPolicy = VenueRules.Policy(policy, venue.DayCutoff);
        if (checkedPolicy.Value is not { } valid)
        {
            return checkedPolicy;
        }

        state.State.Policy = valid;
        Record(VenueEvents.PolicyChanged, actor, time.GetUtcNow(), "changed the venue's policy");
        await Store();
        return valid;
    }

    public Task<Result<IReadOnlyList<RoomDefinition>>> GetRooms()
    {
        if (state.State.Venue is null)
        {
            return Task.FromResult<Result<IReadOnlyList<RoomDefinition>>>(Missing());
        }

        return Task.FromResult(Result.Ok<IReadOnlyList<RoomDefinition>>(Catalogue()));
    }

    public async Task<Result<RoomDefinition>> PutRoom(Actor actor, string roomId, RoomDraft draft)
    {
        var guarded = Guard(actor, VenueRule, Configurers);
        if (guarded.Value is not { } venue)
        {
            return guarded.Refusal!;
        }

        state.State.Rooms.TryGetValue(roomId, out var current);
        var checkedRoom = VenueRules.Room(venue, roomId, draft, current, state.State.Rooms.Count);
        if (checkedRoom.Value is not { } room)
        {
            return checkedRoom;
        }

        if (room == current)
        {
            return room;
        }

        state.State.Rooms[roomId] = room;
        Record(VenueEvents.RoomChanged, actor, time.GetUtcNow(), current is null
            ? $"added {Describe(room)}"
            : $"changed {Describe(room)}");
        await Store();
        await Board().CatalogueChanged(Catalogue());
        return room;
    }

    public async Task<Result<RoomDefinition>> RemoveRoom(Actor actor, string roomId)
    {
        if (Guard(actor, VenueRule, Configurers).Refusal is { } refused)
        {
            return refused;
        }

        if (!state.State.Rooms.TryGetValue(roomId, out var room))
        {
            return Refusal.NotFound($"Venue '{VenueId}' has no room '{roomId}'.");
        }

        var snapshot = await GrainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(VenueId, roomId)).GetSnapshot();
        if (snapshot.Occupant is { } occupant && !HoldRules.IsExpired(occupant.HoldUntil, time.GetUtcNow()))
        {
            return Refusal.Conflict($"Room '{roomId}' is {(occupant.Status == BookingStatus.Seated ? "occupied" : "held")} by booking '{occupant.BookingId}'; it cannot be removed now.");
        }

        state.State.Rooms.Remove(roomId);
        Record(VenueEvents.RoomRemoved, actor, time.GetUtcNow(), $"removed {Describe(room)}");
        await Store();
        await Board().CatalogueChanged(Catalogue());
        return room;
    }

    public async Task<Result<SupervisorAuthorisation>> AuthoriseSupervisor(Actor actor, AuthorisationDraft draft)
    {
        if (Guard(actor, OverrideRules.Rule, Roles.GeneralManager).Refusal is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var authorised = OverrideRules.Authorise(actor, draft, now);
        if (authorised.Value is not { } authorisation)
        {
            return authorised;
        }

        state.State.Authorisations.Add(authorisation);
        Record(VenueEvents.SupervisorAuthorised, actor, now,
            $"authorised reception supervisor '{authorisation.Supervisor}' to override ({string.Join(", ", authorisation.Scopes)}) until {authorisation.Until:O}",
            OverrideRules.Rule, authorisation.Reason);
        await Store();
        return authorisation;
    }

    public async Task<Result<SupervisorAuthorisation>> RevokeSupervisor(Actor actor, string supervisor)
    {
        if (Guard(actor, OverrideRules.Rule, Roles.GeneralManager).Refusal is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var index = state.State.Authorisations.FindLastIndex(a => a.Supervisor == supervisor && a.RevokedAt is null && a.Until >= now);
        if (index < 0)
        {
            return Refusal.NotFound($"Reception supervisor '{supervisor}' holds no current authorisation at venue '{VenueId}'.");
        }

        var revoked = state.State.Authorisations[index] with { RevokedAt = now, RevokedBy = actor.ForRecord() };
        state.State.Authorisations[index] = revoked;
        Record(VenueEvents.AuthorisationRevoked, actor, now, $"revoked the override authorisation of reception supervisor '{supervisor}'", OverrideRules.Rule);
        await Store();
        return revoked;
    }

    public Task<Result<IReadOnlyList<SupervisorAuthorisation>>> GetAuthorisations() =>
        Task.FromResult(state.State.Venue is null
            ? (Result<IReadOnlyList<SupervisorAuthorisation>>)Missing()
            : Result.Ok<IReadOnlyList<SupervisorAuthorisation>>(state.State.Authorisations.ToArray()));

    public Task<Refusal?> CheckOverride(Actor actor, OverrideScope scope) =>
        Task.FromResult(Access.Require(actor, VenueId, OverrideRules.Rule, Roles.GeneralManager, Roles.ReceptionSupervisor)
            ?? OverrideRules.Check(actor, scope, state.State.Authorisations, time.GetUtcNow()));

    public async Task RecordAccountChange(string key, long version, Change change)
    {
        if (state.State.Venue is null || state.State.AccountVersions.GetValueOrDefault(key) >= version)
        {
            return;
        }

        state.State.AccountVersions[key] = version;
        state.State.History.Add(change with { Kind = change.Kind ?? VenueEvents.AccountChanged });
        await Store();
    }

    public Task<Result<IReadOnlyList<Change>>> GetHistory() =>
        Task.FromResult(state.State.Venue is null
            ? (Result<IReadOnlyList<Change>>)Missing()
            : Result.Ok<IReadOnlyList<Change>>(state.State.History.ToArray()));

    private RoomDefinition[] Catalogue() => state.State.Rooms.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();

    private IVenueBoardGrain Board() => GrainFactory.GetGrain<IVenueBoardGrain>(VenueId);

    private Refusal Missing() => Refusal.NotFound($"Venue '{VenueId}' does not exist.");

    /// <summary>The guard of every command on an existing venue: the venue first, then the actor's role and grant.</summary>
    private Result<Venue> Guard(Actor actor, string rule, params string[] roles) =>
        state.State.Venue is not { } venue ? Missing()
        : Access.Require(actor, VenueId, rule, roles) is { } denied ? denied
        : venue;

    private void Record(string kind, Actor actor, DateTimeOffset at, string what, string rule = VenueRule, string? reason = null) =>
        state.State.History.Add(new Change(at, actor.ForRecord(), what, rule, reason, Kind: kind));

    private async Task Store()
    {
        await state.WriteOrReloadAsync(this);
        await TellFeed();
    }

    /// <summary>The venue's feed hears the venue's new history entries once they are stored (see <see cref="FeedSource"/>).</summary>
    private Task TellFeed() =>
        (_feed ??= new FeedSource(VenueId, VenueEvents.Source)).Tell(GrainFactory, logger, state.State.History.Count, held => VenueEvents.After(VenueId, state.State.History, held));

    private async Task SaveAndPublish(Venue venue)
    {
        await Store();
        await GrainFactory.GetGrain<IVenueDirectoryGrain>(0)
            .Register(new VenueSummary(venue.Id, venue.Name, venue.TimeZone, venue.Kinds));
    }

    private static string Describe(RoomDefinition room) =>
        $"{(room.Kind == VenueKind.Ktv ? "KTV room" : "disco table")} '{room.Id}' ({room.Name}, {room.Type}, seats {room.Capacity})";
}
