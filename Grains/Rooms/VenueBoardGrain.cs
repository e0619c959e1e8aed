using ClubGrains.Telemetry;
using ClubGrains.Venues;

namespace ClubGrains.Rooms;

/// <summary>
/// The room board: kept in memory and fed by the rooms (ordered by their sequence numbers). When it
/// activates it loads the catalogue and each room's state once; reads never fan out. It calls no
/// grain while activating, so a room or the venue calling it can never wait on it in a cycle.
/// </summary>
public sealed class VenueBoardGrain(TimeProvider time, ClubGrainsMetrics metrics) : Grain, IVenueBoardGrain
{
    private readonly Dictionary<string, RoomSnapshot> _rooms = new(StringComparer.Ordinal);
    private Dictionary<string, RoomDefinition>? _catalogue;
    private Task? _loading;

    private string VenueId => this.GetPrimaryKeyString();

    public Task RoomChanged(RoomSnapshot snapshot)
    {
        if (!_rooms.TryGetValue(snapshot.RoomId, out var known) || known.Sequence < snapshot.Sequence)
        {
            _rooms[snapshot.RoomId] = snapshot;
            ReportOccupancy();
        }

        return Task.CompletedTask;
    }

    public Task CatalogueChanged(IReadOnlyList<RoomDefinition> rooms)
    {
        _catalogue = rooms.ToDictionary(r => r.Id, StringComparer.Ordinal);
        ReportOccupancy();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<BoardRoom>> GetBoard(CancellationToken cancellationToken = default)
    {
        await Load();
        var now = time.GetUtcNow();
        return _catalogue!.Values.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => Line(r, now)).ToArray();
    }

    public async Task<IReadOnlyList<string>> FreeRooms(string? type)
    {
        await Load();
        var now = time.GetUtcNow();
        return _catalogue!.Values
            .Where(r => type is null || string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))
            .Where(r => Line(r, now).State == RoomState.Free)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => r.Id)
            .ToArray();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.ForgetOccupancy(VenueId);
        return Task.CompletedTask;
    }

    private Task Load() => _loading is { IsCompletedSuccessfully: true } ? Task.CompletedTask : _loading = LoadOnce();

    private async Task LoadOnce()
    {
        if (_catalogue is null)
        {
            var rooms = await GrainFactory.GetGrain<IVenueGrain>(VenueId).GetRooms();
            _catalogue ??= (rooms.Value ?? []).ToDictionary(r => r.Id, StringComparer.Ordinal);
        }

        var missing = _catalogue.Keys.Where(id => !_rooms.ContainsKey(id)).ToArray();
        var snapshots = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<IRoomGrain>(RoomKeys.Room(VenueId, id)).GetSnapshot()));
        foreach (var snapshot in snapshots)
        {
            await RoomChanged(snapshot);
        }

        ReportOccupancy();
    }

    private BoardRoom Line(RoomDefinition room, DateTimeOffset now)
    {
        var occupant = _rooms.TryGetValue(room.Id, out var snapshot) ? snapshot.Occupant : null;
        if (occupant is null || HoldRules.IsExpired(occupant.HoldUntil, now))
        {
            return new BoardRoom(room.Id, room.Name, room.Kind, room.Type, room.Capacity, RoomState.Free, null, null, null, null, null, null, null);
        }

        var held = occupant.Status == BookingStatus.Held;
        int? secondsLeft = held && occupant.HoldUntil is { } until ? (int)Math.Ceiling((until - now).TotalSeconds) : null;
        return new BoardRoom(
            room.Id, room.Name, room.Kind, room.Type, room.Capacity,
            held ? RoomState.Held : RoomState.Seated,
            occupant.BookingId, occupant.GuestName, occupant.BookerName, occupant.BookerBadge, occupant.Since,
            held ? occupant.HoldUntil : null, secondsLeft);
    }

    private void ReportOccupancy()
    {
        if (_catalogue is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var lines = _catalogue.Values.Select(r => Line(r, now).State).ToArray();
        metrics.ReportOccupancy(VenueId, lines.Count(s => s == RoomState.Held), lines.Count(s => s == RoomState.Seated));
    }
}
