using System.Diagnostics.Metrics;
using ClubGrains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
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
    public async Task Every_instrument_reaches_the_prometheus_exposition_under_its_documented_name()
    {
        // The exporter as the programs wire it, on a test server. Other tests' hosts in this process have
        // meters of the same name, so only this test's venue is looked at.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddMetrics();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ClubGrainsMetrics.MeterName).AddPrometheusExporter());
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync();
        var metrics = new ClubGrainsMetrics(app.Services.GetRequiredService<IMeterFactory>());
        var venue = "unit-" + Guid.NewGuid().ToString("N")[..8];

        metrics.BookingPlaced(venue, VenueKind.Ktv);
        metrics.BookingSeated(venue, VenueKind.Ktv);
        metrics.BookingReleased(venue, VenueKind.Ktv, "BK-3", TimeSpan.FromSeconds(90));
        metrics.BookingCancelled(venue, VenueKind.Ktv, "BK-5");
        metrics.BookingTransferred(venue, VenueKind.Ktv);
        metrics.BookingCheckedOut(venue, VenueKind.Ktv, 10.25m, "CNY");
        metrics.ReplyMissed(venue, VenueKind.Ktv);
        metrics.Fined(venue, "WD-5", 20.5m);
        metrics.SignedInLate(venue, VenueKind.Ktv, TimeSpan.FromSeconds(3));
        metrics.ReportOccupancy(venue, 1, 2);

        var text = await app.GetTestClient().GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var ours = PrometheusText.Parse(text).Where(s => s.Has("venue", venue)).ToList();

        Assert.Equal(
            [
                "clubgrains_bookings_cancelled_total", "clubgrains_bookings_checked_out_total", "clubgrains_bookings_placed_total",
                "clubgrains_bookings_released_total", "clubgrains_bookings_seated_total", "clubgrains_bookings_transferred_total",
                "clubgrains_fines_amount_total", "clubgrains_fines_total",
                "clubgrains_hold_release_lateness_seconds_bucket", "clubgrains_hold_release_lateness_seconds_count", "clubgrains_hold_release_lateness_seconds_sum",
                "clubgrains_holds_active", "clubgrains_replies_missed_total", "clubgrains_rooms_occupied",
                "clubgrains_signin_lateness_seconds_bucket", "clubgrains_signin_lateness_seconds_count", "clubgrains_signin_lateness_seconds_sum",
                "clubgrains_spend_total",
            ],
            ours.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(10.25, Assert.Single(ours, s => s.Name == "clubgrains_spend_total" && s.Has("room_kind", "ktv") && s.Has("currency", "CNY")).Value);
        Assert.Equal(20.5, Assert.Single(ours, s => s.Name == "clubgrains_fines_amount_total" && s.Has("rule", "WD-5")).Value);
        Assert.Equal(90, Assert.Single(ours, s => s.Name == "clubgrains_hold_release_lateness_seconds_sum" && s.Has("rule", "BK-3")).Value);
        Assert.Equal(2, Assert.Single(ours, s => s.Name == "clubgrains_rooms_occupied").Value);
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
