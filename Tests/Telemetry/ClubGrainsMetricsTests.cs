using System.Diagnostics.Metrics;
using ClubGrains.Telemetry;
using ClubGrains.Venues;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ClubGrains.Tests.Telemetry;

/// <summary>
/// The ClubGrains meter as a unit: each method records on the documented instrument with its unit
/// and tags. Bookings and staff have no code path yet, so the meter is driven directly here; the
/// HTTP-level metric tests use only series that real requests produce.
/// </summary>
public sealed class ClubGrainsMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ClubGrainsMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _recorded = [];

    public ClubGrainsMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _metrics = new ClubGrainsMetrics(factory);

        // Only this test's meter: other tests' hosts create meters of the same name in this process.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ClubGrainsMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<decimal>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private sealed record Recorded(string Name, string? Unit, decimal Value, Dictionary<string, string?> Tags);

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        lock (_recorded)
        {
            _recorded.Add(new Recorded(instrument.Name, instrument.Unit, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture), copy));
        }
    }

    private Recorded Single(string name) => Assert.Single(_recorded, r => r.Name == name);

    private static Dictionary<string, string?> Tags(params (string Key, string Value)[] tags) => tags.ToDictionary(t => t.Key, t => (string?)t.Value);

    [Fact]
    public void Booking_steps_count_one_booking_each_tagged_by_venue_and_room_kind()
    {
        _metrics.BookingPlaced("sh-001", VenueKind.Ktv);
        _metrics.BookingSeated("sh-001", VenueKind.Disco);
        _metrics.BookingTransferred("sh-002", VenueKind.Ktv);
        _metrics.BookingCancelled("sh-001", VenueKind.Ktv, "BK-5");

        Assert.Equal(new Recorded("clubgrains.bookings.placed", "{booking}", 1, Tags(("venue", "sh-001"), ("room.kind", "ktv"))), Single("clubgrains.bookings.placed"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.bookings.seated", "{booking}", 1, Tags(("venue", "sh-001"), ("room.kind", "disco"))), Single("clubgrains.bookings.seated"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.bookings.transferred", "{booking}", 1, Tags(("venue", "sh-002"), ("room.kind", "ktv"))), Single("clubgrains.bookings.transferred"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.bookings.cancelled", "{booking}", 1, Tags(("venue", "sh-001"), ("room.kind", "ktv"), ("rule", "BK-5"))), Single("clubgrains.bookings.cancelled"), RecordedComparer.Instance);
    }

    [Fact]
    public void A_no_show_release_counts_the_booking_and_records_its_lateness_in_seconds()
    {
        _metrics.BookingReleased("sh-001", VenueKind.Ktv, "BK-3", TimeSpan.FromMilliseconds(2500));

        Assert.Equal(new Recorded("clubgrains.bookings.released", "{booking}", 1, Tags(("venue", "sh-001"), ("room.kind", "ktv"), ("rule", "BK-3"))), Single("clubgrains.bookings.released"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.hold.release.lateness", "s", 2.5m, Tags(("venue", "sh-001"), ("rule", "BK-3"))), Single("clubgrains.hold.release.lateness"), RecordedComparer.Instance);
    }

    [Fact]
    public void A_checkout_counts_the_booking_and_adds_its_spend_in_the_venue_currency()
    {
        _metrics.BookingCheckedOut("sh-001", VenueKind.Disco, 1288.50m, "CNY");

        Assert.Equal(new Recorded("clubgrains.bookings.checked_out", "{booking}", 1, Tags(("venue", "sh-001"), ("room.kind", "disco"))), Single("clubgrains.bookings.checked_out"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.spend", "{currency_unit}", 1288.50m, Tags(("venue", "sh-001"), ("room.kind", "disco"), ("currency", "CNY"))), Single("clubgrains.spend"), RecordedComparer.Instance);
    }

    [Fact]
    public void Staff_events_count_missed_replies_fines_with_their_amount_and_late_sign_ins()
    {
        _metrics.ReplyMissed("sh-001", VenueKind.Ktv);
        _metrics.Fined("sh-001", "WD-5", 50m);
        _metrics.SignedInLate("sh-001", VenueKind.Disco, TimeSpan.FromMinutes(7));

        Assert.Equal(new Recorded("clubgrains.replies.missed", "{reply}", 1, Tags(("venue", "sh-001"), ("department", "ktv"))), Single("clubgrains.replies.missed"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.fines", "{fine}", 1, Tags(("venue", "sh-001"), ("rule", "WD-5"))), Single("clubgrains.fines"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.fines.amount", "{currency_unit}", 50m, Tags(("venue", "sh-001"), ("rule", "WD-5"))), Single("clubgrains.fines.amount"), RecordedComparer.Instance);
        Assert.Equal(new Recorded("clubgrains.signin.lateness", "s", 420m, Tags(("venue", "sh-001"), ("department", "disco"))), Single("clubgrains.signin.lateness"), RecordedComparer.Instance);
    }

    [Fact]
    public void Occupancy_gauges_show_what_each_venue_last_reported_until_it_is_forgotten()
    {
        _metrics.ReportOccupancy("sh-001", activeHolds: 3, occupiedRooms: 5);
        _metrics.ReportOccupancy("sh-002", activeHolds: 1, occupiedRooms: 0);
        _metrics.ReportOccupancy("sh-001", activeHolds: 2, occupiedRooms: 6);
        _listener.RecordObservableInstruments();

        Assert.Equal(
            [("clubgrains.holds.active", "{hold}", "sh-001", 2m), ("clubgrains.holds.active", "{hold}", "sh-002", 1m), ("clubgrains.rooms.occupied", "{room}", "sh-001", 6m), ("clubgrains.rooms.occupied", "{room}", "sh-002", 0m)],
            _recorded.Select(r => (r.Name, r.Unit, r.Tags["venue"], r.Value)).Order());

        _recorded.Clear();
        _metrics.ForgetOccupancy("sh-001");
        _listener.RecordObservableInstruments();

        Assert.Equal(["sh-002", "sh-002"], _recorded.Select(r => r.Tags["venue"]));
    }

    [Fact]
    public void Every_instrument_reaches_the_opentelemetry_exporters()
    {
        // Its own meter provider on its own meter factory: the exported values are this test's alone.
        var exported = new List<Metric>();
        using var services = new ServiceCollection().AddMetrics()
            .AddOpenTelemetry().WithMetrics(m => m.AddMeter(ClubGrainsMetrics.MeterName).AddInMemoryExporter(exported)).Services
            .BuildServiceProvider();
        var meterProvider = services.GetRequiredService<MeterProvider>();
        var metrics = new ClubGrainsMetrics(services.GetRequiredService<IMeterFactory>());

        metrics.BookingPlaced("v", VenueKind.Ktv);
        metrics.BookingSeated("v", VenueKind.Ktv);
        metrics.BookingReleased("v", VenueKind.Ktv, "BK-3", TimeSpan.FromSeconds(1));
        metrics.BookingCancelled("v", VenueKind.Ktv, "BK-5");
        metrics.BookingTransferred("v", VenueKind.Ktv);
        metrics.BookingCheckedOut("v", VenueKind.Ktv, 10.25m, "CNY");
        metrics.ReplyMissed("v", VenueKind.Ktv);
        metrics.Fined("v", "WD-5", 20.5m);
        metrics.SignedInLate("v", VenueKind.Ktv, TimeSpan.FromSeconds(3));
        metrics.ReportOccupancy("v", 1, 2);
        meterProvider.ForceFlush();

        Assert.Equal(
            [
                "clubgrains.bookings.cancelled", "clubgrains.bookings.checked_out", "clubgrains.bookings.placed", "clubgrains.bookings.released",
                "clubgrains.bookings.seated", "clubgrains.bookings.transferred", "clubgrains.fines", "clubgrains.fines.amount",
                "clubgrains.hold.release.lateness", "clubgrains.holds.active", "clubgrains.replies.missed", "clubgrains.rooms.occupied",
                "clubgrains.signin.lateness", "clubgrains.spend",
            ],
            exported.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(10.25, SumOf(exported, "clubgrains.spend"));
        Assert.Equal(20.5, SumOf(exported, "clubgrains.fines.amount"));
    }

    private static double SumOf(List<Metric> exported, string name)
    {
        var sum = 0.0;
        foreach (var point in exported.Last(m => m.Name == name).GetMetricPoints())
        {
            sum += point.GetSumDouble();
        }

        return sum;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private sealed class RecordedComparer : IEqualityComparer<Recorded>
    {
        public static readonly RecordedComparer Instance = new();

        public bool Equals(Recorded? x, Recorded? y) =>
            x is not null && y is not null && (x.Name, x.Unit, x.Value) == (y.Name, y.Unit, y.Value)
            && x.Tags.Count == y.Tags.Count && x.Tags.All(t => y.Tags.TryGetValue(t.Key, out var v) && v == t.Value);

        public int GetHashCode(Recorded obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
