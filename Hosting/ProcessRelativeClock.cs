namespace ClubGrains.Hosting;

/// <summary>
/// The system clock with timestamps counted from this clock's creation (the silo's start) instead of
/// the machine's boot. Orleans 10.4.2's watchdog starts its platform thread before it stamps the
/// component check, so its first look measures from timestamp 0: with boot-relative timestamps that
/// read as a stall as long as the machine's uptime ("Participant check thread has not completed for
/// 00:49:08 … lock contention or deadlock") at every start. Counted from the start, the same look
/// measures a few seconds, under the watchdog's 20 s threshold, and a real stall still shows.
/// Timestamps only ever mean something relative to each other within one process, so nothing else
/// that reads the membership clock can tell the difference.
/// </summary>
public sealed class ProcessRelativeClock(TimeProvider system) : TimeProvider
{
    private readonly long _origin = system.GetTimestamp();

    public override long TimestampFrequency => system.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => system.LocalTimeZone;

    public override long GetTimestamp() => system.GetTimestamp() - _origin;

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        system.CreateTimer(callback, state, dueTime, period);
}
