using ClubGrains.Tests.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Bookings;

/// <summary>An evening whose grain timers fire off their due time by <see cref="SkewedTimerClock.Skew"/>.</summary>
public sealed class SkewedTimerFixture : EveningFixture
{
    private SkewedTimerClock? _timers;

    public SkewedTimerClock Timers => _timers ??= new SkewedTimerClock(Clock);

    protected override void Configure(ISiloBuilder silo) => silo.Services.AddSingleton<TimeProvider>(Timers);
}

/// <summary>
/// BK-2/BK-3: a hold is released at its deadline by the day's alarm, whichever way the alarm's wake
/// and the bookings' reports fall around the deadline. The fake clock moves only where a test moves
/// it (or, in one test, by a millisecond at each reading), so "released" means released without the
/// clock reaching any retry.
/// </summary>
public sealed class HoldWakeUpTests(SkewedTimerFixture fixture) : IClassFixture<SkewedTimerFixture>
{
    [Fact]
    public async Task BK2_a_timer_that_fires_just_before_the_deadline_releases_the_hold_just_after_it_not_at_a_retry()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var deadline = Local(start, 21, 0);

        // Timers fire 2 ms early; at half a millisecond before the deadline the clock starts moving on a
        // millisecond at every reading: the deadline passes while the day is deciding what is due.
        fixture.Timers.Skew = TimeSpan.FromMilliseconds(-2);
        try
        {
            var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
            Assert.Equal(deadline, booking.HoldUntil);
            fixture.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
            fixture.MoveTo(deadline - TimeSpan.FromMilliseconds(0.5));
            await evening.IndexShows(booking, BookingStatus.Released);
            fixture.Clock.AutoAdvanceAmount = TimeSpan.Zero;
            Assert.True(fixture.Clock.GetUtcNow() < deadline.AddSeconds(1), $"released within a second of the deadline (the clock read {fixture.Clock.GetUtcNow():O})");
            Assert.Equal(deadline, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.ReleasedAt);
        }
        finally
        {
            fixture.Clock.AutoAdvanceAmount = TimeSpan.Zero;
            fixture.Timers.Skew = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task BK2_a_booking_reported_after_the_deadline_and_before_the_alarm_has_the_due_holds_released_at_once()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var deadline = Local(start, 21, 0);

        // Timers are late (a loaded machine): reception's booking at 21:00:00.5 reaches the day before its alarm.
        fixture.Timers.Skew = TimeSpan.FromSeconds(2);
        try
        {
            var held = await evening.Place(evening.Desk, Evening.Request("k01"));
            fixture.MoveTo(deadline.AddMilliseconds(500));
            var walkUp = await evening.Place(evening.Desk, Evening.Request("k02", guest: "张伟", phone: "13900139000"));
            Assert.Equal(HoldRules.LaterRule, walkUp.HoldRule);
            fixture.MoveTo(deadline.AddSeconds(1));
            await evening.IndexShows(held, BookingStatus.Released);
            Assert.Equal(deadline, (await evening.Booking(held.Id).GetBooking(TestActors.Auditor)).Value!.ReleasedAt);
        }
        finally
        {
            fixture.Timers.Skew = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task BK2_every_hold_falling_due_together_is_released_at_its_deadline_without_the_clock_moving_on_also_when_deadlines_moved_while_armed()
    {
        var evening = await fixture.NewEvening();
        for (var i = 5; i <= 14; i++)
        {
            Assert.True((await evening.Venue.PutRoom(evening.Gm, $"k{i:00}", new RoomDraft($"K{i:00}", VenueKind.Ktv, "medium", 8))).Succeeded);
        }

        var start = fixture.NextDayAt(20, 0);
        var deadline = Local(start, 21, 0);
        var later = Local(start, 21, 10);
        var rooms = new[] { "k01", "k02", "k03", "k04" }.Concat(Enumerable.Range(5, 10).Select(i => $"k{i:00}")).ToArray();

        // Six holds placed first and extended to 21:10 (the day's wake-up moves later), then eight more
        // until 21:00 (it moves earlier again): more fall due at 21:00 than the day tells at once.
        var extended = new List<Booking>();
        foreach (var room in rooms.Take(6))
        {
            var booking = await evening.Place(evening.Desk, Evening.Request(room, guest: "客人" + room, phone: $"1380013{rooms.ToList().IndexOf(room):0000}"));
            var moved = await evening.Booking(booking.Id).ExtendHold(evening.Gm, later, "the party is late");
            Assert.True(moved.Succeeded, moved.Refusal?.Message);
            extended.Add(moved.Value!);
        }

        var atNine = new List<Booking>();
        foreach (var room in rooms.Skip(6))
        {
            atNine.Add(await evening.Place(evening.Desk, Evening.Request(room, guest: "客人" + room, phone: $"1380013{rooms.ToList().IndexOf(room):0000}")));
        }

        Assert.True(atNine.Count > DayWakeRules.InFlight);
        fixture.MoveTo(deadline.AddMilliseconds(1));
        foreach (var booking in atNine)
        {
            await evening.IndexShows(booking, BookingStatus.Released);
        }

        Assert.Equal(deadline.AddMilliseconds(1), fixture.Clock.GetUtcNow());
        foreach (var booking in extended)
        {
            Assert.Equal(BookingStatus.Held, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.Status);
        }

        fixture.MoveTo(later.AddMilliseconds(1));
        foreach (var booking in extended)
        {
            await evening.IndexShows(booking, BookingStatus.Released);
        }

        foreach (var (booking, due) in atNine.Select(b => (b, deadline)).Concat(extended.Select(b => (b, later))))
        {
            Assert.Equal(due, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.ReleasedAt);
        }
    }
}
