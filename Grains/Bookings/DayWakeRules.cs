namespace ClubGrains.Bookings;

/// <summary>When a venue day told a held booking that its deadline had passed, and how often it has.</summary>
public sealed record WakeNotice(DateTimeOffset At, int Attempt)
{
    /// <summary>A told booking that has not reported its release by then is told again.</summary>
    public DateTimeOffset RetryAt => At + DayWakeRules.RetryDelay(Attempt);
}

/// <summary>What a venue day does now: the bookings to tell, and when it must look again (null: nothing held).</summary>
public sealed record DayWake(IReadOnlyList<string> Tell, DateTimeOffset? Next);

/// <summary>
/// Which held bookings a venue day tells of their passed deadline, and when it looks again: one
/// reading of the clock for both, so a wake that comes a moment before a deadline looks again just
/// after it, and a hold that ran out is told as soon as a place is free, never made to wait for a
/// retry it was not due. At most <see cref="InFlight"/> bookings are told and not yet released at
/// once, so the releases go as fast as storage takes their writes without queueing hundreds of
/// grain turns ahead of the desks' board reads; each release reported frees a place at once.
/// </summary>
public static class DayWakeRules
{
    /// <summary>Bookings told and not yet reported released, at most, per venue day.</summary>
    public const int InFlight = 5;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    /// <summary>5 s after the first notice, doubling to a minute: a lost or failed wake is repeated, a slow one is not hurried.</summary>
    public static TimeSpan RetryDelay(int attempt) =>
        attempt >= 5 ? LongestRetry : TimeSpan.FromTicks(FirstRetry.Ticks << Math.Max(0, attempt - 1));

    public static DayWake Decide(IEnumerable<BookingSummary> bookings, IReadOnlyDictionary<string, WakeNotice> told, DateTimeOffset now)
    {
        var held = bookings.Where(b => b.Status == BookingStatus.Held && b.HoldUntil is not null).ToArray();
        if (held.Length == 0)
        {
            return new DayWake([], null);
        }

        var expired = held.Where(b => HoldRules.IsExpired(b.HoldUntil, now))
            .OrderBy(b => b.HoldUntil)
            .ThenBy(b => b.Id, StringComparer.Ordinal)
            .ToArray();
        var waiting = told.Count == 0 ? expired : expired.Where(b => !told.TryGetValue(b.Id, out var notice) || now >= notice.RetryAt).ToArray();
        var places = InFlight - (expired.Length - waiting.Length);
        var tell = waiting.Take(Math.Max(0, places)).Select(b => b.Id).ToArray();

        // Just after each live deadline (a hold is live at its deadline), and each told booking's retry.
        // Bookings still waiting for a place need no time of their own: a place frees at a release
        // reported or at a retry, and both look again.
        var live = held.Where(b => !HoldRules.IsExpired(b.HoldUntil, now)).Select(b => JustAfter(b.HoldUntil!.Value));
        var retries = expired.Select(b => tell.Contains(b.Id, StringComparer.Ordinal)
                ? now + RetryDelay(told.TryGetValue(b.Id, out var previous) ? previous.Attempt + 1 : 1)
                : told.TryGetValue(b.Id, out var notice) && now < notice.RetryAt ? notice.RetryAt : (DateTimeOffset?)null)
            .Where(at => at is not null)
            .Select(at => at!.Value);
        var times = live.Concat(retries).ToArray();
        return new DayWake(tell, times.Length == 0 ? null : times.Min());
    }

    /// <summary>The first instant a hold is over; a hold stored until the last representable instant never is.</summary>
    private static DateTimeOffset JustAfter(DateTimeOffset deadline) =>
        deadline == DateTimeOffset.MaxValue ? deadline : deadline.AddTicks(1);
}
