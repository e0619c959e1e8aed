using ClubGrains.Common;
using ClubGrains.Deadlines;
using Microsoft.Extensions.Logging;

namespace ClubGrains.Bookings;

[GenerateSerializer, Alias("clubgrains.VenueDayState")]
public sealed class VenueDayState : IDeadlineState
{
    [Id(0)] public Dictionary<string, BookingSummary> Bookings { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? WakeUp { get; set; }
}

/// <summary>
/// A venue's business day: the bookings' index (lists and reports read one grain) and the durable
/// wake-up for their holds. One reminder per venue and day carries every hold deadline, so the 21:00
/// holds of a venue cost one wake-up, not one each; the grain timer makes releases precise while the
/// day is active, and the reminder brings them after a crash or restart. Every turn (a wake, a
/// booking's report) reads the clock once and decides with <see cref="DayWakeRules"/> whom to tell
/// and when to look again.
/// </summary>
public sealed partial class VenueDayGrain : Grain, IVenueDayGrain, IRemindable
{
    private readonly IPersistentState<VenueDayState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<VenueDayGrain> _logger;

    // Bookings told of their deadline by this activation and not yet reported released.
    private readonly Dictionary<string, WakeNotice> _told = new(StringComparer.Ordinal);
    private DeadlineAlarm _alarm = null!;

    public VenueDayGrain([PersistentState("day", StorageNames.Club)] IPersistentState<VenueDayState> state, TimeProvider time, ILogger<VenueDayGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
    }

    private string VenueId => GrainKeys.ParseDay(this.GetPrimaryKeyString()).VenueId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alarm = new DeadlineAlarm(this, _time, WakeDueBookings);
        await WakeDueBookings();
    }

    public async Task Upsert(BookingSummary booking)
    {
        if (_state.State.Bookings.TryGetValue(booking.Id, out var known) && known.Version >= booking.Version)
        {
            return;
        }

        _state.State.Bookings[booking.Id] = booking;
        if (booking.Status != BookingStatus.Held || booking.HoldUntil != known?.HoldUntil)
        {
            _told.Remove(booking.Id);
        }

        // A report may land after a deadline and before the alarm's wake: it tells the due bookings
        // itself, and a release reported frees a place for the next one at once.
        await _alarm.ArmAndSave(_state, TellDueBookings(_time.GetUtcNow()));
    }

    public Task<Result<IReadOnlyList<BookingSummary>>> List(Actor reader, string? bookerBadge, BookingStatus? status, CancellationToken cancellationToken = default)
    {
        if (BookingRules.MayRead(reader, VenueId) is { } denied)
        {
            return Task.FromResult<Result<IReadOnlyList<BookingSummary>>>(denied);
        }

        // A manager's list is their own bookings, whatever badge they asked for; a partner's, those it placed.
        var booker = reader.Role == Roles.Manager ? reader.Badge : bookerBadge;
        return Task.FromResult(Result.Ok<IReadOnlyList<BookingSummary>>(_state.State.Bookings.Values
            .Where(b => BookingRules.IsOwnBooking(reader, b.BookerBadge, b.PlacedBy))
            .Where(b => booker is null || b.BookerBadge == booker)
            .Where(b => status is null || b.Status == status)
            .OrderBy(b => b.Id, StringComparer.Ordinal)
            .ToArray()));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeDueBookings();

    /// <summary>The alarm's wake (timer or reminder): tells the due bookings and arms the next wake.</summary>
    private Task WakeDueBookings() => _alarm.ArmAndSave(_state, TellDueBookings(_time.GetUtcNow()), changed: false);

    /// <summary>
    /// Tells the bookings whose hold has run out, as places free up; each applies its own release,
    /// stamped with its deadline, and reports it. Returns when to look again.
    /// </summary>
    private DateTimeOffset? TellDueBookings(DateTimeOffset now)
    {
        var wake = DayWakeRules.Decide(_state.State.Bookings.Values, _told, now);
        foreach (var id in wake.Tell)
        {
            var attempt = 1;
            if (_told.TryGetValue(id, out var previous))
            {
                attempt = previous.Attempt + 1;
                LogToldAgain(_logger, VenueId, id, _state.State.Bookings[id].HoldUntil!.Value, previous.At, attempt);
            }

            _told[id] = new WakeNotice(now, attempt);

            // One-way: a wake that fails is logged by the booking's silo, and told again at its retry.
            GrainFactory.GetGrain<IBookingGrain>(GrainKeys.Booking(VenueId, id)).WakeUp().Ignore();
        }

        return wake.Next;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Venue {VenueId}: booking {BookingId}, due at {Deadline:O}, was told at {ToldAt:O} and has not reported its release; telling it again (attempt {Attempt})")]
    private static partial void LogToldAgain(ILogger logger, string venueId, string bookingId, DateTimeOffset deadline, DateTimeOffset toldAt, int attempt);
}
