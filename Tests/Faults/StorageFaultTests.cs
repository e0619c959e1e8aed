using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Faults;

/// <summary>
/// Scenario 4: the real storage (SQLite through Orleans' ADO.NET provider) behind Orleans' fault-injecting
/// decorator, which fails the next write of one grain with the exception given, as PostgreSQL does when it
/// goes away. A failed write leaves the grain as storage has it, the caller sees the failure (503 over
/// HTTP), and a retry completes the step.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Actor Operator = new("op-1", Roles.Operator, "Operator", Venues: [Actor.AllVenues]);
    private readonly TempFolder _folder = new();
    private IHost _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await TestSilo.Start(TestSilo.SqliteSettings(_folder.File("club.db")), configure: silo => InjectStorageFaults(silo.Services));

    public async Task DisposeAsync()
    {
        await TestSilo.Stop(_silo);
        _folder.Dispose();
    }

    /// <summary>Wraps the ClubGrains storage, as registered by UseClubGrains, in Orleans' fault-injecting decorator.</summary>
    internal static void InjectStorageFaults(IServiceCollection services)
    {
        var real = services.Single(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, StorageNames.Club));
        services.Remove(real);
        services.AddKeyedSingleton<IGrainStorage>(StorageNames.Club, (provider, _) =>
            FaultInjectionGrainStorageFactory.Create(provider, StorageNames.Club, (p, name) => (IGrainStorage)real.KeyedImplementationFactory!(p, name)));
    }

    internal static NpgsqlException DatabaseGone() => new("Exception while reading from stream: the database server closed the connection.");

    [Fact]
    public async Task A_failed_booking_write_leaves_the_booking_as_stored_the_caller_sees_the_failure_and_the_next_read_completes_the_seat_the_room_took()
    {
        var venueId = await NewVenue();
        var desk = new Actor("desk-1", Roles.Reception, "前台", Venues: [venueId]);
        var booking = _silo.Grains().GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, "b1"));
        var placed = (await booking.Place(desk, Request("k01"))).Value!;
        Assert.Equal(BookingStatus.Held, placed.Status);

        await Faults("booking").AddFaultOnWrite(booking.GetGrainId(), DatabaseGone());
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => booking.Seat(desk));
        output.WriteLine($"seat with the booking's write failing: {failure.GetType().Name}: {failure.Message}");
        Assert.True(ProblemTransient(failure), $"The caller should see the database failure, not {failure}");

        // Storage kept the held booking; the room took the party.
        Assert.Equal(BookingLoad.Json(placed), BookingLoad.Json((await Stored<BookingGrainState>("booking", booking.GetGrainId())).Booking!));
        var room = await _silo.Grains().GetGrain<IRoomGrain>(GrainKeys.Room(venueId, "k01")).GetSnapshot();
        Assert.Equal(("b1", BookingStatus.Seated), (room.Occupant!.BookingId, room.Occupant.Status));

        // The next read asks the room and completes the seat (system actor), stored; the desk's retry returns it.
        var now = (await booking.GetBooking(TestActors.Auditor)).Value!;
        Assert.Equal((BookingStatus.Seated, room.Occupant.Since, Actor.SystemSubject), (now.Status, now.SeatedAt, now.History[^1].Actor.Subject));
        Assert.Equal(BookingLoad.Json(now), BookingLoad.Json((await Stored<BookingGrainState>("booking", booking.GetGrainId())).Booking!));
        var seated = (await booking.Seat(desk)).Value!;
        Assert.Equal(BookingLoad.Json(now), BookingLoad.Json(seated));
    }

    [Fact]
    public async Task A_failed_room_write_stores_no_booking_keeps_the_room_free_and_a_retry_holds_it()
    {
        var venueId = await NewVenue();
        var desk = new Actor("desk-1", Roles.Reception, "前台", Venues: [venueId]);
        var booking = _silo.Grains().GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, "b2"));
        var room = _silo.Grains().GetGrain<IRoomGrain>(GrainKeys.Room(venueId, "k02"));
        await room.GetSnapshot();

        await Faults("room").AddFaultOnWrite(room.GetGrainId(), DatabaseGone());
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => booking.Place(desk, Request("k02")));
        Assert.True(ProblemTransient(failure), $"The caller should see the database failure, not {failure}");

        Assert.Equal(RefusalKind.NotFound, (await booking.GetBooking(TestActors.Auditor)).Refusal?.Kind);
        Assert.Null((await Stored<BookingGrainState>("booking", booking.GetGrainId())).Booking);
        Assert.Null((await room.GetSnapshot()).Occupant);
        Assert.Null((await Stored<RoomGrainState>("room", room.GetGrainId())).Occupant);

        var held = (await booking.Place(desk, Request("k02"))).Value!;
        Assert.Equal((BookingStatus.Held, "k02"), (held.Status, held.RoomId));
        Assert.Equal("b2", (await room.GetSnapshot()).Occupant!.BookingId);
    }

    [Fact]
    public async Task Over_http_a_failed_write_is_a_503_with_retry_after_and_the_retry_with_the_same_key_returns_the_booking()
    {
        using var api = new ApiFactory();
        using var factory = api.WithWebHostBuilder(b => b.ConfigureTestServices(InjectStorageFaults));
        using var http = factory.CreateClient();
        var venue = await FaultVenue.Create(http, rooms: 2);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();

        // The first booking shows the business day; the second one's report to that day's index fails.
        var first = await FaultVenue.Send(http, HttpMethod.Post, $"/venues/{venue.Id}/bookings", venue.Partner, Body("first"), "key-1");
        var day = (await first.Content.ReadFromJsonAsync<Booking>(ApiFactory.Json))!.BusinessDay;
        await grains.GetGrain<IStorageFaultGrain>("day").AddFaultOnWrite(grains.GetGrain<IVenueDayGrain>(GrainKeys.Day(venue.Id, day)).GetGrainId(), DatabaseGone());

        using var failed = await FaultVenue.Send(http, HttpMethod.Post, $"/venues/{venue.Id}/bookings", venue.Partner, Body("second"), "key-2", ensure: false);
        var problem = await failed.Content.ReadAsStringAsync();
        output.WriteLine($"with the day index's write failing: {(int)failed.StatusCode} Retry-After {failed.Headers.RetryAfter} {problem}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), failed.Headers.RetryAfter?.Delta);

        using var retried = await FaultVenue.Send(http, HttpMethod.Post, $"/venues/{venue.Id}/bookings", venue.Partner, Body("second"), "key-2");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var booking = (await retried.Content.ReadFromJsonAsync<Booking>(ApiFactory.Json))!;
        using var read = await FaultVenue.Send(http, HttpMethod.Get, $"/venues/{venue.Id}/bookings/{booking.Id}", venue.Reception);
        Assert.Equal(BookingLoad.Json(booking), BookingLoad.Json((await read.Content.ReadFromJsonAsync<Booking>(ApiFactory.Json))!));
        using var list = await FaultVenue.Send(http, HttpMethod.Get, $"/venues/{venue.Id}/bookings?day={day:yyyy-MM-dd}", venue.Reception);
        var listed = (await list.Content.ReadFromJsonAsync<BookingSummary[]>(ApiFactory.Json))!;
        Assert.Contains(listed, b => b.Id == booking.Id);
    }

    /// <summary>The decorator keys its faults by the grain's state name (its [PersistentState] name).</summary>
    private IStorageFaultGrain Faults(string stateName) => _silo.Grains().GetGrain<IStorageFaultGrain>(stateName);

    private static object Body(string guest) => new { guestName = guest, guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = "K007" };

    private static BookingRequest Request(string roomId) => new("王小明", "13800138000", VenueKind.Ktv, "李娜", "K007", roomId);

    private static bool ProblemTransient(Exception e) => ClubGrains.Api.Hosting.ProblemExceptionHandler.IsTransient(e) && FindDb(e);

    private static bool FindDb(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<T> Stored<T>(string stateName, GrainId grainId)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await _silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Club).ReadStateAsync(stateName, grainId, state);
        return state.State!;
    }

    private async Task<string> NewVenue()
    {
        var id = "sf-" + Guid.NewGuid().ToString("N")[..10];
        var venue = _silo.Grains().GetGrain<IVenueGrain>(id);
        Assert.True((await venue.Create(Operator, new VenueDraft("Fault Club", FaultVenue.LateNightZone(DateTimeOffset.UtcNow), null, [VenueKind.Ktv]))).Succeeded);
        foreach (var room in new[] { "k01", "k02" })
        {
            Assert.True((await venue.PutRoom(Operator, room, new RoomDraft(room, VenueKind.Ktv, "small", 8))).Succeeded);
        }

        var manager = _silo.Grains().GetGrain<ClubGrains.Staff.IManagerGrain>(GrainKeys.Manager(id, "K007"));
        Assert.True((await manager.Register(new Actor("dm-1", Roles.DepartmentManager, Venues: [id]), new ClubGrains.Staff.ManagerDraft("李娜", VenueKind.Ktv))).Succeeded);
        return id;
    }
}
