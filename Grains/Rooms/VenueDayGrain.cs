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

    private readonly IPersistentState<VenueDayState> _state;
    private readonly TimeProvider _time;
    private DeadlineAlarm _alarm = null!;

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
        _state.State.WakeUp = await _alarm.Arm(NextWakeUp(), _state.State.WakeUp);
        await _state.WriteOrReloadAsync(this);
    }

    public Task<Result<IReadOnlyList<BookingSummary>>> List(Actor reader, string? bookerBadge, BookingStatus? status, CancellationToken cancellationToken = default)
    {
        if (BookingRules.MayRead(reader, VenueId) is { } denied)
        {
            return Task.FromResult<Result<IReadOnlyList<BookingSummary>>>(denied);
        }

        // A manager's list is their own bookings, whatever badge they asked for.
        var booker = reader.Role == Roles.Manager ? reader.Badge : bookerBadge;
        return Task.FromResult(Result.Ok<IReadOnlyList<BookingSummary>>(_state.State.Bookings.Values
            .Where(b => booker is null || b.BookerBadge == booker)
            .Where(b => status is null || b.Status == status)
            .OrderBy(b => b.Id, StringComparer.Ordinal)
            .ToArray()));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeDueBookings();

    /// <summary>Tells every booking whose hold has run out; each applies its own release, stamped with its deadline.</summary>
    private async Task WakeDueBookings()
    {
        var now = _time.GetUtcNow();
        foreach (var due in _state.State.Bookings.Values.Where(b => b.Status == BookingStatus.Held && HoldRules.IsExpired(b.HoldUntil, now)))
        {
            GrainFactory.GetGrain<IBookingGrain>(RoomKeys.Booking(VenueId, due.Id)).WakeUp().Ignore();
        }

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
