using static ClubGrains.Tests.Bookings.BookingSamples;

namespace ClubGrains.Tests.Bookings;

/// <summary>Arrivals after the hold ended, in pure rules: after the release (BK-4), the booker's cancellation (BK-5), an outage.</summary>
public sealed class LateArrivalRulesTests
{
    private static readonly LateArrivalCheck Match = new(true, "name and phone checked", "k02", "王小明", "13800138000");

    private static Booking CancelledByBooker() =>
        Held() with { Status = BookingStatus.Cancelled, History = [.. Held().History, new Change(Evening, Desk, "cancelled", "BK-5")] };

    [Fact]
    public void BK4_a_released_booking_takes_reception_s_check()
    {
        Assert.Null(LateArrivalRules.CheckAfterRelease(Released(), Match));
        Assert.Null(LateArrivalRules.CheckAfterRelease(Released(), Match with { DetailsMatch = false, RoomId = null }));
        Assert.Equal("BK-4", LateArrivalRules.CheckAfterRelease(Held(), Match)!.Rule);
    }

    [Fact]
    public void BK4_the_check_names_the_decision_the_reason_and_for_a_match_the_room()
    {
        var refusal = LateArrivalRules.CheckAfterRelease(Released(), new LateArrivalCheck(Reason: " "))!;
        Assert.Equal(["detailsMatch", "reason"], refusal.Fields!.Select(f => f.Field));
        Assert.All(refusal.Fields!, f => Assert.Equal("BK-4", f.Rule));

        var noRoom = LateArrivalRules.CheckAfterRelease(Released(), Match with { RoomId = null })!;
        Assert.Equal("roomId", Assert.Single(noRoom.Fields!).Field);
    }

    [Fact]
    public void BK4_a_mismatch_recommends_the_policys_fine_on_the_booker_once()
    {
        var fine = LateArrivalRules.Fine(Released(), new BookingPolicy { CheatingFine = 800m }, Evening, Desk, "evidence");

        Assert.Equal(new FineRecommendation("BK-4", "K007", 800m, "CNY", Evening, Desk.ForRecord(), "evidence"), fine);
        Assert.Equal("BK-4:b1", LateArrivalRules.FineOperation("b1"));
        Assert.True(LateArrivalRules.IsFineRetry(Released() with { Status = BookingStatus.Void, Fine = fine }, Match with { DetailsMatch = false }));
        Assert.False(LateArrivalRules.IsFineRetry(Released() with { Status = BookingStatus.Void, Fine = fine }, Match));
    }

    [Fact]
    public void BK4_the_evidence_sets_what_arrived_beside_what_was_booked()
    {
        Assert.Equal("name and phone checked (booked: 王小明, 138 0013 8000; arriving: 王小明, 13800138000, same phone)", LateArrivalRules.Evidence(Released(), Match));
        Assert.EndsWith("arriving: not given, not given)", LateArrivalRules.Evidence(Released(), new LateArrivalCheck(false, "no one")));
        Assert.EndsWith("another phone)", LateArrivalRules.Evidence(Released(), Match with { ArrivingGuestPhone = "13900139000" }));
    }

    [Fact]
    public void BK5_an_arrival_after_the_bookers_cancellation_is_recorded_once_with_its_reason()
    {
        Assert.True(LateArrivalRules.IsAfterBookersCancellation(CancelledByBooker()));
        Assert.Null(LateArrivalRules.CheckAfterCancellation(CancelledByBooker(), Match));
        Assert.Equal("reason", Assert.Single(LateArrivalRules.CheckAfterCancellation(CancelledByBooker(), Match with { Reason = null })!.Fields!).Field);

        var again = LateArrivalRules.CheckAfterCancellation(CancelledByBooker() with { ArrivedAfterCancellationAt = Evening }, Match)!;
        Assert.Equal((RefusalKind.Conflict, "BK-5"), (again.Kind, again.Rule));
    }

    [Fact]
    public void BK8_a_booking_released_by_override_is_no_cancellation_by_the_booker()
    {
        var overridden = Held() with { Status = BookingStatus.Cancelled, History = [.. Held().History, new Change(Evening, Desk, "released", "BK-8")] };

        Assert.False(LateArrivalRules.IsAfterBookersCancellation(overridden));
    }

    [Fact]
    public void BK2_an_arrival_during_an_outage_undoes_only_a_release_applied_after_it_and_only_before_the_deadline()
    {
        var afterOutage = Released(afterOutage: true);

        Assert.Null(LateArrivalRules.CheckOutageArrival(afterOutage, Evening.AddMinutes(59), "the door log"));
        Assert.Equal(RefusalKind.Conflict, LateArrivalRules.CheckOutageArrival(Released(), Evening.AddMinutes(59), "the door log")!.Kind);
        var late = LateArrivalRules.CheckOutageArrival(afterOutage, Evening.AddMinutes(61), null)!;
        Assert.Equal(["arrivedAt", "reason"], late.Fields!.Select(f => f.Field));
        Assert.All(late.Fields!, f => Assert.Equal("BK-2", f.Rule));
    }
}
