using ClubGrains.Common;
using ClubGrains.Deadlines;
using ClubGrains.Hosting;

namespace ClubGrains.Rooms;

[GenerateSerializer, Alias("clubgrains.VenueDayState")]
public sealed class VenueDayState
{
    [Id(0)] public Dictionary<string, BookingSummary> Bookings { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? WakeUp { get; set; }
}

/// <summary>
/// A venue's business day: the bookings' index (lists and reports read one grain) and the durable
/// wake-up for their holds. One reminder per venue and day carries every hold deadline, so the 21:00
/// holds of a venue cost one wake-up, not one each; the grain timer makes releases precise while the
/// day is active, and the reminder brings them after a crash or restart.
/// </summary>
public sealed class VenueDayGrain : Grain, IVenueDayGrain, IRemindable
{
    /// <summary>When a woken booking has not reported its release yet, wake it again after this.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Due bookings told per wake, and the pause (plus up to as much again at random) before the next ones.
    /// At 21:00 every hold of every venue falls due at one instant; telling them all at once queued
    /// thousands of grain turns ahead of the desks' board reads, while the releases can go no faster
    /// than storage takes their writes anyway. The releases are stamped with their deadlines all the same.
    /// </summary>
    private const int WakeBatch = 5;

    private static readonly TimeSpan WakeSpacing = TimeSpan.FromMilliseconds(250);

    private readonly IPersistentState<VenueDayState> _state;
    private readonly TimeProvider _time;

    // Bookings told of their deadline by this activation, and when: told again only after RetryAfter.
    private readonly Dictionary<string, DateTimeOffset> _woken = new(StringComparer.Ordinal);
    private DeadlineAlarm _alarm = null!;
    private IGrainTimer? _nextBatch;

    public VenueDayGrain([PersistentState("day", StorageNames.Club)] IPersistentState<VenueDayState> state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    private string VenueId => RoomKeys.Split(this.GetPrimaryKeyString()).VenueId;

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
        if (booking.Status != BookingStatus.Held)
        {
            _woken.Remove(booking.Id);
        }

        _state.State.WakeUp = await _alarm.Arm(NextWakeUp(), _state.State.WakeUp);
        await _state.WriteOrReloadAsync(this);
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

    /// <summary>
    /// Tells the bookings whose hold has run out, a batch at a time; each applies its own release,
    /// stamped with its deadline.
    /// </summary>
    private async Task WakeDueBookings()
    {
        var now = _time.GetUtcNow();
        var due = _state.State.Bookings.Values
            .Where(b => b.Status == BookingStatus.Held && HoldRules.IsExpired(b.HoldUntil, now))
            .Where(b => !_woken.TryGetValue(b.Id, out var told) || now - told >= RetryAfter)
            .ToArray();
        foreach (var booking in due.Take(WakeBatch))
        {
            _woken[booking.Id] = now;
            GrainFactory.GetGrain<IBookingGrain>(RoomKeys.Booking(VenueId, booking.Id)).WakeUp().Ignore();
        }

        _nextBatch?.Dispose();
        _nextBatch = due.Length > WakeBatch
            ? this.RegisterGrainTimer(WakeDueBookings, new GrainTimerCreationOptions(WakeSpacing * (1 + Random.Shared.NextDouble()), Timeout.InfiniteTimeSpan))
            : null;

        var wakeUp = await _alarm.Arm(NextWakeUp(), _state.State.WakeUp);
        if (wakeUp != _state.State.WakeUp)
        {
            _state.State.WakeUp = wakeUp;
            await _state.WriteOrReloadAsync(this);
        }
    }

    /// <summary>Just after the earliest live deadline (a hold is live at its deadline), or a retry for holds already woken.</summary>
    private DateTimeOffset? NextWakeUp()
    {
        var now = _time.GetUtcNow();
        var held = _state.State.Bookings.Values.Where(b => b.Status == BookingStatus.Held && b.HoldUntil is not null).ToArray();
        if (held.Length == 0)
        {
            return null;
        }

        var live = held.Where(b => !HoldRules.IsExpired(b.HoldUntil, now)).Select(b => b.HoldUntil!.Value.AddTicks(1));
        var retry = held.Any(b => HoldRules.IsExpired(b.HoldUntil, now)) ? new[] { now + RetryAfter } : [];
        return live.Concat(retry).Min();
    }
}
