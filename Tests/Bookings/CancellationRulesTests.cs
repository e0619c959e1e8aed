using static ClubGrains.Tests.Bookings.BookingSamples;

namespace ClubGrains.Tests.Bookings;

/// <summary>Cancelling at the booker's request (BK-5), asked by the booker (BK-6), or by override (BK-8).</summary>
public sealed class CancellationRulesTests
{
    [Fact]
    public void BK5_a_booking_not_yet_seated_is_cancelled_under_the_bookers_rule()
    {
        Assert.Null(CancellationRules.MayCancel(Requested(), null));
        Assert.Null(CancellationRules.MayCancel(Held(), "guest called"));
        Assert.Equal("BK-5", CancellationRules.RuleOf(atBookersRequest: true));
        Assert.Equal("BK-6", CancellationRules.MayCancel(Seated(), null)!.Rule);
    }

    [Fact]
    public void BK8_a_cancellation_for_any_other_reason_is_an_override_that_says_why()
    {
        Assert.Equal("BK-8", CancellationRules.RuleOf(atBookersRequest: false));
        var missing = CancellationRules.CheckOverrideReason(" ")!;
        Assert.Equal(("reason", "BK-8"), (Assert.Single(missing.Fields!).Field, missing.Rule));
        Assert.Null(CancellationRules.CheckOverrideReason("no-show, the booker agreed"));
        Assert.Equal("BK-8", CancellationRules.MayCancel(Held(), new string('x', Limits.Reason + 1))!.Rule);
    }

    [Fact]
    public void BK6_only_the_booker_asks_reception_to_cancel()
    {
        Assert.Null(CancellationRules.MayAskToCancel(Booker, Held(), null));
        var other = CancellationRules.MayAskToCancel(Booker with { Badge = "K008" }, Held(), null)!;
        Assert.Equal((RefusalKind.Forbidden, "BK-6"), (other.Kind, other.Rule));
    }

    [Fact]
    public void BK6_a_partner_system_asks_only_for_the_bookings_it_placed()
    {
        var partner = new Actor("partner-9", Roles.ApiClient, Venues: ["v1"]);

        Assert.Null(CancellationRules.MayAskToCancel(partner, Held() with { PlacedBy = "partner-9" }, null));
        Assert.Equal(RefusalKind.Forbidden, CancellationRules.MayAskToCancel(partner, Held(), null)!.Kind);
    }

    [Fact]
    public void BK6_reception_is_asked_once_and_only_before_the_party_is_seated()
    {
        var asked = CancellationRules.MayAskToCancel(Booker, Held() with { CancellationRequestedAt = Evening }, null)!;
        Assert.Equal((RefusalKind.Conflict, "BK-6"), (asked.Kind, asked.Rule));
        Assert.Equal("Cannot ask to cancel a booking that is seated.", CancellationRules.MayAskToCancel(Booker, Seated(), null)!.Message);
    }
}
