using ClubGrains.Customers;
using ClubGrains.Staff;
using ClubGrains.Tests.Rooms;

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

        Assert.Equal(RefusalKind.Forbidden, (await File(phone).Confirm(Manager(evening, "K007"), evening.VenueId)).Refusal!.Kind);
        var confirmed = (await File(phone).Confirm(evening.DepartmentManager, evening.VenueId)).Value!;
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
        Assert.Equal(RefusalKind.Forbidden, (await File(phone).ResolveComplaint(evening.Desk, evening.VenueId, complaint.Id, "fixed")).Refusal!.Kind);
        Assert.Equal("resolution", (await File(phone).ResolveComplaint(evening.DepartmentManager, evening.VenueId, complaint.Id, null)).Refusal!.Fields![0].Field);

        var resolved = (await File(phone).ResolveComplaint(evening.DepartmentManager, evening.VenueId, complaint.Id, "free fruit plate and an apology")).Value!.Complaints.Single();
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

        Assert.Equal(RefusalKind.Forbidden, (await File(phone).RecordCallback(Manager(evening, "K008"), evening.VenueId, booking.Id)).Refusal!.Kind);
        Assert.NotNull((await File(phone).RecordCallback(Manager(evening, "K007"), evening.VenueId, booking.Id)).Value!.Visits.Single().CalledBackAt);
    }

    [Fact]
    public async Task CR1_a_venue_sees_only_its_own_history_of_a_file_even_when_its_id_is_a_prefix_or_one_character_of_another()
    {
        // Venue ids a text match confuses: "sh-001" is a prefix of "sh-0011", and "0" occurs in both.
        var tag = Guid.NewGuid().ToString("N")[..6];
        var registering = await fixture.NewEvening(id: $"sh-{tag}-0011");
        var prefix = await fixture.NewEvening(id: $"sh-{tag}-001");
        var single = await fixture.NewEvening(id: "0");
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();
        await File(phone).Claim(Manager(registering, "K007"), registering.VenueId, "张三");
        var there = await registering.Place(registering.Desk, Evening.Request("k01", guest: "张三", phone: phone));
        await registering.Booking(there.Id).Seat(registering.Desk);
        await registering.Booking(there.Id).CheckOut(registering.Desk, 8800m);
        await File(phone).AddFeedback(registering.Desk, registering.VenueId, "wants the large room next time");
        var here = await prefix.Place(prefix.Desk, Evening.Request("k01", guest: "张三", phone: phone, badge: "K008"));
        await prefix.Booking(here.Id).Seat(prefix.Desk);
        await prefix.Booking(here.Id).CheckOut(prefix.Desk, 1200m);

        var ownFile = (await File(phone).GetFile(registering.VenueId)).Value!;
        var prefixFile = (await File(phone).GetFile(prefix.VenueId)).Value!;
        var singleFile = (await File(phone).GetFile(single.VenueId)).Value!;

        Assert.All(ownFile.History, h => Assert.Equal(registering.VenueId, h.VenueId));
        Assert.Contains(ownFile.History, h => h.What.Contains(there.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(ownFile.History, h => h.What.Contains(here.Id, StringComparison.Ordinal));
        var prefixSees = string.Join("\n", prefixFile.History.Select(h => $"{h.What} {h.Reason} {h.Actor.Badge}"));
        Assert.Contains(here.Id, prefixSees);
        Assert.All(new[] { there.Id, "张三 as a new customer", "K007", "8800", "large room" }, leak => Assert.DoesNotContain(leak, prefixSees, StringComparison.Ordinal));
        Assert.Empty(singleFile.History);
        Assert.Equal(("(registered at another venue)", "(registered at another venue)"), (prefixFile.Name, singleFile.ManagerBadge));
    }

    [Fact]
    public async Task CR1_a_refusal_about_another_venues_file_or_complaint_does_not_name_that_venue()
    {
        var registering = await fixture.NewEvening();
        var other = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var phone = NewPhone();
        await File(phone).Claim(Manager(registering, "K007"), registering.VenueId, "张三");
        var complaint = (await File(phone).RecordComplaint(registering.Desk, registering.VenueId, "too loud")).Value!.Complaints.Single();

        var confirm = (await File(phone).Confirm(other.DepartmentManager, other.VenueId)).Refusal!;
        var resolve = (await File(phone).ResolveComplaint(other.DepartmentManager, other.VenueId, complaint.Id, "sorry")).Refusal!;

        Assert.Equal((RefusalKind.Forbidden, RefusalKind.NotFound), (confirm.Kind, resolve.Kind));
        Assert.DoesNotContain(registering.VenueId, confirm.Message + resolve.Message);
        Assert.False((await File(phone).GetFile(registering.VenueId)).Value!.Confirmed);
        Assert.Null((await File(phone).GetFile(registering.VenueId)).Value!.Complaints.Single().ResolvedAt);
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
