using System.Net;
using System.Text;
using System.Text.Json;

namespace ClubGrains.Tests.Venues;

/// <summary>Venues, policies and rooms through HTTP, on one co-hosted silo shared by the class.</summary>
public sealed class VenueApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.ClientAs(Roles.Operator, Actor.AllVenues);

    private static string NewId() => "v-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<Venue> CreateVenue(string id, params string[] kinds)
    {
        var response = await _client.PostJson("/venues", new
        {
            id,
            name = "金色年华 KTV",
            timeZone = "Asia/Shanghai",
            kinds = kinds.Length == 0 ? ["ktv", "disco"] : kinds,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Read<Venue>();
    }

    [Fact]
    public async Task Creating_a_venue_answers_201_with_its_location_and_the_default_policy()
    {
        var id = NewId();
        var response = await _client.PostJson("/venues", new { id, name = "金色年华 KTV", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/venues/{id}", response.Headers.Location?.ToString());
        var venue = await response.Read<Venue>();
        Assert.Equal(("金色年华 KTV", "Asia/Shanghai", new TimeOnly(6, 0), "CNY"), (venue.Name, venue.TimeZone, venue.DayCutoff, venue.Currency));

        var policy = await (await _client.GetAsync($"/venues/{id}/policy")).Read<VenuePolicy>();
        Assert.Equal(VenuePolicy.Default, policy);

        var listed = await (await _client.GetAsync("/venues")).Read<List<VenueSummary>>();
        Assert.Contains(listed, v => v.Id == id);
    }

    [Fact]
    public async Task Json_uses_camel_case_names_enum_strings_and_iso_offsets()
    {
        var id = NewId();
        await CreateVenue(id, "ktv");

        var json = await _client.GetStringAsync($"/venues/{id}");
        using var doc = JsonDocument.Parse(json);

        Assert.Equal("ktv", doc.RootElement.GetProperty("kinds")[0].GetString());
        Assert.Equal("06:00:00", doc.RootElement.GetProperty("dayCutoff").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", doc.RootElement.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task A_venue_with_missing_fields_is_refused_listing_every_field_and_nothing_is_stored()
    {
        var id = NewId();
        var response = await _client.PostJson("/venues", new { id });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Problem();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));
        Assert.True(errors.TryGetProperty("kinds", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/venues/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_bad_id_and_a_bad_time_zone_are_named_together()
    {
        var response = await _client.PostJson("/venues", new { id = "Not An Id", name = "Club", timeZone = "Mars/Olympus", kinds = new[] { "ktv" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Problem()).GetProperty("errors");
        Assert.Equal(["id", "timeZone"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task Creating_the_same_venue_twice_is_a_conflict()
    {
        var id = NewId();
        await CreateVenue(id);

        var again = await _client.PostJson("/venues", new { id, name = "Other", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(409, (await again.Problem()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Patching_a_venue_changes_only_the_fields_sent_and_is_recorded()
    {
        var id = NewId();
        await CreateVenue(id);

        var response = await _client.PatchJson($"/venues/{id}", new { name = "Golden Years", dayCutoff = "05:00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var venue = await response.Read<Venue>();
        Assert.Equal(("Golden Years", "Asia/Shanghai", new TimeOnly(5, 0)), (venue.Name, venue.TimeZone, venue.DayCutoff));
        var history = await (await _client.GetAsync($"/venues/{id}/history")).Read<List<Change>>();
        Assert.Equal(2, history.Count);
        Assert.All(history, h => Assert.Equal(("operator-1", Roles.Operator), (h.Actor.Subject, h.Actor.Role)));
    }

    [Fact]
    public async Task A_policy_with_overlapping_hold_windows_is_refused_with_the_field_and_rule_and_the_old_policy_stays()
    {
        var id = NewId();
        await CreateVenue(id);

        var response = await _client.PutJson($"/venues/{id}/policy", new
        {
            bookings = new { earlyAssignmentBefore = "23:00:00", earlyHoldUntil = "23:30:00", laterHoldMinutes = 0 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Problem()).GetProperty("errors");
        Assert.Contains("BK-3", errors.GetProperty("bookings.laterWindowEnd")[0].GetString());
        Assert.True(errors.TryGetProperty("bookings.laterHoldMinutes", out _));
        Assert.Equal(VenuePolicy.Default, await (await _client.GetAsync($"/venues/{id}/policy")).Read<VenuePolicy>());
    }

    [Fact]
    public async Task A_valid_policy_is_stored_and_fields_left_out_take_the_defaults()
    {
        var id = NewId();
        await CreateVenue(id);

        var response = await _client.PutJson($"/venues/{id}/policy", new
        {
            bookings = new { laterHoldMinutes = 30, cheatingFine = 800 },
            workday = new { lateFine = 80, absenceFine = 120, replyMinutes = 3 },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await (await _client.GetAsync($"/venues/{id}/policy")).Read<VenuePolicy>();
        Assert.Equal(30, stored.Bookings.LaterHoldMinutes);
        Assert.Equal(800m, stored.Bookings.CheatingFine);
        Assert.Equal(new TimeOnly(21, 0), stored.Bookings.EarlyHoldUntil);
        Assert.Equal((80m, 120m, 3), (stored.Workday.LateFine, stored.Workday.AbsenceFine, stored.Workday.ReplyMinutes));
        Assert.Equal(VenuePolicy.Default.Targets, stored.Targets);
    }

    [Fact]
    public async Task A_misspelt_policy_field_is_an_error_not_a_silent_default()
    {
        var id = NewId();
        await CreateVenue(id);

        var response = await _client.PutJson($"/venues/{id}/policy", new { bookings = new { laterHoldMinute = 30 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("laterHoldMinute", (await response.Problem()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rooms_are_added_changed_listed_and_removed()
    {
        var id = NewId();
        await CreateVenue(id);

        var added = await _client.PutJson($"/venues/{id}/rooms/k01", new { name = "牡丹厅", kind = "ktv", type = "large", capacity = 12 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        await _client.PutJson($"/venues/{id}/rooms/t01", new { name = "Table 1", kind = "disco", type = "standard", capacity = 6 });
        var changed = await _client.PutJson($"/venues/{id}/rooms/k01", new { capacity = 14 });
        Assert.Equal(14, (await changed.Read<RoomDefinition>()).Capacity);

        var rooms = await (await _client.GetAsync($"/venues/{id}/rooms")).Read<List<RoomDefinition>>();
        Assert.Equal(
            [new RoomDefinition("k01", "牡丹厅", VenueKind.Ktv, "large", 14), new RoomDefinition("t01", "Table 1", VenueKind.Disco, "standard", 6)],
            rooms);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/venues/{id}/rooms/t01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/venues/{id}/rooms/t01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/venues/{id}/rooms/t01")).StatusCode);
    }

    [Fact]
    public async Task A_room_of_a_kind_the_venue_does_not_run_is_refused()
    {
        var id = NewId();
        await CreateVenue(id, "ktv");

        var response = await _client.PutJson($"/venues/{id}/rooms/t01", new { name = "Table 1", kind = "disco", type = "standard", capacity = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Problem()).GetProperty("errors");
        Assert.Equal(["capacity", "kind"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task An_unknown_venue_is_404_problem_details()
    {
        var response = await _client.GetAsync("/venues/no-such-venue/policy");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-venue", (await response.Problem()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_problem_details()
    {
        var missing = await _client.GetAsync("/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await missing.Problem();

        var wrongMethod = await _client.DeleteAsync("/venues");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        await wrongMethod.Problem();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_problem_details()
    {
        var response = await _client.PostAsync("/venues", new StringContent("id=v1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await response.Problem();
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_the_path()
    {
        var response = await _client.PostAsync("/venues", new StringContent("""{"id":"v1","kinds":["karaoke"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Problem()).GetProperty("detail").GetString();
        Assert.Contains("$.kinds[0]", detail);
        Assert.DoesNotContain("   at ", detail);
    }

    [Fact]
    public async Task Health_is_live_and_ready_with_silo_and_storage()
    {
        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);

        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var doc = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_openapi_document_and_the_reference_page_are_served()
    {
        using var anonymous = api.CreateClient();
        var document = await anonymous.GetStringAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(document);
        Assert.True(doc.RootElement.GetProperty("paths").TryGetProperty("/venues/{venueId}/policy", out _));

        var docs = await anonymous.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("text/html", docs.Content.Headers.ContentType?.MediaType);
    }
}
