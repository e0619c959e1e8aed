using static ClubGrains.Tests.Bookings.BookingSamples;

namespace ClubGrains.Tests.Bookings;

/// <summary>BK-8 on a booking in pure rules: extend, reinstate, repair.</summary>
public sealed class BookingOverrideRulesTests
{
    [Fact]
    public void BK8_only_a_held_booking_has_its_hold_extended()
    {
        Assert.Null(BookingOverrideRules.MayExtend(Held()));
        Assert.Equal("BK-8", BookingOverrideRules.MayExtend(Seated())!.Rule);
    }

    [Fact]
    public void BK8_an_extension_runs_past_the_deadline_within_the_business_day_and_says_why()
    {
        Assert.Null(BookingOverrideRules.CheckExtension(Held(), Evening.AddHours(2), Shanghai, "the guest is stuck in traffic"));

        var refusal = BookingOverrideRules.CheckExtension(Held(), Evening.AddMinutes(30), Shanghai, null)!;
        Assert.Equal(["until", "reason"], refusal.Fields!.Select(f => f.Field));
        Assert.All(refusal.Fields!, f => Assert.Equal("BK-8", f.Rule));
    }

    [Fact]
    public void BK8_a_released_or_cancelled_booking_is_reinstated_with_a_reason()
    {
        Assert.Null(BookingOverrideRules.MayReinstate(Released(), "the guest was at the door"));
        Assert.Equal("reason", Assert.Single(BookingOverrideRules.MayReinstate(Released(), null)!.Fields!).Field);
        Assert.Equal("Cannot reinstate a booking that is held.", BookingOverrideRules.MayReinstate(Held(), "why")!.Message);
    }

    [Fact]
    public void BK8_a_reinstated_booking_forgets_its_release_and_credit()
    {
        var reopened = BookingOverrideRules.Reopened(Released(afterOutage: true) with { Credit = CreditStatus.None, ArrivedAfterCancellationAt = Evening });

        Assert.Equal((BookingStatus.Requested, false, CreditStatus.Pending), (reopened.Status, reopened.ReleasedAfterOutage, reopened.Credit));
        Assert.Null(reopened.ReleasedAt);
        Assert.Null(reopened.ArrivedAfterCancellationAt);
    }

    [Fact]
    public void BK8_a_room_is_repaired_only_from_a_booking_that_does_not_agree_with_it()
    {
        Assert.Null(BookingOverrideRules.CheckRepairNeeded("b1", null, "k01"));
        Assert.Null(BookingOverrideRules.CheckRepairNeeded("b1", Released(), "k01"));
        Assert.Null(BookingOverrideRules.CheckRepairNeeded("b1", Seated(), "k02"));

        var agrees = BookingOverrideRules.CheckRepairNeeded("b1", Seated(), "k01")!;
        Assert.Equal((RefusalKind.Conflict, "BK-8"), (agrees.Kind, agrees.Rule));
        Assert.Equal("reason", Assert.Single(BookingOverrideRules.CheckRepairReason(" ")!.Fields!).Field);
    }
}
