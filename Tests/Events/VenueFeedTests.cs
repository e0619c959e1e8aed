using ClubGrains.Bookings;
using ClubGrains.Events;
using ClubGrains.Staff;
using ClubGrains.Venues;
using ClubGrains.Tests.Rooms;
using Microsoft.Extensions.DependencyInjection;

namespace ClubGrains.Tests.Events;

/// <summary>The silo of the feed tests: the real event store, which a test can make fail for a while.</summary>
public sealed class FeedFixture : EveningFixture
{
    public FailingEventStore? Store { get; private set; }

    protected override void Configure(Orleans.Hosting.ISiloBuilder silo)
    {
        var real = silo.Services.Last(d => d.ServiceType == typeof(IVenueEventStore));
        silo.Services.AddSingleton<IVenueEventStore>(services =>
            Store = new FailingEventStore((IVenueEventStore)real.ImplementationFactory!(services)));
    }
}

/// <summary>The event store, failing its appends while <see cref="Failing"/> names the venue (as a database outage would).</summary>
public sealed class FailingEventStore(IVenueEventStore inner) : IVenueEventStore
{
    public string? Failing { get; set; }

    public Task<long> Head(string venueId, CancellationToken cancellationToken = default) => inner.Head(venueId, cancellationToken);

    public Task<int> SourceIndex(string venueId, string source, CancellationToken cancellationToken = default) => inner.SourceIndex(venueId, source, cancellationToken);

    public Task<IReadOnlyList<VenueEvent>> Read(string venueId, long after, int limit, CancellationToken cancellationToken = default) => inner.Read(venueId, after, limit, cancellationToken);

    public Task Append(string venueId, IReadOnlyList<VenueEvent> events, CancellationToken cancellationToken = default) =>
        Failing == venueId ? throw new TimeoutException("The database did not answer (test).") : inner.Append(venueId, events, cancellationToken);
}

/// <summary>
/// A venue's feed as the bookings fill it: every stored change once, in the order stored, numbered
/// without gaps, with its own time and rule; each reader sees what its role allows; a change the feed
/// missed reaches it later.
/// </summary>
public sealed class VenueFeedTests(FeedFixture fixture) : IClassFixture<FeedFixture>
{
    private IVenueFeedGrain Feed(Evening evening) => fixture.Grains.GetGrain<IVenueFeedGrain>(evening.VenueId);

    private async Task<IReadOnlyList<VenueEvent>> Bookings(Evening evening, Actor? reader = null) =>
        [.. (await All(evening, reader)).Where(e => e.Source.StartsWith("booking/", StringComparison.Ordinal))];

    private static void Consecutive(IReadOnlyList<VenueEvent> events) =>
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => events[0].Seq + i), events.Select(e => e.Seq));

    private async Task<IReadOnlyList<VenueEvent>> All(Evening evening, Actor? reader = null)
    {
        var page = await Feed(evening).Read(reader ?? evening.Gm, 0, FeedRules.MaxPage);
        Assert.True(page.Succeeded, page.Refusal?.Message);
        return page.Value!.Events;
    }

    [Fact]
    public async Task An_evening_of_a_booking_is_in_the_feed_once_in_order_with_actor_rule_and_state()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Manager, Evening.Request());
        Assert.True((await evening.Booking(booking.Id).Assign(evening.Desk, "k01", null)).Succeeded);
        Assert.True((await evening.Booking(booking.Id).Seat(evening.Desk)).Succeeded);
        Assert.True((await evening.Booking(booking.Id).CheckOut(evening.Desk, 880m)).Succeeded);

        var events = await Bookings(evening);

        Consecutive(events);
        Assert.Equal([BookingEvents.Requested, BookingEvents.Assigned, BookingEvents.Seated, BookingEvents.CheckedOut], events.Select(e => e.Type));
        Assert.Equal([1, 2, 3, 4], events.Select(e => e.SourceIndex));
        Assert.All(events, e => Assert.Equal(BookingEvents.Source(booking.Id), e.Source));
        Assert.All(events, e => Assert.Equal(booking.Id, e.Subject));
        Assert.All(events, e => Assert.Equal("K007", e.Badge));
        Assert.Equal(["m-7", "desk-1", "desk-1", "desk-1"], events.Select(e => e.Actor.Subject));
        Assert.All(events, e => Assert.Null(e.Actor.Venues));
        Assert.Equal(["BK-1", "BK-2", "BK-7", "BK-10"], events.Select(e => e.Rule));
        Assert.Equal(start, events[0].At);
        Assert.Contains("\"status\":\"checkedOut\"", events[3].Data, StringComparison.Ordinal);
        Assert.Contains("\"spend\":880", events[3].Data, StringComparison.Ordinal);
        var stored = (await evening.Booking(booking.Id).GetBooking(evening.Gm)).Value!;
        Assert.Equal(stored.History.Select(c => (c.At, c.What, c.Rule)), events.Select(e => (e.At, e.What, e.Rule)));
    }

    [Fact]
    public async Task BK2_a_hold_released_by_its_deadline_is_in_the_feed_stamped_with_the_deadline_by_the_system()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        var deadline = EveningFixture.Local(start, 21, 0);

        fixture.MoveTo(deadline.AddSeconds(3));
        await evening.IndexShows(booking, BookingStatus.Released);

        var released = (await All(evening)).Single(e => e.Type == BookingEvents.Released);
        Assert.Equal(deadline, released.At);
        Assert.Equal(Actor.SystemSubject, released.Actor.Subject);
        Assert.Equal("BK-2", released.Rule);
        Assert.True(released.RecordedAt >= released.At);
    }

    [Fact]
    public async Task A_manager_sees_the_changes_of_their_own_bookings_a_partner_those_it_placed_reception_everything()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var mine = await evening.Place(evening.Manager, Evening.Request());
        var colleagues = await evening.Place(evening.Desk, Evening.Request("k02", badge: "K008"));
        var partners = await evening.Place(evening.Partner, Evening.Request(badge: "K008"));

        Assert.Equal([mine.Id], (await Bookings(evening, evening.Manager)).Select(e => e.Subject).Distinct());
        Assert.Equal([partners.Id], (await All(evening, evening.Partner)).Select(e => e.Subject).Distinct());
        Assert.Equal([mine.Id, colleagues.Id, partners.Id], (await Bookings(evening, evening.Desk)).Select(e => e.Subject).Distinct());

        // A filtered page still moves on past what the reader may not see.
        var page = (await Feed(evening).Read(evening.Manager, (await All(evening, evening.Manager))[^1].Seq, 10)).Value!;
        Assert.Empty(page.Events);
        Assert.Equal(page.Head, page.Through);
    }

    [Fact]
    public async Task A_reader_without_a_grant_of_the_venue_or_with_a_bad_page_is_refused_naming_the_field()
    {
        var evening = await fixture.NewEvening();
        var stranger = new Actor("desk-9", Roles.Reception, Venues: ["elsewhere"]);

        Assert.Equal(RefusalKind.Forbidden, (await Feed(evening).Read(stranger, 0, 10)).Refusal!.Kind);
        var bad = (await Feed(evening).Read(evening.Gm, -1, FeedRules.MaxPage + 1)).Refusal!;
        Assert.Equal(RefusalKind.Invalid, bad.Kind);
        Assert.Equal(["after", "limit"], bad.Fields!.Select(f => f.Field));
    }

    [Fact]
    public async Task A_source_telling_its_changes_again_finds_them_kept_once()
    {
        var evening = await fixture.NewEvening();
        var changes = new[]
        {
            new SourceEvent(1, "booking.requested", fixture.Clock.GetUtcNow(), evening.Desk, "BK-1", "b-x", "placed"),
            new SourceEvent(2, "booking.assigned", fixture.Clock.GetUtcNow(), evening.Desk, "BK-2", "b-x", "assigned k01"),
        };

        Assert.Equal(1, await Feed(evening).Append("booking/b-x", changes[..1]));
        Assert.Equal(2, await Feed(evening).Append("booking/b-x", changes));
        Assert.Equal(2, await Feed(evening).Append("booking/b-x", changes));

        Assert.Equal([1, 2], (await All(evening)).Where(e => e.Source == "booking/b-x").Select(e => e.SourceIndex));
        await Assert.ThrowsAnyAsync<Exception>(() => Feed(evening).Append("booking/b-x", [changes[0] with { Index = 4 }]));
    }

    [Fact]
    public async Task Many_bookings_changing_at_once_get_numbers_without_gap_or_repeat_each_source_in_its_order()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var placed = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => evening.Place(evening.Manager, Evening.Request())));
        await Task.WhenAll(placed.Select(b => evening.Booking(b.Id).RequestCancellation(evening.Manager, "the guest cannot come")));

        var all = await All(evening);
        var events = await Bookings(evening);

        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(80, events.Count);
        Consecutive(events);
        Assert.All(events.GroupBy(e => e.Source), g => Assert.Equal([1, 2], g.Select(e => e.SourceIndex)));
    }

    [Fact]
    public async Task A_change_stored_while_the_feed_could_not_take_it_reaches_the_feed_at_the_next_write_or_activation()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var first = await evening.Place(evening.Manager, Evening.Request());
        var second = await evening.Place(evening.Manager, Evening.Request());

        fixture.Store!.Failing = evening.VenueId;
        try
        {
            // The booking's changes are stored; the feed's write fails.
            Assert.True((await evening.Booking(first.Id).Assign(evening.Desk, "k01", null)).Succeeded);
            Assert.True((await evening.Booking(second.Id).Assign(evening.Desk, "k02", null)).Succeeded);
            Assert.Equal(2, (await Bookings(evening)).Count);
        }
        finally
        {
            fixture.Store.Failing = null;
        }

        // The first is written again: the feed gets both of its changes, in order.
        Assert.True((await evening.Booking(first.Id).Seat(evening.Desk)).Succeeded);
        Assert.Equal([BookingEvents.Requested, BookingEvents.Requested, BookingEvents.Assigned, BookingEvents.Seated],
            (await Bookings(evening)).Select(e => e.Type));

        // The second is not written again, but activated again (as after a silo crash): it tells what the feed missed.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await TestSilo.Eventually(
            async () =>
            {
                await evening.Booking(second.Id).GetBooking(evening.Gm);
                return (await Bookings(evening)).Count == 5;
            },
            TimeSpan.FromSeconds(20),
            "the second booking's assignment reached the feed");
        var all = await All(evening);
        Assert.Equal([1, 2], all.Where(e => e.Subject == second.Id).Select(e => e.SourceIndex));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_live_reader_waiting_on_the_feed_hears_of_a_change_at_once()
    {
        var evening = await fixture.NewEvening();
        fixture.NextDayAt(20, 0);
        var head = (await Feed(evening).Read(evening.Gm, 0, 1)).Value!.Head;

        var waiting = Feed(evening).WaitForEvents(head, TimeSpan.FromSeconds(15));
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await evening.Place(evening.Manager, Evening.Request());

        Assert.Equal(head + 1, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(head + 1, await Feed(evening).WaitForEvents(head, TimeSpan.FromSeconds(15)).WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task WD5_a_message_and_its_missed_reply_reach_the_managers_feed_the_miss_stamped_with_the_deadline()
    {
        var evening = await fixture.NewEvening();
        var sent = fixture.NextDayAt(20, 0);
        var message = (await evening.ManagerRecord("K007").SendMessage(evening.DepartmentManager, "来前台")).Value!;
        await evening.ManagerRecord("K008").SendMessage(evening.DepartmentManager, "来前台");

        fixture.MoveTo(sent.AddMinutes(5).AddSeconds(1));
        await TestSilo.Eventually(
            async () => (await All(evening, evening.Manager)).Any(e => e.Type == ManagerEvents.ReplyMissed),
            TimeSpan.FromSeconds(20),
            "the missed reply is in the feed");

        var mine = await All(evening, evening.Manager);
        Assert.All(mine, e => Assert.Equal("K007", e.Badge));
        Assert.Equal([ManagerEvents.Registered, ManagerEvents.MessageSent, ManagerEvents.ReplyMissed], mine.Select(e => e.Type));
        var missed = mine[^1];
        Assert.Equal((message.ReplyBy, Actor.SystemSubject, "WD-5", ManagerEvents.Source("K007")), (missed.At, missed.Actor.Subject, missed.Rule, missed.Source));
        Assert.Contains(ManagerEvents.MessageSent, (await All(evening)).Where(e => e.Badge == "K008").Select(e => e.Type));
    }

    [Fact]
    public async Task A_policy_change_and_the_catalogue_are_in_the_feed_for_reception_and_not_for_managers_or_partners()
    {
        var evening = await fixture.NewEvening();
        var policy = (await evening.Venue.GetSnapshot()).Value!.Policy;
        Assert.True((await evening.Venue.SetPolicy(evening.Gm, policy)).Succeeded);

        var venueEvents = (await All(evening)).Where(e => e.Source == VenueEvents.Source).ToList();

        Assert.Equal(VenueEvents.Created, venueEvents[0].Type);
        Assert.Equal(5, venueEvents.Count(e => e.Type == VenueEvents.RoomChanged));
        var changed = venueEvents[^1];
        Assert.Equal((VenueEvents.PolicyChanged, "gm-1"), (changed.Type, changed.Actor.Subject));
        Assert.DoesNotContain(await All(evening, evening.Manager), e => e.Source == VenueEvents.Source);
        Assert.Empty(await All(evening, evening.Partner));
    }

    [Fact]
    public async Task A_customer_claimed_by_a_manager_is_in_the_feed_for_that_manager()
    {
        var evening = await fixture.NewEvening();
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var customer = fixture.Grains.GetGrain<ClubGrains.Customers.ICustomerGrain>(phone);

        Assert.True((await customer.Claim(evening.Manager, evening.VenueId, "张先生")).Succeeded);
        Assert.True((await customer.AddFeedback(evening.Manager, evening.VenueId, "喜欢大包")).Succeeded);

        var events = (await All(evening, evening.Manager)).Where(e => e.Source == ClubGrains.Customers.CustomerEvents.Source(phone)).ToList();
        Assert.Equal([ClubGrains.Customers.CustomerEvents.Claimed, ClubGrains.Customers.CustomerEvents.FeedbackRecorded], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(phone, e.Subject));
        Assert.Equal([1, 2], events.Select(e => e.SourceIndex));
    }
}
