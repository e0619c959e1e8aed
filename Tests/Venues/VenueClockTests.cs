
namespace ClubGrains.Tests.Venues;

public sealed class VenueClockTests
{
    private static readonly VenueClock Shanghai = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(6, 0));
    private static readonly VenueClock Berlin = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), new TimeOnly(6, 0));

    [Fact]
    public void Half_past_one_on_saturday_belongs_to_fridays_business_day()
    {
        var saturday0130 = new DateTimeOffset(2026, 11, 28, 1, 30, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateOnly(2026, 11, 27), Shanghai.BusinessDayOf(saturday0130));
    }

    [Fact]
    public void The_business_day_starts_exactly_at_the_cutoff()
    {
        Assert.Equal(new DateOnly(2026, 11, 27), Shanghai.BusinessDayOf(new DateTimeOffset(2026, 11, 28, 5, 59, 59, TimeSpan.FromHours(8))));
        Assert.Equal(new DateOnly(2026, 11, 28), Shanghai.BusinessDayOf(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void The_business_day_is_read_in_the_venues_zone_not_utc()
    {
        // 20:00 UTC on the 27th is 04:00 on the 28th in Shanghai: still the 27th's business day.
        Assert.Equal(new DateOnly(2026, 11, 27), Shanghai.BusinessDayOf(new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero)));

        // 23:00 UTC on the 27th is 07:00 on the 28th: the 28th's.
        Assert.Equal(new DateOnly(2026, 11, 28), Shanghai.BusinessDayOf(new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Clock_times_after_midnight_fall_on_the_next_calendar_date()
    {
        var day = new DateOnly(2026, 11, 27);

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.FromHours(8)), Shanghai.InstantOf(day, new TimeOnly(21, 0)));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.FromHours(8)), Shanghai.InstantOf(day, new TimeOnly(2, 0)));
    }

    [Fact]
    public void Daylight_saving_changes_keep_local_clock_times()
    {
        // Berlin: 21:00 local is 20:00 UTC in winter and 19:00 UTC in summer.
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 20, 0, 0, TimeSpan.Zero), Berlin.InstantOf(new DateOnly(2026, 3, 28), new TimeOnly(21, 0)).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 19, 0, 0, TimeSpan.Zero), Berlin.InstantOf(new DateOnly(2026, 3, 29), new TimeOnly(21, 0)).ToUniversalTime());

        // 02:30 on 29 March 2026 does not exist in Berlin; it moves to 03:30 (CEST).
        var skipped = Berlin.InstantOf(new DateOnly(2026, 3, 28), new TimeOnly(2, 30));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), skipped);
    }

    [Fact]
    public void Offsets_in_the_business_day_order_two_am_after_the_evening()
    {
        Assert.True(Shanghai.OffsetInBusinessDay(new TimeOnly(2, 0)) > Shanghai.OffsetInBusinessDay(new TimeOnly(22, 45)));
        Assert.Equal(TimeSpan.Zero, Shanghai.OffsetInBusinessDay(new TimeOnly(6, 0)));
    }
}
