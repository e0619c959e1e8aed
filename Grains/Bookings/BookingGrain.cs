using System.Diagnostics;
using ClubGrains.Common;
using ClubGrains.Events;
using ClubGrains.Rooms;
using ClubGrains.Staff;
using ClubGrains.Telemetry;
using ClubGrains.Venues;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Bookings;

[GenerateSerializer, Alias("clubgrains.BookingState")]
public sealed class BookingGrainState
{
    [Id(0)] public Booking? Booking { get; set; }
}

/// <summary>
/// A booking's record and history. It asks the rules, the room to hold, seat or free itself (the room
/// decides who is in it), reports every change to the venue's day index, and applies its own hold
/// deadline when woken (by the day's alarm, a room, or any call), stamped with the deadline. Its
/// commands live beside this file by family: placement, the stay, cancellation, arrivals, overrides,
/// and convergence with the rooms.
/// </summary>
public sealed partial class BookingGrain : Grain, IBookingGrain
{
    private readonly IPersistentState<BookingGrainState> _state;
    private readonly TimeProvider _time;
    private readonly ClubGrainsMetrics _metrics;
    private readonly ILogger<BookingGrain> _logger;
    private FeedSource? _feed;

    public BookingGrain([PersistentState("booking", StorageNames.Club)] IPersistentState<BookingGrainState> state, TimeProvider time, ClubGrainsMetrics metrics, ILogger<BookingGrain> logger)
    {
        _state = state;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    private string VenueId => GrainKeys.ParseBooking(this.GetPrimaryKeyString()).VenueId;

    private string BookingId => GrainKeys.ParseBooking(this.GetPrimaryKeyString()).BookingId;

    public async Task<Result<Booking>> GetBooking(Actor reader, CancellationToken cancellationToken = default)
    {
        if (BookingRules.MayRead(reader, VenueId) is { } denied)
        {
            return denied;
        }

        if (_state.State.Booking is null)
        {
            return BookingRules.NotFound(VenueId, BookingId);
        }

        if (BookingRules.MayReadBookingOf(reader, _state.State.Booking.BookerBadge, _state.State.Booking.PlacedBy) is { } notTheirs)
        {
            return notTheirs;
        }

        await Converge();
        await ApplyDeadline();
        return _state.State.Booking!;
    }

    /// <summary>
    /// The day index woke the booking for its deadline. A booking no longer held has applied it already,
    /// so the index missed that report (a call that timed out): it reports itself again.
    /// </summary>
    public async Task WakeUp()
    {
        if (_state.State.Booking is null)
        {
            return;
        }

        await Converge();
        if (_state.State.Booking!.Status == BookingStatus.Held)
        {
            await ApplyDeadline();
        }
        else
        {
            await Report(_state.State.Booking!);
        }
    }

    /// <summary>The role and grant check of every command, written once: the grain is the last word on who may change a booking.</summary>
    private Refusal? Denied(Actor actor, string[] roles, string rule = BookingRules.ReceptionOnlyRule) => Access.Require(actor, VenueId, rule, roles);

    /// <summary>
    /// A command on a placed booking: the booking must exist and the actor may act; the automatic steps
    /// (convergence, the deadline) run first, and a full history refuses any further step.
    /// </summary>
    private async Task<Result<Booking>> Command(string name, Actor actor, string[] roles, Func<Booking, Task<Result<Booking>>> act, string rule = BookingRules.ReceptionOnlyRule)
    {
        return await Traced(name, _state.State.Booking?.RoomId, async () =>
        {
            if (_state.State.Booking is null)
            {
                return BookingRules.NotFound(VenueId, BookingId);
            }

            if (Denied(actor, roles, rule) is { } denied)
            {
                return denied;
            }

            await Converge();
            await ApplyDeadline();

            // Every command appends to the history, which is stored and read whole with the booking.
            return BookingRules.HistoryFull(_state.State.Booking!) is { } full ? full : await act(_state.State.Booking!);
        });
    }

    private async Task<Result<Booking>> Traced(string name, string? roomId, Func<Task<Result<Booking>>> command)
    {
        using var activity = ClubGrainsMetrics.Activities.StartActivity(name);
        activity?.SetTag(ClubGrainsMetrics.VenueTag, VenueId);
        activity?.SetTag("booking", BookingId);
        activity?.SetTag("room", roomId);
        var result = await command();
        if (result.Refusal is { } refusal)
        {
            activity?.SetStatus(ActivityStatusCode.Error, refusal.Message);
            activity?.SetTag(ClubGrainsMetrics.RuleTag, refusal.Rule);
            activity?.SetTag("refusal", refusal.Kind.ToString());
        }
        else if (result.Value?.RoomId is { } room)
        {
            activity?.SetTag("room", room);
        }

        return result;
    }

    private Task Save(string kind, Booking booking, Actor actor, DateTimeOffset at, string what, string rule, string? reason = null) =>
        Save(WithChange(kind, booking, actor, at, what, rule, reason));

    private static Booking WithChange(string kind, Booking booking, Actor actor, DateTimeOffset at, string what, string rule, string? reason = null) =>
        booking with { History = [.. booking.History, new Change(at, actor.ForRecord(), what, rule, reason, Kind: kind)] };

    private async Task Save(Booking booking) => await Report(await Store(booking));

    /// <summary>
    /// Writes the booking's next version and tells the venue's feed its new history entries; the day
    /// index is told separately (<see cref="Report"/>).
    /// </summary>
    private async Task<Booking> Store(Booking booking)
    {
        var saved = booking with { Version = booking.Version + 1 };
        _state.State.Booking = saved;
        await _state.WriteOrReloadAsync(this);
        LogChanged(_logger, BookingId, VenueId, saved.Status, saved.Version);
        await TellFeed(saved);
        return saved;
    }

    /// <summary>The venue's feed hears the booking's new history entries once they are stored (see <see cref="FeedSource"/>).</summary>
    private Task TellFeed(Booking booking) =>
        (_feed ??= new FeedSource(VenueId, BookingEvents.Source(BookingId))).Tell(GrainFactory, _logger, booking.History.Count, held => BookingEvents.After(booking, held));

    private Task Report(Booking booking) =>
        GrainFactory.GetGrain<IVenueDayGrain>(GrainKeys.Day(VenueId, booking.BusinessDay)).Upsert(BookingSummary.Of(booking));

    private IManagerGrain Manager(string badge) => GrainFactory.GetGrain<IManagerGrain>(GrainKeys.Manager(VenueId, badge));

    private Task<Result<VenueSnapshot>> Venue() => GrainFactory.GetGrain<IVenueGrain>(VenueId).GetSnapshot();

    /// <summary>BK-8: the GM's authorisation of a supervisor is venue state, checked at each override.</summary>
    private Task<Refusal?> CheckOverride(Actor actor, OverrideScope scope) => GrainFactory.GetGrain<IVenueGrain>(VenueId).CheckOverride(actor, scope);

    private IRoomGrain RoomGrain(string roomId) => GrainFactory.GetGrain<IRoomGrain>(GrainKeys.Room(VenueId, roomId));

    private RoomOccupant Occupant(Booking booking, BookingStatus status, DateTimeOffset since) =>
        new(BookingId, status, booking.GuestName, booking.BookerName, booking.BookerBadge, since, status == BookingStatus.Held ? booking.HoldUntil : null, booking.PlacedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} at {VenueId} is {Status} (version {Version})")]
    private static partial void LogChanged(ILogger logger, string bookingId, string venueId, BookingStatus status, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} at {VenueId}: hold released at its deadline {Deadline}, {LatenessSeconds} s late")]
    private static partial void LogReleased(ILogger logger, string bookingId, string venueId, DateTimeOffset deadline, double latenessSeconds);
}
