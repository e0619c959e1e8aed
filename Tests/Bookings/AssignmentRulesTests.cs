using static ClubGrains.Tests.Bookings.BookingSamples;

namespace ClubGrains.Tests.Bookings;

/// <summary>Which rooms an assignment tries and the hold it gives, in pure rules.</summary>
public sealed class AssignmentRulesTests
{
    [Fact]
    public void BK6_an_assignment_names_a_room_of_the_catalogue_or_a_type_it_has()
    {
        Assert.Null(AssignmentRules.CheckChoice("v1", SampleVenue, "k01", null));
        Assert.Null(AssignmentRules.CheckChoice("v1", SampleVenue, null, "LARGE"));
        Assert.Equal("Venue 'v1' has no room 'k99'.", Assert.Single(AssignmentRules.CheckChoice("v1", SampleVenue, "k99", "large")!.Fields!).Message);
        Assert.Equal("roomType", Assert.Single(AssignmentRules.CheckChoice("v1", SampleVenue, " ", "vip")!.Fields!).Field);

        var neither = AssignmentRules.CheckChoice("v1", SampleVenue, null, null)!;
        Assert.Equal(("roomId", "BK-6"), (Assert.Single(neither.Fields!).Field, neither.Rule));
    }

    [Fact]
    public void BK7_no_free_room_of_the_type_is_a_conflict()
    {
        var refusal = AssignmentRules.NoFreeRoom("large");

        Assert.Equal((RefusalKind.Conflict, "BK-7"), (refusal.Kind, refusal.Rule));
    }

    [Fact]
    public void BK3_once_booking_is_closed_the_policy_refuses_but_a_BK8_override_holds_for_the_late_minutes()
    {
        var closed = new BookingPolicy { BookingClosesAt = new TimeOnly(1, 0) };
        var late = new DateTimeOffset(2026, 11, 28, 2, 0, 0, China);

        Assert.Equal("BK-3", AssignmentRules.Hold(late, Shanghai, closed, overriding: false).Refusal!.Rule);
        Assert.Equal(new HoldDecision(late.AddMinutes(closed.LateHoldMinutes), "BK-3"), AssignmentRules.Hold(late, Shanghai, closed, overriding: true).Value);
        Assert.Equal(new HoldDecision(new DateTimeOffset(2026, 11, 27, 21, 0, 0, China), "BK-2"), AssignmentRules.Hold(Evening, Shanghai, closed, overriding: true).Value);
    }

    [Fact]
    public void BK2_the_booking_holding_its_room_records_the_deadline_in_the_venues_time_and_the_rule()
    {
        var hold = new HoldDecision(new DateTimeOffset(2026, 11, 27, 21, 0, 0, China), "BK-2");

        var held = AssignmentRules.Held(Requested(), SampleVenue.Rooms[0], hold, Evening, Desk, Shanghai, automatic: false);

        Assert.Equal((BookingStatus.Held, "k01", VenueKind.Ktv, hold.Until, "BK-2", false), (held.Status, held.RoomId, held.RoomKind, held.HoldUntil, held.HoldRule, held.AssignedAutomatically));
        Assert.Equal(new Change(Evening, Desk.ForRecord(), "assigned k01; held until 21:00:00 (BK-2)", "BK-2", Kind: BookingEvents.Assigned), held.History[^1]);
    }

    [Fact]
    public void BK6_an_automatic_assignment_is_recorded_under_receptions_rule()
    {
        var hold = new HoldDecision(new DateTimeOffset(2026, 11, 27, 21, 0, 0, China), "BK-2");

        var held = AssignmentRules.Held(Requested(), SampleVenue.Rooms[0], hold, Evening, Actor.System, Shanghai, automatic: true);

        Assert.True(held.AssignedAutomatically);
        Assert.Equal(("assigned automatically (the venue's policy allows it) k01; held until 21:00:00 (BK-2)", "BK-6"), (held.History[^1].What, held.History[^1].Rule));
    }
}
