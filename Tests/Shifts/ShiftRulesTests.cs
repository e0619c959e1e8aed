using ClubGrains.Shifts;

namespace ClubGrains.Tests.Shifts;

/// <summary>The pure rules of a department's shift, without a silo.</summary>
public sealed class ShiftRulesTests
{
    private static VenueSnapshot Snapshot(string zone, TimeOnly cutoff, TimeOnly signInBy)
    {
        var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        var venue = new Venue("v1", "夜色", zone, cutoff, [VenueKind.Ktv], "CNY", at, at);
        var policy = VenuePolicy.Default with { Workday = VenuePolicy.Default.Workday with { SignInBy = signInBy } };
        return new VenueSnapshot(venue, policy, Array.Empty<RoomDefinition>());
    }

    [Fact]
    public void The_sign_in_deadline_is_the_policys_time_on_the_business_day_and_the_close_is_the_next_cutoff()
    {
        var (signInBy, closesAt) = ShiftRules.Times(Snapshot("Asia/Shanghai", new TimeOnly(6, 0), new TimeOnly(18, 0)), new DateOnly(2026, 11, 27));

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(8)), signInBy);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.FromHours(8)), closesAt);
    }

    [Fact]
    public void A_sign_in_time_before_the_cutoff_falls_on_the_next_calendar_day()
    {
        var (signInBy, closesAt) = ShiftRules.Times(Snapshot("Asia/Shanghai", new TimeOnly(6, 0), new TimeOnly(1, 0)), new DateOnly(2026, 11, 27));

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.FromHours(8)), signInBy);
        Assert.True(signInBy < closesAt);
    }

    [Fact]
    public void The_times_are_read_in_the_venues_zone()
    {
        var (signInBy, _) = ShiftRules.Times(Snapshot("Europe/Berlin", new TimeOnly(6, 0), new TimeOnly(18, 0)), new DateOnly(2026, 11, 27));

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero), signInBy);
    }
}
