using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Shifts;

/// <summary>Pure rules of a department's shift on one business day (WD-1, WD-2).</summary>
public static class ShiftRules
{
    public const string SignInRule = "WD-1";

    /// <summary>WD-1: the business day's sign-in deadline, and the shift's close at the day's end (WD-2).</summary>
    public static (DateTimeOffset SignInBy, DateTimeOffset ClosesAt) Times(VenueSnapshot venue, DateOnly day)
    {
        var clock = VenueClock.For(venue.Venue);
        return (clock.InstantOf(day, venue.Policy.Workday.SignInBy), StaffRules.EndOf(day, clock));
    }
}
