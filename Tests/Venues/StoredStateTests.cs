
namespace ClubGrains.Tests.Venues;

/// <summary>
/// Stored state keeps loading: a venue state written by an earlier build (a committed fixture, in the
/// Orleans serializer's format that grain storage uses) must still read with today's types.
/// </summary>
public sealed class StoredStateTests
{
    private const string Fixture = "venue-state-v1.bin";

    [Fact]
    public void A_venue_state_stored_by_version_1_still_loads()
    {
        var state = StoredFixtures.Load<VenueState>(Fixture);

        var venue = state.Venue!;
        Assert.Equal(("sh-001", "金色年华 KTV", "Asia/Shanghai", new TimeOnly(6, 0), "CNY"), (venue.Id, venue.Name, venue.TimeZone, venue.DayCutoff, venue.Currency));
        Assert.Equal([VenueKind.Ktv, VenueKind.Disco], venue.Kinds);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(8)), venue.CreatedAt);
        Assert.Equal(25, state.Policy.Bookings.LaterHoldMinutes);
        Assert.Equal(new TimeOnly(21, 0), state.Policy.Bookings.EarlyHoldUntil);
        Assert.Equal(80m, state.Policy.Workday.LateFine);
        Assert.Equal(new RoomDefinition("k01", "牡丹厅", VenueKind.Ktv, "large", 12), state.Rooms["k01"]);
        var change = Assert.Single(state.History);
        Assert.Equal(new Actor("op-1", Roles.Operator, "Operator"), change.Actor);
        Assert.Equal("created venue", change.What);
    }

    /// <summary>Writes the fixture (run once with CLUBGRAINS_WRITE_FIXTURES=1 pointing at Tests/Fixtures); never overwritten otherwise.</summary>
    [Fact]
    public void The_committed_fixture_is_present_or_rewritten_on_request() => StoredFixtures.AssertPresentOrWrite(Fixture, Populated);

    private static VenueState Populated()
    {
        var created = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(8));
        var state = new VenueState
        {
            Venue = new Venue("sh-001", "金色年华 KTV", "Asia/Shanghai", new TimeOnly(6, 0), [VenueKind.Ktv, VenueKind.Disco], "CNY", created, created),
            Policy = VenuePolicy.Default with
            {
                Bookings = new BookingPolicy { LaterHoldMinutes = 25 },
                Workday = new WorkdayPolicy { LateFine = 80m, AbsenceFine = 80m },
            },
        };
        state.Rooms["k01"] = new RoomDefinition("k01", "牡丹厅", VenueKind.Ktv, "large", 12);
        state.History.Add(new Change(created, new Actor("op-1", Roles.Operator, "Operator"), "created venue", "venue"));
        return state;
    }
}
