using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ClubGrains.Tests.Bookings;

/// <summary>Bookings through HTTP, as reception, managers and partner systems use them.</summary>
public sealed class BookingApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly object Guest = new
    {
        guestName = "王小明",
        guestPhone = "138 0013 8000",
        bookerDepartment = "ktv",
        bookerName = "李娜",
        bookerBadge = "K007",
    };

    private async Task<string> NewVenue()
    {
        var id = "b-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv", "disco" } })).StatusCode);
        foreach (var (room, type) in new[] { ("k01", "small"), ("k02", "small"), ("k03", "large") })
        {
            Assert.Equal(HttpStatusCode.OK, (await op.PutJson($"/venues/{id}/rooms/{room}", new { name = room, kind = "ktv", type, capacity = 8 })).StatusCode);
        }

        await api.RegisterManagers(id, "K007", "K008");
        return id;
    }

    private static object GuestIn(string roomId) => new
    {
        guestName = "王小明",
        guestPhone = "138 0013 8000",
        bookerDepartment = "ktv",
        bookerName = "李娜",
        bookerBadge = "K007",
        roomId,
    };

    [Fact]
    public async Task BK1_a_booking_missing_details_is_400_listing_every_field_with_the_rule_and_nothing_is_stored()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var response = await desk.PostJson($"/venues/{venue}/bookings", new { guestName = "王小明", roomId = "k01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Problem();
        Assert.Equal("BK-1", problem.GetProperty("rule").GetString());
        Assert.Equal(["bookerBadge", "bookerDepartment", "bookerName", "guestPhone"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Empty(await (await desk.GetAsync($"/venues/{venue}/bookings")).Read<List<BookingSummary>>());
        Assert.Equal("free", (await desk.GetFromJsonAsync<JsonElement>($"/venues/{venue}/rooms/k01")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_evening_runs_through_the_api_and_the_history_explains_every_step()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var placed = await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k01"));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var booking = await placed.Read<Booking>();
        Assert.Equal($"/venues/{venue}/bookings/{booking.Id}", placed.Headers.Location!.ToString());
        Assert.Equal((BookingStatus.Held, "k01", "+8613800138000"), (booking.Status, booking.RoomId, booking.GuestPhoneNormalized));

        var board = await desk.GetFromJsonAsync<JsonElement>($"/venues/{venue}/rooms");
        var k01 = board.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "k01");
        Assert.Equal(("held", booking.Id, "王小明", "K007"), (k01.GetProperty("state").GetString(), k01.GetProperty("bookingId").GetString(), k01.GetProperty("guestName").GetString(), k01.GetProperty("bookerBadge").GetString()));
        Assert.True(k01.GetProperty("secondsLeft").GetInt32() > 0);

        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/venues/{venue}/bookings/{booking.Id}/seat", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostJson($"/venues/{venue}/bookings/{booking.Id}/transfer", new { toRoomId = "k03" })).StatusCode);
        var done = await (await desk.PostJson($"/venues/{venue}/bookings/{booking.Id}/checkout", new { spend = 2888 })).Read<Booking>();
        Assert.Equal((BookingStatus.CheckedOut, 2888m, CreditStatus.Credited), (done.Status, done.Spend!.Value, done.Credit));

        var history = (await (await desk.GetAsync($"/venues/{venue}/bookings/{booking.Id}")).Read<Booking>()).History;
        Assert.Equal(["BK-1", history[1].Rule!, "BK-7", "BK-9", "BK-10"], history.Select(h => h.Rule!));
        Assert.All(history, h => Assert.Equal(("reception-1", Roles.Reception), (h.Actor.Subject, h.Actor.Role)));

        var listed = await (await desk.GetAsync($"/venues/{venue}/bookings?booker=K007&state=checkedOut")).Read<List<BookingSummary>>();
        Assert.Equal(booking.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task The_board_answers_304_to_its_own_etag_until_a_booking_moves_it()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var first = await desk.GetAsync($"/venues/{venue}/rooms");
        var etag = first.Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json; charset=utf-8", first.Content.Headers.ContentType!.ToString());
        Assert.Equal(["free", "free", "free"], (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("state").GetString()));

        var again = await desk.GetAsync($"/venues/{venue}/rooms");
        Assert.Equal((etag, await first.Content.ReadAsStringAsync()), (again.Headers.ETag!, await again.Content.ReadAsStringAsync()));

        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/venues/{venue}/rooms");
        poll.Headers.IfNoneMatch.Add(etag);
        var unchanged = await desk.SendAsync(poll);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.Headers.ETag);

        Assert.Equal(HttpStatusCode.Created, (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k02"))).StatusCode);
        using var pollAfter = new HttpRequestMessage(HttpMethod.Get, $"/venues/{venue}/rooms");
        pollAfter.Headers.IfNoneMatch.Add(etag);
        var moved = await desk.SendAsync(pollAfter);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.NotEqual(etag, moved.Headers.ETag);
        Assert.Equal("held", (await moved.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(r => r.GetProperty("id").GetString() == "k02").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_manager_gets_a_board_etag_of_their_own_without_other_managers_bookings_and_304_on_it_while_reception_keeps_its_own()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);
        using var manager = api.ClientWith(ApiFactory.TokenFor(new ClubGrains.Api.Auth.TokenRequest("m-7", Roles.Manager, [venue], Badge: "K007", Department: "ktv")));
        var other = await (await desk.PostJson($"/venues/{venue}/bookings", new { guestName = "李四", guestPhone = "13900139000", bookerDepartment = "ktv", bookerName = "王芳", bookerBadge = "K008", roomId = "k01" })).Read<Booking>();

        var deskBoard = await desk.GetAsync($"/venues/{venue}/rooms");
        var managerBoard = await manager.GetAsync($"/venues/{venue}/rooms");
        Assert.NotEqual(deskBoard.Headers.ETag, managerBoard.Headers.ETag);
        var shown = (await managerBoard.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(r => r.GetProperty("id").GetString() == "k01");
        Assert.Equal("held", shown.GetProperty("state").GetString());
        Assert.All(new[] { "bookingId", "guestName", "bookerName", "bookerBadge" }, p => Assert.False(shown.TryGetProperty(p, out _), p));
        Assert.DoesNotContain(other.Id, await managerBoard.Content.ReadAsStringAsync());
        Assert.Contains(other.Id, await deskBoard.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotModified, (await Poll(manager, venue, managerBoard.Headers.ETag!)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await Poll(desk, venue, deskBoard.Headers.ETag!)).StatusCode);
        var offeredDesks = await Poll(manager, venue, deskBoard.Headers.ETag!);
        Assert.Equal((HttpStatusCode.OK, managerBoard.Headers.ETag), (offeredDesks.StatusCode, offeredDesks.Headers.ETag));
        Assert.DoesNotContain(other.Id, await offeredDesks.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_board_of_an_unknown_venue_is_404_problem_details()
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var response = await op.GetAsync("/venues/no-such-venue/rooms");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-venue", (await response.Problem()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_original_booking_and_never_creates_a_second_nor_reuses_it_for_other_details()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var first = await SendWithKey(desk, venue, "evening-42", GuestIn("k01"));
        var retry = await SendWithKey(desk, venue, "evening-42", GuestIn("k01"));
        var otherDetails = await SendWithKey(desk, venue, "evening-42", GuestIn("k02"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var (original, replayed) = (await first.Read<Booking>(), await retry.Read<Booking>());
        Assert.Equal((original.Id, "k01"), (replayed.Id, replayed.RoomId));
        Assert.Equal(HttpStatusCode.Conflict, otherDetails.StatusCode);
        Assert.Single(await (await desk.GetAsync($"/venues/{venue}/bookings")).Read<List<BookingSummary>>());
        Assert.Equal("free", (await desk.GetFromJsonAsync<JsonElement>($"/venues/{venue}/rooms/k02")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Two_requests_for_the_same_room_at_once_one_wins_and_the_other_is_409_naming_the_rule_and_the_holder()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => desk.PostJson($"/venues/{venue}/bookings", GuestIn("k02"))));

        var winner = await Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created).Read<Booking>();
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            var problem = await loser.Problem();
            Assert.Equal("BK-7", problem.GetProperty("rule").GetString());
            Assert.Contains(winner.Id, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task BK6_a_managers_booking_is_a_request_reception_assigns_and_the_manager_sees_only_their_own()
    {
        var venue = await NewVenue();
        using var manager = api.ClientWith(ApiFactory.TokenFor(new(Subject: "m-7", Role: Roles.Manager, Venues: [venue], Badge: "K007", Department: "ktv")));
        using var other = api.ClientWith(ApiFactory.TokenFor(new(Subject: "m-8", Role: Roles.Manager, Venues: [venue], Badge: "K008", Department: "ktv")));
        using var desk = api.ClientAs(Roles.Reception, venue);

        var request = await (await manager.PostJson($"/venues/{venue}/bookings", GuestIn("k03"))).Read<Booking>();
        Assert.Equal((BookingStatus.Requested, BookingSource.Booker), (request.Status, request.Source));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/venues/{venue}/bookings/{request.Id}/seat", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJson($"/venues/{venue}/bookings", GuestIn("k01"))).StatusCode);

        var assigned = await (await desk.PostJson($"/venues/{venue}/bookings/{request.Id}/assign", new { })).Read<Booking>();
        Assert.Equal((BookingStatus.Held, "k03"), (assigned.Status, assigned.RoomId));

        Assert.Single(await (await manager.GetAsync($"/venues/{venue}/bookings")).Read<List<BookingSummary>>());
        Assert.Empty(await (await other.GetAsync($"/venues/{venue}/bookings")).Read<List<BookingSummary>>());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/venues/{venue}/bookings/{request.Id}")).StatusCode);
    }

    [Fact]
    public async Task Walk_ins_need_a_free_room_and_bad_input_is_named()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var missing = await desk.PostJson($"/venues/{venue}/walk-ins", new { guestPhone = "nope" });
        Assert.Equal(["guestPhone", "roomId"], (await missing.Problem()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());

        Assert.Equal(HttpStatusCode.Created, (await desk.PostJson($"/venues/{venue}/walk-ins", new { roomId = "k01", partySize = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostJson($"/venues/{venue}/walk-ins", new { roomId = "k01" })).StatusCode);
        Assert.Equal("seated", (await desk.GetFromJsonAsync<JsonElement>($"/venues/{venue}/rooms/k01")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_walk_in_retried_with_the_same_Idempotency_Key_returns_the_same_party_and_another_key_is_refused_the_room()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        var first = await SendWithKey(desk, venue, "walk-1", new { roomId = "k01", guestName = "张三" }, "walk-ins");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var party = await first.Read<Booking>();
        var retried = await SendWithKey(desk, venue, "walk-1", new { roomId = "k01", guestName = "张三" }, "walk-ins");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(party.Id, (await retried.Read<Booking>()).Id);
        Assert.Equal(HttpStatusCode.Conflict, (await SendWithKey(desk, venue, "walk-2", new { roomId = "k01" }, "walk-ins")).StatusCode);

        // The same key on a booking names another booking: keys of walk-ins and bookings never meet.
        var booking = await SendWithKey(desk, venue, "walk-1", GuestIn("k02"));
        Assert.Equal(HttpStatusCode.Created, booking.StatusCode);
        Assert.NotEqual(party.Id, (await booking.Read<Booking>()).Id);
    }

    [Fact]
    public async Task Booking_commands_answer_404_for_unknown_bookings_and_400_for_missing_fields()
    {
        var venue = await NewVenue();
        using var desk = api.ClientAs(Roles.Reception, venue);

        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/venues/{venue}/bookings/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.PostAsync($"/venues/{venue}/bookings/nope/seat", null)).StatusCode);
        var booking = await (await desk.PostJson($"/venues/{venue}/bookings", GuestIn("k01"))).Read<Booking>();
        var noSpend = await desk.PostJson($"/venues/{venue}/bookings/{booking.Id}/checkout", new { });
        Assert.Equal("spend", (await noSpend.Problem()).GetProperty("errors").EnumerateObject().Single().Name);
        var badDay = await desk.GetAsync($"/venues/{venue}/bookings?day=27-11-2026");
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        var badState = await desk.GetAsync($"/venues/{venue}/bookings?state=lost");
        Assert.Contains("checkedOut", (await badState.Problem()).GetProperty("errors").GetProperty("state")[0].GetString());
    }

    private static async Task<HttpResponseMessage> SendWithKey(HttpClient client, string venue, string key, object body, string resource = "bookings")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/venues/{venue}/{resource}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> Poll(HttpClient client, string venue, System.Net.Http.Headers.EntityTagHeaderValue etag)
    {
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/venues/{venue}/rooms");
        poll.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(poll);
    }
}
