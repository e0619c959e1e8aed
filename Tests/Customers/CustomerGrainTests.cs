using ClubGrains.Common;
using ClubGrains.Customers;
using ClubGrains.Rooms;
using ClubGrains.Staff;
using ClubGrains.Tests.Infrastructure;
using ClubGrains.Tests.Rooms;
using ClubGrains.Venues;

namespace ClubGrains.Tests.Customers;

/// <summary>Customer files (CR-1 to CR-5, TG-3) through the grains, on a fake clock.</summary>
public sealed class CustomerGrainTests(EveningFixture fixture) : IClassFixture<EveningFixture>
{
    private static Actor Manager(Evening evening, string badge) => new($"m-{badge}", Roles.Manager, "李娜", badge, [evening.VenueId], "ktv");

    private static string NewPhone() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ICustomerGrain File(string phone) => fixture.Grains.GetGrain<ICustomerGrain>(PhoneNumbers.Normalize(phone)!);

    [Fact]
    public async Task TG3_a_number_is_new_only_once_in_the_chain_for_the_manager_who_first_reports_it()
    {
        var evening = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();

        var first = await File(phone).Claim(Manager(evening, "K007"), evening.VenueId, "张三");
        var again = await File("+86 " + phone).Claim(Manager(evening, "K008"), evening.VenueId, "张三");
        var elsewhere = await File(phone).Claim(Manager(other, "K007"), other.VenueId, "张三");

        Assert.Equal(("K007", false), (first.Value!.ManagerBadge, first.Value.Confirmed));
        Assert.Equal(("TG-3", RefusalKind.Conflict), (again.Refusal!.Rule, again.Refusal.Kind));
        Assert.Contains("already registered in the chain", elsewhere.Refusal!.Message);
        Assert.DoesNotContain("K007", elsewhere.Refusal.Message);
    }

    [Fact]
    public async Task CR1_the_department_manager_confirms_a_provisional_file_and_visits_and_spend_come_from_checkouts()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();
        await File(phone).Claim(Manager(evening, "K007"), evening.VenueId, "张三");

        Assert.Equal(RefusalKind.Forbidden, (await File(phone).Confirm(Manager(evening, "K007"))).Refusal!.Kind);
        var confirmed = (await File(phone).Confirm(evening.DepartmentManager)).Value!;
        Assert.Equal((true, "dm-1"), (confirmed.Confirmed, confirmed.ConfirmedBy!.Subject));

        var booking = await evening.Place(evening.Desk, Evening.Request("k01", guest: "张三", phone: phone));
        await evening.Booking(booking.Id).Seat(evening.Desk);
        await evening.Booking(booking.Id).CheckOut(evening.Desk, 6800m);

        var file = (await File(phone).GetFile(evening.VenueId)).Value!;
        var visit = Assert.Single(file.Visits);
        Assert.Equal((booking.Id, 6800m, "K007"), (visit.BookingId, visit.Spend, visit.ManagerBadge));
        Assert.Empty((await File(phone).GetFile("some-other-venue")).Value!.Visits);
    }

    [Fact]
    public async Task CR2_a_customer_spending_50000_within_90_days_is_a_big_customer()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();
        foreach (var spend in new[] { 30_000m, 19_999m, 1m })
        {
            var booking = await evening.Place(evening.Desk, Evening.Request("k01", guest: "王总", phone: phone));
            await evening.Booking(booking.Id).Seat(evening.Desk);
            await evening.Booking(booking.Id).CheckOut(evening.Desk, spend);
            if (spend == 19_999m)
            {
                Assert.False((await File(phone).GetFile(evening.VenueId)).Value!.BigCustomer);
            }
        }

        Assert.True((await File(phone).GetFile(evening.VenueId)).Value!.BigCustomer);
        fixture.MoveTo(fixture.Clock.GetUtcNow().AddDays(91));
        Assert.False((await File(phone).GetFile(evening.VenueId)).Value!.BigCustomer);
    }

    [Fact]
    public async Task CR3_a_complaint_is_tracked_until_the_department_manager_resolves_it()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();
        await File(phone).Claim(Manager(evening, "K007"), evening.VenueId, "张三");

        var complaint = (await File(phone).RecordComplaint(evening.Desk, evening.VenueId, "the microphone in k02 did not work")).Value!.Complaints.Single();
        Assert.Null(complaint.ResolvedAt);
        Assert.Equal(RefusalKind.Forbidden, (await File(phone).ResolveComplaint(evening.Desk, complaint.Id, "fixed")).Refusal!.Kind);
        Assert.Equal("resolution", (await File(phone).ResolveComplaint(evening.DepartmentManager, complaint.Id, null)).Refusal!.Fields![0].Field);

        var resolved = (await File(phone).ResolveComplaint(evening.DepartmentManager, complaint.Id, "free fruit plate and an apology")).Value!.Complaints.Single();
        Assert.Equal(("free fruit plate and an apology", "dm-1"), (resolved.Resolution, resolved.ResolvedBy!.Subject));
    }

    [Fact]
    public async Task CR4_the_visits_manager_calls_back_within_3_days_and_an_overdue_callback_is_flagged_at_its_deadline()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();
        var booking = await evening.Place(evening.Desk, Evening.Request("k01", guest: "张三", phone: phone));
        await evening.Booking(booking.Id).Seat(evening.Desk);
        var checkedOut = (await evening.Booking(booking.Id).CheckOut(evening.Desk, 900m)).Value!;
        var due = checkedOut.CheckedOutAt!.Value.AddDays(3);
        Assert.Equal(due, (await File(phone).GetFile(evening.VenueId)).Value!.Visits.Single().CallbackBy);

        fixture.MoveTo(due.AddSeconds(1));
        await TestSilo.Eventually(
            async () => (await File(phone).GetFile(evening.VenueId)).Value!.Visits.Single().CallbackOverdue,
            TimeSpan.FromSeconds(20),
            "the overdue callback is flagged");
        var file = (await File(phone).GetFile(evening.VenueId)).Value!;
        Assert.Contains(file.History, h => h.Rule == "CR-4" && h.At == due && h.Actor == Actor.System);

        Assert.Equal(RefusalKind.Forbidden, (await File(phone).RecordCallback(Manager(evening, "K008"), booking.Id)).Refusal!.Kind);
        Assert.NotNull((await File(phone).RecordCallback(Manager(evening, "K007"), booking.Id)).Value!.Visits.Single().CalledBackAt);
    }

    [Fact]
    public async Task CR5_the_farewell_is_a_conduct_rule_kept_in_the_daily_log_as_a_special_event()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(17, 0);
        await evening.ManagerRecord("K007").SignIn(evening.Desk);

        var log = (await evening.ManagerRecord("K007").SubmitLog(Manager(evening, "K007"),
            new DailyLogDraft([], new Gifts(), [], [], "saw the party of k01 to the door and invited them back", 6))).Value!;

        Assert.Equal("saw the party of k01 to the door and invited them back", log.Content.SpecialEvents);
        Assert.Empty(log.MissingParts);
    }
}
