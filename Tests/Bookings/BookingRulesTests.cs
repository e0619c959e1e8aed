
namespace ClubGrains.Tests.Bookings;

public sealed class BookingRulesTests
{
    private static readonly BookingRequest Complete = new("王小明", "13800138000", VenueKind.Ktv, "李娜", "K007");

    [Fact]
    public void BK1_a_request_with_every_detail_passes()
    {
        Assert.Empty(BookingRules.CheckDetails(Complete));
    }

    [Fact]
    public void BK1_every_missing_detail_is_listed()
    {
        var errors = BookingRules.CheckDetails(new BookingRequest(GuestPhone: " "));

        Assert.Equal(["guestName", "guestPhone", "bookerDepartment", "bookerName", "bookerBadge"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("BK-1", e.Rule));
    }

    [Fact]
    public void BK1_a_phone_that_is_not_a_number_is_refused()
    {
        var errors = BookingRules.CheckDetails(Complete with { GuestPhone = "call me" });

        Assert.Equal("guestPhone", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("138 0013 8000", "+8613800138000")]
    [InlineData("+86 138-0013-8000", "+8613800138000")]
    [InlineData("0086 13800138000", "+8613800138000")]
    [InlineData("8613800138000", null)]
    [InlineData("021-6888 1234", "+862168881234")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    [InlineData("12800138000", null)]
    [InlineData("12345", null)]
    [InlineData("138OO138000", null)]
    public void BK1_phone_numbers_compare_after_normalisation(string text, string? normalized)
    {
        Assert.Equal(normalized, PhoneNumbers.Normalize(text));
    }

    [Fact]
    public void BK6_a_manager_places_bookings_only_as_their_own_badge()
    {
        var manager = new Actor("m-7", Roles.Manager, "李娜", "K007", ["v1"], "ktv");

        Assert.Null(BookingRules.MayPlace(manager, Complete));
        Assert.Equal("BK-6", BookingRules.MayPlace(manager, Complete with { BookerBadge = "K008" })!.Rule);

        // The department is the manager's record's to decide (ManagerGrain.MayBook), not the token's.
        Assert.Null(BookingRules.MayPlace(manager with { Department = "disco" }, Complete));
    }

    [Fact]
    public void BK6_reception_assigns_on_placement_and_others_only_when_the_policy_allows_it()
    {
        var policy = new BookingPolicy();

        Assert.True(BookingRules.AssignsOnPlacement(new Actor("d", Roles.Reception), policy));
        Assert.False(BookingRules.AssignsOnPlacement(new Actor("m", Roles.Manager), policy));
        Assert.False(BookingRules.AssignsOnPlacement(new Actor("p", Roles.ApiClient), policy));
        Assert.True(BookingRules.AssignsOnPlacement(new Actor("p", Roles.ApiClient), policy with { AutomaticAssignment = true }));
    }
}
