using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// The fake clock, with timers that fire a set time off their due time: early, as real grain timers
/// often do (a millisecond clock, not the wall clock the grain reads), or late, as on a loaded machine.
/// </summary>
public sealed class SkewedTimerClock(FakeTimeProvider clock) : TimeProvider
{
    /// <summary>Negative: timers fire this much early; positive: this much late.</summary>
    public TimeSpan Skew { get; set; }

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new SkewedTimer(clock.CreateTimer(callback, state, Skewed(dueTime), period), this);

    private TimeSpan Skewed(TimeSpan dueTime) =>
        dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime + Skew < TimeSpan.Zero ? TimeSpan.Zero : dueTime + Skew;

    private sealed class SkewedTimer(ITimer timer, SkewedTimerClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(clock.Skewed(dueTime), period);

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
