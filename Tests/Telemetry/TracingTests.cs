using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Telemetry;

/// <summary>The real API (co-hosted silo, SQLite) tracing every request, its spans kept in memory.</summary>
public sealed class TracedApiFactory : ApiFactory
{
    public TracedApiFactory()
    {
        Settings["ClubGrains:Telemetry:SampleRatio"] = "1";
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new SpanSink(Spans))));

    /// <summary>The in-memory exporter wants a collection; the spans end on many threads.</summary>
    private sealed class SpanSink(ConcurrentQueue<Activity> spans) : ICollection<Activity>
    {
        public int Count => spans.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => spans.Enqueue(item);

        public void Clear() => spans.Clear();

        public bool Contains(Activity item) => spans.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => spans.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => spans.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

public sealed class TracingTests(TracedApiFactory api, ITestOutputHelper output) : IClassFixture<TracedApiFactory>
{
    [Fact]
    public async Task Creating_a_venue_is_one_trace_from_the_http_request_through_the_grain_calls_to_storage()
    {
        using var client = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var id = "tr-" + Guid.NewGuid().ToString("N")[..10];

        var response = await client.PostJson("/venues", new { id, name = "Trace Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The server span ends just after the response is written: wait for it, bounded.
        // Other tests of the class create venues too: this request's span is the one whose trace reached this grain.
        Activity? request = null;
        await TestSilo.Eventually(
            () => Task.FromResult((request = api.Spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/venues"
                && api.Spans.Any(t => t.TraceId == s.TraceId && t.GetTagItem("orleans.rpc.target_id") as string == $"venue/{id}"))) is not null),
            TimeSpan.FromSeconds(20),
            "the HTTP server span of POST /venues is exported");
        var traceId = request!.TraceId;
        var trace = api.Spans.Where(s => s.TraceId == traceId).ToList();
        foreach (var span in trace)
        {
            output.WriteLine($"{span.Source.Name} {span.Kind} {span.DisplayName}");
        }

        Assert.Equal(("Microsoft.AspNetCore", "/venues/", 201), (request.Source.Name, request.GetTagItem("http.route") as string, request.GetTagItem("http.response.status_code") as int?));
        Assert.Equal(default, request.ParentSpanId);

        // The grain call leaves the API (client span) and runs in the grain (server span), which writes its state.
        var grain = $"venue/{id}";
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Client && s.DisplayName == "IVenueGrain/Create");
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server && s.DisplayName == "IVenueGrain/Create"
            && s.GetTagItem("orleans.rpc.target_id") as string == grain);
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName == "write storage" && s.GetTagItem("orleans.grain.id") as string == grain);

        // The new grain's activation, with its state read, belongs to the request that caused it.
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Lifecycle" && s.DisplayName == "activate grain");
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName == "read storage" && s.GetTagItem("orleans.grain.id") as string == grain);
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server && s.DisplayName == "IVenueDirectoryGrain/Register");

        // One tree: every span hangs from another span of the trace, up to the HTTP request.
        var spanIds = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s != request), s => Assert.Contains(s.ParentSpanId, spanIds));

        // And nothing this request did was traced apart from it.
        Assert.DoesNotContain(api.Spans, s => s.TraceId != traceId
            && (s.GetTagItem("orleans.rpc.target_id") as string == grain || s.GetTagItem("orleans.rpc.source_id") as string == grain || s.GetTagItem("orleans.grain.id") as string == grain));
    }

    [Fact]
    public async Task Placing_a_booking_is_one_trace_from_the_http_request_through_the_booking_and_room_grains_to_storage()
    {
        var venue = "trb-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        await op.PostJson("/venues", new { id = venue, name = "Trace Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        await op.PutJson($"/venues/{venue}/rooms/k01", new { name = "K01", kind = "ktv", type = "small", capacity = 6 });
        await api.RegisterManagers(venue, "K007");
        using var desk = api.ClientAs(Roles.Reception, venue);

        var response = await desk.PostJson($"/venues/{venue}/bookings",
            new { guestName = "王小明", guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = "K007", roomId = "k01" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = await response.Read<ClubGrains.Bookings.Booking>();

        Activity? request = null;
        await TestSilo.Eventually(
            () => Task.FromResult((request = api.Spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == $"/venues/{venue}/bookings")) is not null),
            TimeSpan.FromSeconds(20),
            "the HTTP server span of POST bookings is exported");
        var trace = api.Spans.Where(s => s.TraceId == request!.TraceId).ToList();

        var command = Assert.Single(trace, s => s.Source.Name == "ClubGrains" && s.DisplayName == "booking.place");
        Assert.Equal((venue, booking.Id, "k01"), (command.GetTagItem("venue") as string, command.GetTagItem("booking") as string, command.GetTagItem("room") as string));
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == "IBookingGrain/Place");
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == "IRoomGrain/Hold");
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == "IVenueDayGrain/Upsert");
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName == "write storage" && s.GetTagItem("orleans.grain.id") as string == $"room/{venue}/k01");
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName == "write storage" && s.GetTagItem("orleans.grain.id") as string == $"booking/{venue}/{booking.Id}");
        var spanIds = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s != request), s => Assert.Contains(s.ParentSpanId, spanIds));
    }

    [Fact]
    public async Task A_refused_booking_records_the_refusal_and_its_rule_on_the_span()
    {
        var venue = "trr-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        await op.PostJson("/venues", new { id = venue, name = "Trace Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        using var desk = api.ClientAs(Roles.Reception, venue);

        Assert.Equal(HttpStatusCode.BadRequest, (await desk.PostJson($"/venues/{venue}/bookings", new { guestName = "王小明" })).StatusCode);

        Activity? command = null;
        await TestSilo.Eventually(
            () => Task.FromResult((command = api.Spans.FirstOrDefault(s => s.DisplayName == "booking.place" && s.GetTagItem("venue") as string == venue)) is not null),
            TimeSpan.FromSeconds(20),
            "the refused command's span is exported");
        Assert.Equal((ActivityStatusCode.Error, "BK-1", "Invalid"), (command!.Status, command.GetTagItem("rule") as string, command.GetTagItem("refusal") as string));
    }
}
