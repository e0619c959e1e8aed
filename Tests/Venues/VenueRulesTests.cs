
namespace ClubGrains.Tests.Venues;

/// <summary>The pure rules for venues, policies and rooms, without a silo.</summary>
public sealed class VenueRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeOnly Cutoff = new(6, 0);

    private static IReadOnlyList<string> Fields(Refusal? refusal) => refusal!.Fields!.Select(f => f.Field).ToArray();

    [Fact]
    public void Default_policy_holds_the_rulebook_numbers_and_is_valid()
    {
        var policy = VenuePolicy.Default;
        Assert.Equal(new TimeOnly(20, 45), policy.Bookings.EarlyAssignmentBefore);
        Assert.Equal(new TimeOnly(21, 0), policy.Bookings.EarlyHoldUntil);
        Assert.Equal(new TimeOnly(22, 45), policy.Bookings.LaterWindowEnd);
        Assert.Equal(20, policy.Bookings.LaterHoldMinutes);
        Assert.Equal(500m, policy.Bookings.CheatingFine);
        Assert.Equal(new TimeOnly(18, 0), policy.Workday.SignInBy);
        Assert.Equal(50m, policy.Workday.LateFine);
        Assert.Equal(5, policy.Workday.ReplyMinutes);
        Assert.Equal(100m, policy.Workday.LeavingPostFine);
        Assert.Equal(new TimeOnly(20, 30), policy.Workday.MealReturnBy);
        Assert.Equal(7, policy.Workday.LateStreakForReview);
        Assert.Equal(3, policy.Logs.EmptyLogDaysForFine);
        Assert.Equal(100_000m, policy.Targets.KtvMonthlyRevenue);
        Assert.Equal(30, policy.Targets.KtvMonthlyRooms);
        Assert.Equal(7, policy.Targets.NewCustomersMin);
        Assert.Equal(15, policy.Targets.NewCustomersDueDay);
        Assert.Equal((200m, 500m), (policy.Discipline.QuarrelFineMin, policy.Discipline.QuarrelFineMax));
        Assert.Equal((5, 10, 3), (policy.Discipline.TipFirstMultiplier, policy.Discipline.TipSecondMultiplier, policy.Discipline.TipDismissalAt));
        Assert.Equal(50_000m, policy.Customers.BigCustomerSpend);
        Assert.Equal(3, policy.Customers.CallbackDays);
        Assert.True(VenueRules.Policy(policy, Cutoff).Succeeded);
    }

    [Fact]
    public void BK3_overlapping_hold_windows_are_refused_naming_the_field()
    {
        var policy = VenuePolicy.Default with
        {
            Bookings = new BookingPolicy { EarlyAssignmentBefore = new TimeOnly(23, 0), EarlyHoldUntil = new TimeOnly(23, 30) },
        };

        var result = VenueRules.Policy(policy, Cutoff);

        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        var error = Assert.Single(result.Refusal.Fields!);
        Assert.Equal("bookings.laterWindowEnd", error.Field);
        Assert.Equal("BK-3", error.Rule);
    }

    [Fact]
    public void BK2_BK3_zero_minute_holds_are_refused()
    {
        var policy = VenuePolicy.Default with
        {
            Bookings = new BookingPolicy { EarlyHoldUntil = new TimeOnly(20, 45), LaterHoldMinutes = 0, LateHoldMinutes = 0 },
        };

        var fields = Fields(VenueRules.Policy(policy, Cutoff).Refusal);

        Assert.Equal(["bookings.earlyHoldUntil", "bookings.laterHoldMinutes", "bookings.lateHoldMinutes"], fields);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var policy = new VenuePolicy
        {
            Workday = new WorkdayPolicy { LateFine = 80m, AbsenceFine = 50m, ReplyMinutes = 0, MinDailyContacts = 6, TargetDailyContacts = 5 },
            Discipline = new DisciplinePolicy { QuarrelFineMin = 600m, TipFirstMultiplier = 10, TipSecondMultiplier = 5 },
            Targets = new TargetPolicy { NewCustomersDueDay = 31 },
            Customers = new CustomerPolicy { CallbackDays = 0 },
            Logs = new LogPolicy { EmptyLogFine = -1m },
        };

        var fields = Fields(VenueRules.Policy(policy, Cutoff).Refusal);

        Assert.Equal(
            [
                "workday.absenceFine", "workday.replyMinutes", "workday.targetDailyContacts", "logs.emptyLogFine",
                "targets.newCustomersDueDay", "discipline.quarrelFineMax", "discipline.tipSecondMultiplier", "customers.callbackDays",
            ],
            fields);
    }

    [Fact]
    public void A_missing_policy_section_is_named()
    {
        var policy = VenuePolicy.Default with { Workday = null! };

        Assert.Equal(["workday"], Fields(VenueRules.Policy(policy, Cutoff).Refusal));
    }

    [Fact]
    public void Times_after_midnight_order_after_the_evening_within_the_business_day()
    {
        // Booking closes at 02:00: after 22:45 in the business day, which starts at 06:00.
        var policy = VenuePolicy.Default with { Bookings = new BookingPolicy { BookingClosesAt = new TimeOnly(2, 0) } };
        Assert.True(VenueRules.Policy(policy, Cutoff).Succeeded);

        var atCutoff = VenuePolicy.Default with { Bookings = new BookingPolicy { BookingClosesAt = Cutoff } };
        Assert.Equal(["bookings.bookingClosesAt"], Fields(VenueRules.Policy(atCutoff, Cutoff).Refusal));
    }

    [Fact]
    public void WD1_working_day_times_must_follow_each_other()
    {
        var policy = VenuePolicy.Default with { Workday = new WorkdayPolicy { ShiftMeetingAt = new TimeOnly(18, 15) } };

        var error = Assert.Single(VenueRules.Policy(policy, Cutoff).Refusal!.Fields!);

        Assert.Equal(("workday.shiftMeetingAt", "WD-1"), (error.Field, error.Rule));
    }

    [Fact]
    public void A_new_venue_lists_every_missing_field()
    {
        var result = VenueRules.NewVenue("Bad Id!", new VenueDraft(), Now);

        Assert.Equal(["id", "name", "timeZone", "kinds"], Fields(result.Refusal));
    }

    [Fact]
    public void A_new_venue_refuses_a_time_zone_that_is_not_iana()
    {
        var result = VenueRules.NewVenue("v1", new VenueDraft("Club", "China Standard Time", null, [VenueKind.Ktv]), Now);

        Assert.Equal(["timeZone"], Fields(result.Refusal));
    }

    [Fact]
    public void A_new_venue_takes_the_default_cutoff_and_currency_and_keeps_a_chinese_name()
    {
        var venue = VenueRules.NewVenue("sh-1", new VenueDraft("  金色年华KTV ", "Asia/Shanghai", null, [VenueKind.Disco, VenueKind.Ktv, VenueKind.Ktv]), Now).Value!;

        Assert.Equal("金色年华KTV", venue.Name);
        Assert.Equal(new TimeOnly(6, 0), venue.DayCutoff);
        Assert.Equal("CNY", venue.Currency);
        Assert.Equal([VenueKind.Ktv, VenueKind.Disco], venue.Kinds);
    }

    [Fact]
    public void A_room_must_be_of_a_kind_the_venue_runs()
    {
        var venue = VenueRules.NewVenue("v1", new VenueDraft("Club", "Asia/Shanghai", null, [VenueKind.Ktv]), Now).Value!;

        var result = VenueRules.Room(venue, "t1", new RoomDraft("Table 1", VenueKind.Disco, "standard", 0), null, 0);

        Assert.Equal(["kind", "capacity"], Fields(result.Refusal));
    }

    [Fact]
    public void A_room_change_keeps_the_fields_left_out()
    {
        var venue = VenueRules.NewVenue("v1", new VenueDraft("Club", "Asia/Shanghai", null, [VenueKind.Ktv]), Now).Value!;
        var current = new RoomDefinition("r1", "Room 1", VenueKind.Ktv, "small", 6);

        var changed = VenueRules.Room(venue, "r1", new RoomDraft(Capacity: 8), current, 1).Value!;

        Assert.Equal(current with { Capacity = 8 }, changed);
    }

    [Fact]
    public void Dropping_a_kind_that_rooms_still_use_is_refused()
    {
        var venue = VenueRules.NewVenue("v1", new VenueDraft("Club", "Asia/Shanghai", null, [VenueKind.Ktv, VenueKind.Disco]), Now).Value!;
        var rooms = new[] { new RoomDefinition("t1", "Table 1", VenueKind.Disco, "standard", 4) };

        var result = VenueRules.ChangedVenue(venue, new VenueDraft(Kinds: [VenueKind.Ktv]), rooms, Now);

        Assert.Equal(["kinds"], Fields(result.Refusal));
    }

    [Fact]
    public void A_changed_cutoff_that_splits_the_policys_times_is_refused_on_dayCutoff_with_the_policys_rule()
    {
        // At 20:50 the business day would start between earlyAssignmentBefore (20:45) and earlyHoldUntil (21:00).
        var clash = VenueRules.CutoffClash(VenuePolicy.Default, Cutoff, new TimeOnly(20, 50));

        Assert.Equal(RefusalKind.Invalid, clash!.Kind);
        Assert.All(clash.Fields!, f => Assert.Equal("dayCutoff", f.Field));
        Assert.All(clash.Fields!, f => Assert.StartsWith("with this cut-off the policy's ", f.Message, StringComparison.Ordinal));
        var early = Assert.Single(clash.Fields!, f => f.Message.Contains("bookings.earlyHoldUntil", StringComparison.Ordinal));
        Assert.Equal("with this cut-off the policy's bookings.earlyHoldUntil must come after earlyAssignmentBefore in the business day, or early holds would last no time", early.Message);
        Assert.Equal("BK-2", early.Rule);
    }

    [Fact]
    public void A_cutoff_left_as_it_is_or_moved_where_the_policy_still_fits_is_no_clash()
    {
        Assert.Null(VenueRules.CutoffClash(VenuePolicy.Default, Cutoff, Cutoff));
        Assert.Null(VenueRules.CutoffClash(VenuePolicy.Default, Cutoff, new TimeOnly(5, 0)));
    }

    [Fact]
    public void An_unchanged_cutoff_is_not_checked_again()
    {
        var odd = new TimeOnly(20, 50);

        Assert.Null(VenueRules.CutoffClash(VenuePolicy.Default, odd, odd));
    }
}
