using ClubGrains.Tests.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using static ClubGrains.Tests.Rooms.EveningFixture;

namespace ClubGrains.Tests.Bookings;

/// <summary>An evening whose silo can lose a booking's report to its day index, as a call that timed out does.</summary>
public sealed class LossyDayIndexFixture : EveningFixture
{
    public ReportLoss Loss { get; } = new();

    protected override void Configure(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(Loss.Filter);

    /// <summary>Fails the next report of a released booking to a day index before the index applies it.</summary>
    public sealed class ReportLoss
    {
        private int _armed;

        public int Lost { get; private set; }

        public void LoseNextRelease() => Interlocked.Exchange(ref _armed, 1);

        public Task Filter(IIncomingGrainCallContext call)
        {
            if (call.InterfaceMethod?.Name == nameof(IVenueDayGrain.Upsert) && call.Request.GetArgument(0) is BookingSummary { Status: BookingStatus.Released }
                && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Lost++;
                throw new TimeoutException("The day index did not answer in time (test).");
            }

            return call.Invoke();
        }
    }
}

public sealed class DayIndexRepairTests(LossyDayIndexFixture fixture) : IClassFixture<LossyDayIndexFixture>
{
    [Fact]
    public async Task BK2_a_release_the_day_index_missed_reaches_it_at_the_index_s_next_wake_up()
    {
        var evening = await fixture.NewEvening();
        var start = fixture.NextDayAt(20, 0);
        var booking = await evening.Place(evening.Desk, Evening.Request("k01"));
        fixture.Loss.LoseNextRelease();

        fixture.MoveTo(Local(start, 21, 0, 1));
        await Infrastructure.TestSilo.Eventually(() => Task.FromResult(fixture.Loss.Lost == 1), TimeSpan.FromSeconds(20), "the day's alarm releases the hold and its report to the index is lost");
        Assert.Equal(BookingStatus.Released, (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.Status);
        Assert.Contains((await evening.Day(booking.BusinessDay).List(TestActors.Auditor, null, null)).Value!, b => b.Id == booking.Id && b.Status == BookingStatus.Held);

        fixture.MoveTo(Local(start, 21, 5));
        await evening.IndexShows(booking, BookingStatus.Released);
        Assert.Equal(Local(start, 21, 0), (await evening.Booking(booking.Id).GetBooking(TestActors.Auditor)).Value!.ReleasedAt);
    }
}
