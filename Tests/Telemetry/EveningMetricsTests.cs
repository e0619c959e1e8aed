using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Telemetry;

/// <summary>The running API on a fake clock: a scripted evening can let holds run out.</summary>
public sealed class EveningRunningApi : RunningApi
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.FromHours(8)));

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
    }
}

/// <summary>The domain series in /metrics move by exactly what a scripted evening did.</summary>
[Collection(ProcessWideMeters.Name)]
public sealed class EveningMetricsTests(EveningRunningApi api, ITestOutputHelper output) : IClassFixture<EveningRunningApi>
{
    [Fact]
    public async Task A_scripted_evening_shows_in_the_domain_series_per_venue()
    {
        var venue = "ev-" + Guid.NewGuid().ToString("N")[..10];
        using var op = RunningApi.Client(ApiFactory.Token(Roles.Operator, Actor.AllVenues));
        using var desk = RunningApi.Client(ApiFactory.Token(Roles.Reception, venue));
        string Url(string path) => new Uri(api.Public, path).ToString();
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson(Url("/venues"), new { id = venue, name = "Evening", timeZone = "Asia/Shanghai", kinds = new[] { "ktv", "disco" } })).StatusCode);
        foreach (var (room, kind) in new[] { ("k01", "ktv"), ("k02", "ktv"), ("k03", "ktv"), ("t01", "disco") })
        {
            await op.PutJson(Url($"/venues/{venue}/rooms/{room}"), new { name = room, kind, type = "standard", capacity = 6 });
        }

        await HttpTestExtensions.RegisterManagers(api.Public.ToString().TrimEnd('/'), venue, "K007");

        async Task<Booking> Place(string room) => await (await desk.PostJson(Url($"/venues/{venue}/bookings"),
            new { guestName = "王小明", guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = "K007", roomId = room })).Read<Booking>();

        var seated = await Place("k01");
        var cancelled = await Place("k02");
        var noShow = await Place("k03");
        var table = await Place("t01");
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync(Url($"/venues/{venue}/bookings/{seated.Id}/seat"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson(Url($"/venues/{venue}/bookings/{cancelled.Id}/cancel"), new { atBookersRequest = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson(Url($"/venues/{venue}/bookings/{seated.Id}/transfer"), new { toRoomId = "k02" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync(Url($"/venues/{venue}/bookings/{table.Id}/seat"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson(Url($"/venues/{venue}/bookings/{seated.Id}/checkout"), new { spend = 1888.5 })).StatusCode);

        // Mid-evening: k03 held, t01 occupied.
        var mid = await Scrape(s => s.Name == "clubgrains_bookings_checked_out_total" && s.Has("venue", venue));
        Assert.Equal((1, 1), (Value(mid, "clubgrains_holds_active", venue), Value(mid, "clubgrains_rooms_occupied", venue)));

        // 21:00:05: the no-show's hold ran out five seconds ago; the day's alarm releases it, or a read
        // after the deadline does (a timer armed in the instant the clock jumps is due a jump later):
        // either way stamped with its deadline, five seconds before the clock.
        api.Clock.SetUtcNow(noShow.HoldUntil!.Value.AddSeconds(5));
        var samples = await Scrape(
            s => s.Name == "clubgrains_bookings_released_total" && s.Has("venue", venue),
            () => desk.GetAsync(Url($"/venues/{venue}/bookings/{noShow.Id}")));

        foreach (var s in samples.Where(s => s.Labels.GetValueOrDefault("venue") == venue))
        {
            output.WriteLine($"{s.Name} {string.Join(',', s.Labels.Select(l => $"{l.Key}={l.Value}"))} {s.Value}");
        }

        Assert.Equal(3, Value(samples, "clubgrains_bookings_placed_total", venue, ("room_kind", "ktv")));
        Assert.Equal(1, Value(samples, "clubgrains_bookings_placed_total", venue, ("room_kind", "disco")));
        Assert.Equal(1, Value(samples, "clubgrains_bookings_seated_total", venue, ("room_kind", "ktv")));
        Assert.Equal(1, Value(samples, "clubgrains_bookings_transferred_total", venue));
        Assert.Equal(1, Value(samples, "clubgrains_bookings_cancelled_total", venue, ("rule", "BK-5")));
        Assert.Equal(1, Value(samples, "clubgrains_bookings_checked_out_total", venue));
        Assert.Equal(1888.5, Value(samples, "clubgrains_spend_total", venue, ("currency", "CNY")));
        Assert.Equal(1, Value(samples, "clubgrains_bookings_released_total", venue, ("rule", "BK-2")));
        Assert.Equal(1, Value(samples, "clubgrains_hold_release_lateness_seconds_count", venue));
        Assert.InRange(Value(samples, "clubgrains_hold_release_lateness_seconds_sum", venue), 5, 6);
        Assert.Equal(0, Value(samples, "clubgrains_holds_active", venue));
        Assert.Equal(1, Value(samples, "clubgrains_rooms_occupied", venue));
    }

    private static double Value(List<PrometheusSample> samples, string name, string venue, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && s.Has("venue", venue) && labels.All(l => s.Has(l.Label, l.Value))).Sum(s => s.Value);

    /// <summary>Reads /metrics until a sample shows (the exporter caches a scrape briefly), bounded.</summary>
    private async Task<List<PrometheusSample>> Scrape(Func<PrometheusSample, bool> ready, Func<Task>? nudge = null)
    {
        using var client = RunningApi.Client();
        List<PrometheusSample> samples = [];
        await TestSilo.Eventually(
            async () => (samples = PrometheusText.Parse(await client.GetStringAsync(new Uri(api.Management, "/metrics")))).Any(ready),
            TimeSpan.FromSeconds(30),
            "the expected series shows in /metrics",
            nudge is null ? null : async () => await nudge());
        return samples;
    }
}
