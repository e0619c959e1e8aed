
namespace ClubGrains.Tests.Bookings;

/// <summary>Whom a venue day tells of a passed deadline, and when it looks again, at every edge of the clock.</summary>
public sealed class DayWakeRulesTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 27, 21, 0, 0, TimeSpan.FromHours(8));
    private static readonly Dictionary<string, WakeNotice> NoneTold = new(StringComparer.Ordinal);

    private static BookingSummary Held(string id, DateTimeOffset until) =>
        new(id, BookingStatus.Held, BookingSource.Reception, "王小明", "李娜", "K007", "k01", until, null, CreditStatus.None, 1);

    [Fact]
    public void BK2_a_wake_a_moment_before_the_deadline_tells_no_one_and_looks_again_just_after_the_deadline()
    {
        var wake = DayWakeRules.Decide([Held("a", Nine)], NoneTold, Nine.AddTicks(-1));

        Assert.Empty(wake.Tell);
        Assert.Equal(Nine.AddTicks(1), wake.Next);
    }

    [Fact]
    public void A_hold_stored_until_the_last_representable_instant_is_live_and_armed_for_that_instant()
    {
        var wake = DayWakeRules.Decide([Held("a", DateTimeOffset.MaxValue)], NoneTold, Nine);

        Assert.Empty(wake.Tell);
        Assert.Equal(DateTimeOffset.MaxValue, wake.Next);
    }

    [Fact]
    public void BK2_at_the_deadline_itself_the_hold_is_live_and_just_after_it_is_told()
    {
        Assert.Empty(DayWakeRules.Decide([Held("a", Nine)], NoneTold, Nine).Tell);
        Assert.Equal(["a"], DayWakeRules.Decide([Held("a", Nine)], NoneTold, Nine.AddTicks(1)).Tell);
    }

    [Fact]
    public void BK2_a_hold_that_ran_out_untold_is_told_now_never_left_to_a_retry_whoever_woke_the_day()
    {
        var now = Nine.AddSeconds(30);
        var wake = DayWakeRules.Decide([Held("a", Nine), Held("b", Nine.AddMinutes(20))], NoneTold, now);

        Assert.Equal(["a"], wake.Tell);
        Assert.Equal(now + DayWakeRules.RetryDelay(1), wake.Next);
    }

    [Fact]
    public void BK2_at_most_five_are_told_at_once_and_each_release_reported_makes_room_for_the_next()
    {
        var bookings = Enumerable.Range(0, 12).Select(i => Held($"b{i:00}", Nine)).ToList();
        var now = Nine.AddMilliseconds(1);

        var first = DayWakeRules.Decide(bookings, NoneTold, now);
        Assert.Equal(DayWakeRules.InFlight, first.Tell.Count);
        var told = first.Tell.ToDictionary(id => id, _ => new WakeNotice(now, 1), StringComparer.Ordinal);

        Assert.Empty(DayWakeRules.Decide(bookings, told, now).Tell);

        // Two report their release: two more are told, at the same instant.
        bookings.RemoveAll(b => b.Id == first.Tell[0] || b.Id == first.Tell[1]);
        told.Remove(first.Tell[0]);
        told.Remove(first.Tell[1]);
        var next = DayWakeRules.Decide(bookings, told, now);
        Assert.Equal(2, next.Tell.Count);
        Assert.DoesNotContain(next.Tell, told.ContainsKey);
        Assert.Equal(now + DayWakeRules.RetryDelay(1), next.Next);
    }

    [Fact]
    public void BK2_a_told_booking_that_never_reports_is_told_again_at_its_retry_each_later_than_the_last()
    {
        var told = new Dictionary<string, WakeNotice>(StringComparer.Ordinal) { ["a"] = new(Nine.AddMilliseconds(1), 1) };
        var retryAt = told["a"].RetryAt;

        Assert.Empty(DayWakeRules.Decide([Held("a", Nine)], told, retryAt.AddTicks(-1)).Tell);
        Assert.Equal(retryAt, DayWakeRules.Decide([Held("a", Nine)], told, retryAt.AddTicks(-1)).Next);
        Assert.Equal(["a"], DayWakeRules.Decide([Held("a", Nine)], told, retryAt).Tell);
        Assert.Equal(retryAt + DayWakeRules.RetryDelay(2), DayWakeRules.Decide([Held("a", Nine)], told, retryAt).Next);

        var delays = Enumerable.Range(1, 7).Select(DayWakeRules.RetryDelay).ToArray();
        Assert.Equal(TimeSpan.FromSeconds(5), delays[0]);
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(TimeSpan.FromMinutes(1), delays[^1]);
    }

    [Fact]
    public void Nothing_held_needs_no_wake_up()
    {
        var released = Held("a", Nine) with { Status = BookingStatus.Released, HoldUntil = null };

        Assert.Null(DayWakeRules.Decide([released], NoneTold, Nine.AddHours(1)).Next);
    }
}
