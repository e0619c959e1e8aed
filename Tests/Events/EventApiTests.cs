using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace ClubGrains.Tests.Events;

/// <summary>
/// The feed through HTTP: pages for catch-up, and the live Server-Sent Events stream, read with the
/// platform's own SSE parser as any client would, resumed with Last-Event-ID.
/// </summary>
public sealed class EventApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private async Task<string> NewVenue()
    {
        var id = "f-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        foreach (var room in new[] { "k01", "k02", "k03" })
        {
            Assert.Equal(HttpStatusCode.OK, (await op.PutJson($"/venues/{id}/rooms/{room}", new { name = room, kind = "ktv", type = "small", capacity = 8 })).StatusCode);
        }

        await api.RegisterManagers(id, "K007");
        return id;
    }

    private static object Guest(string? roomId = null) => new
    {
        guestName = "王小明",
        guestPhone = "13800138000",
        bookerDepartment = "ktv",
        bookerName = "李娜",
        bookerBadge = "K007",
        roomId,
    };

    /// <summary>The feed's head: the venue's own set-up (creation, rooms, managers) is in the feed too.</summary>
    private static async Task<long> Head(HttpClient client, string venue) =>
        (await (await client.GetAsync($"/venues/{venue}/events?limit=1")).Read<JsonElement>()).GetProperty("head").GetInt64();

    private static async Task<string> Place(HttpClient client, string venue, string? roomId = null)
    {
        var response = await client.PostJson($"/venues/{venue}/bookings", Guest(roomId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Read<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>An open stream, read item by item with a bound on each wait.</summary>
    private sealed class Stream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items) : IAsyncDisposable
    {
        public HttpResponseMessage Response => response;

        public async Task<SseItem<string>> Next()
        {
            var next = items.MoveNextAsync().AsTask();
            Assert.True(await next.WaitAsync(Patience), "the stream ended");
            return items.Current;
        }

        public async Task<List<SseItem<string>>> Next(int count)
        {
            var read = new List<SseItem<string>>();
            while (read.Count < count)
            {
                read.Add(await Next());
            }

            return read;
        }

        public async ValueTask DisposeAsync()
        {
            response.Dispose();
            try
            {
                await items.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The connection is gone: that is the disconnect.
            }
        }
    }

    private static async Task<Stream> Open(HttpClient client, string venue, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/venues/{venue}/events/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStreamAsync();
        return new Stream(response, SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator());
    }

    [Fact]
    public async Task The_feed_is_read_a_page_at_a_time_each_page_starting_after_the_last_one()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);
        var start = await Head(desk, venue);
        var booking = await Place(desk, venue, "k01");
        await Place(desk, venue, "k02");

        var first = await (await desk.GetAsync($"/venues/{venue}/events?after={start}&limit=3")).Read<JsonElement>();
        var second = await (await desk.GetAsync($"/venues/{venue}/events?after={first.GetProperty("through").GetInt64()}&limit=3")).Read<JsonElement>();

        Assert.Equal([start + 1, start + 2, start + 3], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal([start + 4], second.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(start + 4, second.GetProperty("head").GetInt64());
        Assert.Equal("venue.created", (await (await desk.GetAsync($"/venues/{venue}/events?limit=1")).Read<JsonElement>()).GetProperty("events")[0].GetProperty("type").GetString());
        var assigned = first.GetProperty("events")[1];
        Assert.Equal("booking.assigned", assigned.GetProperty("type").GetString());
        Assert.Equal(venue, assigned.GetProperty("venueId").GetString());
        Assert.Equal(booking, assigned.GetProperty("subject").GetString());
        Assert.Equal("BK-2", assigned.GetProperty("rule").GetString());
        Assert.Equal("reception-1", assigned.GetProperty("actor").GetProperty("subject").GetString());
        Assert.Equal("held", assigned.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("k01", assigned.GetProperty("data").GetProperty("roomId").GetString());
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("after=1&limit=x", "limit")]
    public async Task A_bad_page_is_400_naming_the_field(string query, string field)
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        var response = await gm.GetAsync($"/venues/{venue}/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_is_400_naming_the_header_before_any_stream_starts()
    {
        var venue = await NewVenue();
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/venues/{venue}/events/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");

        using var response = await gm.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Last-Event-ID"], (await response.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_stream_resumed_with_Last_Event_ID_goes_on_with_the_next_event_with_no_gap_and_no_repeat()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);

        string booking;
        string lastId;
        var start = await Head(gm, venue);
        string Id(int n) => (start + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var stream = await Open(gm, venue, Id(0)))
        {
            booking = await Place(desk, venue, "k01");
            var heard = await stream.Next(2);
            Assert.Equal([Id(1), Id(2)], heard.Select(i => i.EventId));
            Assert.Equal(["booking.requested", "booking.assigned"], heard.Select(i => i.EventType));
            Assert.Equal(booking, JsonDocument.Parse(heard[1].Data).RootElement.GetProperty("subject").GetString());
            lastId = heard[^1].EventId!;
        }

        // While the client is away, the party is seated and moved.
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson($"/venues/{venue}/bookings/{booking}/seat", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson($"/venues/{venue}/bookings/{booking}/transfer", new { toRoomId = "k02" })).StatusCode);

        await using (var resumed = await Open(gm, venue, lastId))
        {
            var missed = await resumed.Next(2);
            Assert.Equal([Id(3), Id(4)], missed.Select(i => i.EventId));
            Assert.Equal(["booking.seated", "booking.transferred"], missed.Select(i => i.EventType));

            // And live from there on.
            Assert.Equal(HttpStatusCode.OK, (await desk.PostJson($"/venues/{venue}/bookings/{booking}/checkout", new { spend = 680 })).StatusCode);
            var live = await resumed.Next();
            Assert.Equal((Id(5), "booking.checked_out"), (live.EventId, live.EventType));
        }
    }

    [Fact]
    public async Task A_partner_hears_the_changes_of_the_bookings_it_placed_and_nothing_else()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var partner = api.ClientAs(Roles.ApiClient, venue);

        // From the start: the venue's set-up and reception's booking are not the partner's to hear.
        await using var stream = await Open(partner, venue);
        await Place(desk, venue, "k01");
        var own = await Place(partner, venue);

        var heard = await stream.Next();
        Assert.Equal("booking.requested", heard.EventType);
        Assert.Equal((await Head(desk, venue)).ToString(System.Globalization.CultureInfo.InvariantCulture), heard.EventId);
        Assert.Equal(own, JsonDocument.Parse(heard.Data).RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_stream_of_a_venue_the_caller_holds_no_grant_for_is_403_before_it_starts()
    {
        var venue = await NewVenue();
        using var stranger = api.ClientAs(Roles.GeneralManager, "elsewhere");

        using var response = await stranger.GetAsync($"/venues/{venue}/events/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
