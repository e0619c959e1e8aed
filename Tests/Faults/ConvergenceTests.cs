using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Tests.Infrastructure;
using ClubGrains.Tests.Rooms;
using Orleans.TestingHost;

namespace ClubGrains.Tests.Faults;

/// <summary>An evening on the fake clock whose storage fails the next write of a grain on demand.</summary>
public sealed class FaultyEveningFixture : EveningFixture
{
    protected override void Configure(Orleans.Hosting.ISiloBuilder silo) => StorageFaultTests.InjectStorageFaults(silo.Services);

    /// <summary>The decorator keys its faults by the grain's state name (its [PersistentState] name).</summary>
    public Task FailNextWrite(string stateName, IAddressable grain) =>
        Grains.GetGrain<IStorageFaultGrain>(stateName).AddFaultOnWrite(grain.GetGrainId(), StorageFaultTests.DatabaseGone());
}

/// <summary>
/// A room and its booking converge after any one of their cross-grain writes fails: the step is
/// completed or undone at the next read or wake-up, by the system actor, and no room is lost.
/// </summary>
public sealed class ConvergenceTests(FaultyEveningFixture fixture) : IClassFixture<FaultyEveningFixture>
{
    [Fact]
    public async Task A_walk_in_whose_booking_write_failed_is_completed_by_the_retry_as_seated_when_the_room_took_the_party()
    {
        var evening = await fixture.NewEvening();
        var seatedAt = fixture.NextDayAt(22, 0);
        var walkIn = evening.Booking("w-" + Guid.NewGuid().ToString("N")[..8]);
        await fixture.FailNextWrite("booking", walkIn);

        await Assert.ThrowsAnyAsync<Exception>(() => walkIn.PlaceWalkIn(evening.Desk, new WalkInRequest("k01", "张三")));
        Assert.Equal(BookingStatus.Seated, (await evening.Room("k01").GetSnapshot()).Occupant?.Status);

        fixture.MoveTo(seatedAt.AddMinutes(2));
        var retried = (await walkIn.PlaceWalkIn(evening.Desk, new WalkInRequest("k01", "张三"))).Value!;
        Assert.Equal((BookingStatus.Seated, BookingSource.WalkIn, seatedAt, "k01"), (retried.Status, retried.Source, retried.SeatedAt, retried.RoomId));

        var checkedOut = (await walkIn.CheckOut(evening.Desk, 300m)).Value!;
        Assert.Equal(BookingStatus.CheckedOut, checkedOut.Status);
        Assert.Null((await evening.Room("k01").GetSnapshot()).Occupant);
    }
}
