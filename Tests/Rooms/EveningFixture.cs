using ClubGrains.Staff;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ClubGrains.Tests.Rooms;

/// <summary>
/// One silo on a fake clock for a test class, and a fresh Shanghai venue per test with four KTV rooms
/// and a disco table. The clock only moves forward: each test jumps to a new day's evening.
/// </summary>
public class EveningFixture : IAsyncLifetime
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly TempFolder _folder = new();

    /// <summary>A local (Shanghai) time on the same date as <paramref name="day"/>.</summary>
    public static DateTimeOffset Local(DateTimeOffset day, int hour, int minute, int second = 0) =>
        new(day.Year, day.Month, day.Day, hour, minute, second, China);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, China));

    public IHost Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.Grains();

    public async Task InitializeAsync() => Silo = await TestSilo.Start(TestSilo.SqliteSettings(_folder.File("club.db")), Clock, remindersOnFakeClock: false, configure: Configure);

    /// <summary>Test-only additions to the silo of a derived fixture.</summary>
    protected virtual void Configure(Orleans.Hosting.ISiloBuilder silo)
    {
    }

    public async Task DisposeAsync()
    {
        await TestSilo.Stop(Silo);
        _folder.Dispose();
    }

    /// <summary>Moves the clock to the next day at this local (Shanghai) time.</summary>
    public DateTimeOffset NextDayAt(int hour, int minute, int second = 0)
    {
        var local = Clock.GetUtcNow().ToOffset(China);
        var target = new DateTimeOffset(local.Year, local.Month, local.Day, hour, minute, second, China).AddDays(1);
        Clock.SetUtcNow(target);
        return target;
    }

    /// <summary>Moves the clock to a later moment.</summary>
    public void MoveTo(DateTimeOffset at) => Clock.SetUtcNow(at);

    /// <summary>A new venue with rooms and two managers; <paramref name="id"/> when a test needs a venue id of its choosing.</summary>
    public async Task<Evening> NewEvening(VenuePolicy? policy = null, string? id = null)
    {
        id ??= "e-" + Guid.NewGuid().ToString("N")[..10];
        var op = new Actor("op-1", Roles.Operator, "Operator", Venues: [Actor.AllVenues]);
        var venue = Grains.GetGrain<IVenueGrain>(id);
        Assert.True((await venue.Create(op, new VenueDraft("金色年华", "Asia/Shanghai", null, [VenueKind.Ktv, VenueKind.Disco]))).Succeeded);
        foreach (var (room, type, kind) in new[] { ("k01", "small", VenueKind.Ktv), ("k02", "small", VenueKind.Ktv), ("k03", "large", VenueKind.Ktv), ("k04", "large", VenueKind.Ktv), ("t01", "standard", VenueKind.Disco) })
        {
            Assert.True((await venue.PutRoom(op, room, new RoomDraft(room.ToUpperInvariant(), kind, type, 8))).Succeeded);
        }

        if (policy is not null)
        {
            Assert.True((await venue.SetPolicy(op, policy)).Succeeded);
        }

        var evening = new Evening(this, id);
        foreach (var badge in new[] { "K007", "K008" })
        {
            Assert.True((await evening.ManagerRecord(badge).Register(evening.DepartmentManager, new ManagerDraft("李娜", VenueKind.Ktv))).Succeeded);
        }

        return evening;
    }
}

/// <summary>A venue for one test, with its people.</summary>
public sealed class Evening(EveningFixture fixture, string venueId)
{
    public string VenueId { get; } = venueId;

    public Actor Desk => new("desk-1", Roles.Reception, "前台小王", Venues: [VenueId]);

    public Actor Gm => new("gm-1", Roles.GeneralManager, "李总", Venues: [VenueId]);

    public Actor Supervisor => new("sup-1", Roles.ReceptionSupervisor, "咨客主管", Venues: [VenueId]);

    public Actor Manager => new("m-7", Roles.Manager, "李娜", "K007", [VenueId], "ktv");

    public Actor Partner => new("partner-1", Roles.ApiClient, "Partner", Venues: [VenueId]);

    public Actor DepartmentManager => new("dm-1", Roles.DepartmentManager, "客户部经理", Venues: [VenueId]);

    public IManagerGrain ManagerRecord(string badge) => fixture.Grains.GetGrain<IManagerGrain>(GrainKeys.Manager(VenueId, badge));

    public IVenueGrain Venue => fixture.Grains.GetGrain<IVenueGrain>(VenueId);

    public IVenueBoardGrain Board => fixture.Grains.GetGrain<IVenueBoardGrain>(VenueId);

    public static BookingRequest Request(string? roomId = null, string guest = "王小明", string phone = "13800138000", string badge = "K007", string? roomType = null) =>
        new(guest, phone, VenueKind.Ktv, "李娜", badge, roomId, roomType);

    public IBookingGrain Booking(string id) => fixture.Grains.GetGrain<IBookingGrain>(GrainKeys.Booking(VenueId, id));

    public IRoomGrain Room(string id) => fixture.Grains.GetGrain<IRoomGrain>(GrainKeys.Room(VenueId, id));

    public IVenueDayGrain Day(DateOnly day) => fixture.Grains.GetGrain<IVenueDayGrain>(GrainKeys.Day(VenueId, day));

    /// <summary>Places a booking as the actor and returns it (asserting success).</summary>
    public async Task<Booking> Place(Actor actor, BookingRequest request)
    {
        var result = await Booking(Guid.NewGuid().ToString("N")).Place(actor, request);
        Assert.True(result.Succeeded, result.Refusal?.Message);
        return result.Value!;
    }

    /// <summary>Waits, bounded, until the day index shows the booking in the state: only the alarm can get it there.</summary>
    public Task IndexShows(Booking booking, BookingStatus status) =>
        TestSilo.Eventually(
            async () => (await Day(booking.BusinessDay).List(TestActors.Auditor, null, null)).Value!.Any(b => b.Id == booking.Id && b.Status == status),
            TimeSpan.FromSeconds(20),
            $"the day index shows booking {booking.Id} {status}");
}
