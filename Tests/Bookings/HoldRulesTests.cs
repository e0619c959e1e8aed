using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Bookings;

/// <summary>BK-2 and BK-3 at their edges, in the venue's zone and business day.</summary>
public sealed class HoldRulesTests
{
    private static readonly VenueClock Shanghai = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(6, 0));
    private static readonly VenueClock Berlin = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), new TimeOnly(6, 0));
    private static readonly BookingPolicy Policy = new();

    private static DateTimeOffset At(int day, int hour, int minute, int second = 0) => new(2026, 11, day, hour, minute, second, China);

    private static HoldDecision Hold(DateTimeOffset assignedAt, BookingPolicy? policy = null, VenueClock? clock = null) =>
        HoldRules.Deadline(assignedAt, clock ?? Shanghai, policy ?? Policy).Value!;

    [Fact]
    public void BK2_booking_assigned_at_204459_is_held_until_2100()
    {
        Assert.Equal(new HoldDecision(At(27, 21, 0), "BK-2"), Hold(At(27, 20, 44, 59)));
    }

    [Fact]
    public void BK2_booking_assigned_in_the_morning_is_held_until_2100_of_that_business_day()
    {
        Assert.Equal(new HoldDecision(At(27, 21, 0), "BK-2"), Hold(At(27, 10, 0)));
        Assert.Equal(new HoldDecision(At(27, 21, 0), "BK-2"), Hold(At(27, 6, 0)));
    }

    [Fact]
    public void BK3_booking_assigned_at_2045_exactly_is_held_20_minutes_from_the_assignment()
    {
        Assert.Equal(new HoldDecision(At(27, 21, 5), "BK-3"), Hold(At(27, 20, 45)));
    }

    [Fact]
    public void BK3_booking_assigned_at_224459_is_held_the_later_window_minutes()
    {
        var policy = Policy with { LaterHoldMinutes = 20, LateHoldMinutes = 15 };

        Assert.Equal(new HoldDecision(At(27, 23, 4, 59), "BK-3"), Hold(At(27, 22, 44, 59), policy));
        Assert.Equal(new HoldDecision(At(27, 23, 0), "BK-3"), Hold(At(27, 22, 45), policy));
    }

    [Fact]
    public void BK3_two_in_the_morning_is_late_in_the_evening_not_before_2045()
    {
        // 02:00 on the 28th belongs to the 27th's business day: a late assignment, held 20 minutes.
        Assert.Equal(new HoldDecision(At(28, 2, 20), "BK-3"), Hold(At(28, 2, 0)));
    }

    [Fact]
    public void BK2_the_business_day_turns_at_the_cutoff()
    {
        Assert.Equal(new HoldDecision(At(28, 6, 19, 59), "BK-3"), Hold(At(28, 5, 59, 59)));
        Assert.Equal(new HoldDecision(At(28, 21, 0), "BK-2"), Hold(At(28, 6, 0)));
    }

    [Fact]
    public void BK3_a_venue_may_close_booking_at_a_time_of_its_choosing()
    {
        var policy = Policy with { BookingClosesAt = new TimeOnly(1, 0) };

        Assert.True(HoldRules.Deadline(At(28, 0, 59, 59), Shanghai, policy).Succeeded);
        var closed = HoldRules.Deadline(At(28, 1, 0), Shanghai, policy).Refusal!;
        Assert.Equal("BK-3", closed.Rule);
        Assert.True(HoldRules.Deadline(At(28, 6, 0), Shanghai, policy).Succeeded);
    }

    [Fact]
    public void BK2_window_edges_follow_the_venues_policy_not_constants()
    {
        var policy = Policy with { EarlyAssignmentBefore = new TimeOnly(19, 30), EarlyHoldUntil = new TimeOnly(20, 0), LaterWindowEnd = new TimeOnly(23, 0), LaterHoldMinutes = 30 };

        Assert.Equal(new HoldDecision(At(27, 20, 0), "BK-2"), Hold(At(27, 19, 29), policy));
        Assert.Equal(new HoldDecision(At(27, 20, 0), "BK-3"), Hold(At(27, 19, 30), policy));
    }

    [Fact]
    public void BK2_holds_keep_the_local_2100_across_daylight_saving()
    {
        var winter = new DateTimeOffset(2026, 3, 28, 10, 0, 0, TimeSpan.FromHours(1));
        var summer = new DateTimeOffset(2026, 3, 29, 10, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 20, 0, 0, TimeSpan.Zero), Hold(winter, clock: Berlin).Until.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 19, 0, 0, TimeSpan.Zero), Hold(summer, clock: Berlin).Until.ToUniversalTime());
    }

    [Fact]
    public void BK2_a_hold_is_live_at_its_deadline_and_expired_just_after()
    {
        var deadline = At(27, 21, 0);

        Assert.False(HoldRules.IsExpired(deadline, deadline));
        Assert.True(HoldRules.IsExpired(deadline, deadline.AddTicks(1)));
        Assert.False(HoldRules.IsExpired(null, deadline));
    }
}
