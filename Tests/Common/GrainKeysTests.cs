
namespace ClubGrains.Tests.Common;

/// <summary>Every key the callers build reads back the same in the grain it names.</summary>
public sealed class GrainKeysTests
{
    private static readonly DateOnly Day = new(2026, 12, 3);

    [Fact]
    public void Room_booking_and_manager_keys_read_back_their_parts()
    {
        Assert.Equal("v-1/k-201", GrainKeys.Room("v-1", "k-201"));
        Assert.Equal(("v-1", "k-201"), GrainKeys.ParseRoom(GrainKeys.Room("v-1", "k-201")));
        Assert.Equal(("v-1", "b/with-slash"), GrainKeys.ParseBooking(GrainKeys.Booking("v-1", "b/with-slash")));
        Assert.Equal(("v-1", "M-07"), GrainKeys.ParseManager(GrainKeys.Manager("v-1", "M-07")));
    }

    [Fact]
    public void Day_and_shift_keys_carry_the_business_day_and_department()
    {
        Assert.Equal("v-1/2026-12-03", GrainKeys.Day("v-1", Day));
        Assert.Equal(("v-1", Day), GrainKeys.ParseDay(GrainKeys.Day("v-1", Day)));
        Assert.Equal("v-1/disco/2026-12-03", GrainKeys.Shift("v-1", VenueKind.Disco, Day));
        Assert.Equal(("v-1", VenueKind.Ktv, Day), GrainKeys.ParseShift(GrainKeys.Shift("v-1", VenueKind.Ktv, Day)));
    }

    [Theory]
    [InlineData("no-slash")]
    [InlineData("/room")]
    [InlineData("venue/")]
    public void A_key_without_a_venue_and_a_local_part_is_refused(string key) =>
        Assert.Throws<FormatException>(() => GrainKeys.ParseRoom(key));
}
