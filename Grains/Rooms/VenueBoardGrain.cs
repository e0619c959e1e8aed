using System.Security.Cryptography;
using System.Text;
using ClubGrains.Bookings;
using ClubGrains.Common;
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
    /// <summary>Viewers' filtered boards kept per rendering: a venue's managers and partners, with room to spare.</summary>
    private const int MaxFilteredViews = 500;

    private readonly Dictionary<string, RoomSnapshot> _rooms = new(StringComparer.Ordinal);

    // Part of every stamp, so a stamp handed out by an earlier activation never names this one's lines.
    private readonly string _activation = Guid.NewGuid().ToString("N")[..12];

    // Null until the venue is known to exist.
    private Dictionary<string, RoomDefinition>? _catalogue;
    private Task? _loading;
    private long _changes;
    private long _renders;
    private Rendered? _rendered;

    // The boards of managers and partner systems, filtered from the current rendering, by viewer; cleared when it changes.
    private readonly Dictionary<string, BoardView> _filtered = new(StringComparer.Ordinal);
    private string? _filteredStamp;

    private string VenueId => this.GetPrimaryKeyString();

    public Task RoomChanged(RoomSnapshot snapshot)
    {
        if (!_rooms.TryGetValue(snapshot.RoomId, out var known) || known.Sequence < snapshot.Sequence)
        {
            _rooms[snapshot.RoomId] = snapshot;
            _changes++;
            ReportOccupancy();
        }

        return Task.CompletedTask;
    }

    public Task CatalogueChanged(IReadOnlyList<RoomDefinition> rooms)
    {
        _catalogue = rooms.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _changes++;
        ReportOccupancy();
        return Task.CompletedTask;
    }

    public async Task<Result<BoardView>> GetBoard(Actor reader, string? knownStamp = null, CancellationToken cancellationToken = default)
    {
        if (BookingRules.MayRead(reader, VenueId) is { } denied)
        {
            return denied;
        }

        await Load();
        if (_catalogue is null)
        {
            return Refusal.NotFound($"Venue '{VenueId}' does not exist.");
        }

        var view = View(time.GetUtcNow());
        if (BookingRules.BoardViewer(reader) is { } viewer)
        {
            view = Filtered(view, viewer, reader);
        }

        return view.Stamp == knownStamp ? view with { Rooms = null } : view;
    }

    public async Task<IReadOnlyList<string>> FreeRooms(string? type)
    {
        await Load();
        if (_catalogue is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return _catalogue.Values
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

    // An unknown venue is asked about again at the next read: it may have been created since.
    private Task Load() => _catalogue is not null && _loading is { IsCompletedSuccessfully: true } ? Task.CompletedTask : _loading = LoadOnce();

    private async Task LoadOnce()
    {
        if (_catalogue is null)
        {
            var rooms = await GrainFactory.GetGrain<IVenueGrain>(VenueId).GetRooms();
            if (rooms.Value is not { } known)
            {
                return;
            }

            // A catalogue reported while the venue answered is the newer one.
            _catalogue ??= known.ToDictionary(r => r.Id, StringComparer.Ordinal);
        }

        var missing = _catalogue.Keys.Where(id => !_rooms.ContainsKey(id)).ToArray();
        var snapshots = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(VenueId, id)).GetSnapshot()));
        foreach (var snapshot in snapshots)
        {
            await RoomChanged(snapshot);
        }

        ReportOccupancy();
    }

    /// <summary>
    /// The board at <paramref name="now"/>, rendered again only after a change or once a line would
    /// read differently, so every reader between the two shares one set of lines and one stamp.
    /// </summary>
    private BoardView View(DateTimeOffset now)
    {
        if (_rendered is not { } rendered || rendered.Changes != _changes || now >= rendered.ValidUntil)
        {
            var lines = _catalogue!.Values.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => Line(r, now)).ToArray();
            rendered = new Rendered(new BoardView($"{_activation}-{++_renders}", lines), _changes, NextChange(now));
            _rendered = rendered;
        }

        return rendered.View;
    }

    /// <summary>
    /// The board as a manager or partner system sees it: every room's state, but the booking, guest
    /// and booker only on the lines of its own bookings. Filtered once per rendering and viewer, and
    /// stamped with the rendering's stamp and the viewer, so each viewer's ETag names its own lines.
    /// </summary>
    private BoardView Filtered(BoardView full, string viewer, Actor reader)
    {
        if (_filteredStamp != full.Stamp || _filtered.Count >= MaxFilteredViews)
        {
            _filtered.Clear();
            _filteredStamp = full.Stamp;
        }
        else if (_filtered.TryGetValue(viewer, out var known))
        {
            return known;
        }

        var lines = full.Rooms!.Select(line => line.BookingId is null || Owns(reader, line.Id) ? line : line with { BookingId = null, GuestName = null, BookerName = null, BookerBadge = null }).ToArray();
        var view = new BoardView($"{full.Stamp}.{ViewerTag(viewer)}", lines);
        _filtered[viewer] = view;
        return view;
    }

    private bool Owns(Actor reader, string roomId) =>
        _rooms.TryGetValue(roomId, out var snapshot) && snapshot.Occupant is { } occupant
        && BookingRules.IsOwnBooking(reader, occupant.BookerBadge, occupant.PlacedBy);

    // Short, header-safe, and not the badge or subject itself.
    private static string ViewerTag(string viewer) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(viewer)))[..16];

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a line reads differently without any
    /// change reported: a hold's seconds left (its remainder rounded up) dropping by one, or a hold
    /// running out just after its deadline.
    /// </summary>
    private DateTimeOffset NextChange(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var snapshot in _rooms.Values)
        {
            if (snapshot.Occupant is not { HoldUntil: { } until } occupant || HoldRules.IsExpired(until, now))
            {
                continue;
            }

            // A hold stored before extensions were bounded may end at the last representable instant.
            var change = until == DateTimeOffset.MaxValue ? until : until.AddTicks(1);
            if (occupant.Status == BookingStatus.Held && SecondsLeft(until, now) is var left and > 0)
            {
                change = until - TimeSpan.FromSeconds(left - 1);
            }

            next = change < next ? change : next;
        }

        return next;
    }

    private static int SecondsLeft(DateTimeOffset until, DateTimeOffset now) => (int)Math.Min(Math.Ceiling((until - now).TotalSeconds), int.MaxValue);

    private BoardRoom Line(RoomDefinition room, DateTimeOffset now)
    {
        var occupant = _rooms.TryGetValue(room.Id, out var snapshot) ? snapshot.Occupant : null;
        if (occupant is null || HoldRules.IsExpired(occupant.HoldUntil, now))
        {
            return new BoardRoom(room.Id, room.Name, room.Kind, room.Type, room.Capacity, RoomState.Free, null, null, null, null, null, null, null);
        }

        var held = occupant.Status == BookingStatus.Held;
        int? secondsLeft = held && occupant.HoldUntil is { } until ? SecondsLeft(until, now) : null;
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

    private sealed record Rendered(BoardView View, long Changes, DateTimeOffset ValidUntil);
}
