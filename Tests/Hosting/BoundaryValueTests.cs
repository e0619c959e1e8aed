using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClubGrains.Api.Auth;
using ClubGrains.Tests.Bookings;
using ClubGrains.Tests.Rooms;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Hosting;

/// <summary>
/// A property test over the OpenAPI document: every operation it lists is called with a request built
/// from its schema, then with one value at a time replaced by a boundary value of its type (far
/// instants and days, 0, negative and the largest amounts, empty, null and missing bodies and fields,
/// huge strings, control characters, huge arrays). No answer may be 5xx, and after every refused
/// write (4xx) what the venue stores reads the same as before it.
/// </summary>
public sealed class BoundaryValueTests(EveningApiFactory api, ITestOutputHelper output) : IClassFixture<EveningApiFactory>
{
    private const string Badge = "K007";
    private const string Supervisor = "sup-1";

    /// <summary>Routes only a manager may call (the rest are open to a GM, POST /venues to an operator).</summary>
    private static readonly HashSet<string> ManagerOnly =
    [
        "POST /venues/{venueId}/bookings/{bookingId}/cancel-request",
        "POST /venues/{venueId}/managers/{badge}/messages/{messageId}/reply",
        "POST /venues/{venueId}/managers/{badge}/messages/{messageId}/objection",
        "POST /venues/{venueId}/managers/{badge}/card/sign",
        "POST /venues/{venueId}/managers/{badge}/meal-leave",
        "POST /venues/{venueId}/managers/{badge}/log",
        "POST /venues/{venueId}/customers",
        "POST /venues/{venueId}/customers/{phone}/callbacks",
    ];

    /// <summary>The booking each booking route acts on, by the state it expects; the rest get the held one.</summary>
    private static readonly Dictionary<string, Func<Scene, string>> BookingFor = new()
    {
        ["/checkout"] = s => s.Seated,
        ["/transfer"] = s => s.Seated,
        ["/assign"] = s => s.Requested,
        ["/reinstate"] = s => s.Cancelled,
        ["/late-arrival"] = s => s.Cancelled,
    };

    /// <summary>Properties whose usual value is no value (a reply's past time is only for after an outage).</summary>
    private static readonly HashSet<string> UsuallyAbsent = ["repliedAt"];

    private static readonly string Huge = new('长', 10_000);

    private static readonly JsonNode?[] Strings = [JsonValue.Create(string.Empty), JsonValue.Create(Huge), JsonValue.Create("\u0000"), JsonValue.Create("\u001b[2J"), JsonValue.Create("👍🏽王\u200b\u202e"), null];

    private sealed record Scene(string Venue, string Held, string Seated, string Requested, string Cancelled, string Message, string Entry, string Phone, string Complaint, string Login, string Client);

    private sealed record Operation(string Method, string Path, JsonElement Definition)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>One request: which value was replaced (or how the body was broken), and the parts to send.</summary>
    private sealed record Case(string What, Dictionary<string, string> PathValues, Dictionary<string, string> Query, Dictionary<string, string> Headers, string? Body, string? ContentType);

    [Fact]
    public async Task Boundary_values_on_every_operation_are_never_5xx_and_a_refused_write_stores_nothing()
    {
        var clock = Stopwatch.StartNew();
        using var anonymous = api.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operations(document).ToList();
        var failures = new List<string>();
        var sent = 0;
        var unsendable = 0;
        var answers = new SortedDictionary<int, int>();
        var validAnswers = new List<string>();

        foreach (var operation in operations)
        {
            var scene = await Arrange();
            var before = await Snapshot(scene);
            var stored = await ReadBack(operation, scene);
            var cases = Cases(document, operation, scene, stored).GetEnumerator();
            var done = 0;
            while (cases.MoveNext())
            {
                var @case = cases.Current;
                done++;
                using var client = ClientFor(operation, scene);
                using var request = Request(operation, @case);
                HttpResponseMessage response;
                try
                {
                    // Headers first: the live event stream never ends by itself; its status is what counts.
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or HttpRequestException)
                {
                    // HttpClient refuses to put the value on the wire (a control character in a header): nothing reached the API.
                    unsendable++;
                    continue;
                }

                sent++;
                using (response)
                {
                    var status = (int)response.StatusCode;
                    answers[status] = answers.GetValueOrDefault(status) + 1;
                    if (done == 1)
                    {
                        validAnswers.Add($"{operation} → {status}");
                    }

                    var label = $"{operation} {@case.What}";
                    if (status >= 500)
                    {
                        failures.Add($"{label} → {status} {Shorten(await response.Content.ReadAsStringAsync())}");
                    }

                    if (operation.Method == "GET")
                    {
                        continue;
                    }

                    if (status is >= 400 and < 500)
                    {
                        var after = await Snapshot(scene);
                        var changed = before.Zip(after).FirstOrDefault(p => p.First != p.Second);
                        if (changed != default)
                        {
                            failures.Add($"{label} → {status} but the store changed: {Shorten(changed.First)} ⇒ {Shorten(changed.Second)}");
                            before = after;
                        }
                    }
                    else if (status is >= 200 and < 300)
                    {
                        // The write went through: a new scene (and fresh ids in the body), so the next case
                        // meets the state the route expects.
                        scene = await Arrange();
                        before = await Snapshot(scene);
                        stored = await ReadBack(operation, scene);
                        cases.Dispose();
                        cases = Cases(document, operation, scene, stored).Skip(done).GetEnumerator();
                    }
                }
            }

            cases.Dispose();
        }

        output.WriteLine($"{operations.Count} operations, {sent} requests sent ({unsendable} values HttpClient would not send), {clock.Elapsed.TotalSeconds:F1} s.");
        output.WriteLine("answers: " + string.Join(", ", answers.Select(a => $"{a.Key}×{a.Value}")));
        output.WriteLine("the valid-looking request of each operation: " + string.Join("; ", validAnswers));
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        // Both checks ran: some writes went through (a new scene each time) and some were refused.
        Assert.Contains(answers.Keys, s => s is >= 200 and < 300);
        Assert.Contains(answers.Keys, s => s is >= 400 and < 500);
        Assert.Empty(failures);
    }

    /// <summary>Every operation in the document except the API reference itself.</summary>
    private static IEnumerable<Operation> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (path.Name.StartsWith("/docs", StringComparison.Ordinal) || path.Name.StartsWith("/openapi", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name != "parameters"))
            {
                yield return new Operation(method.Name.ToUpperInvariant(), path.Name, method.Value);
            }
        }
    }

    /// <summary>
    /// The valid-looking request first, then the body broken as a whole, then each body property, query
    /// parameter, header and path id (but the venue's: a foreign venue is 403 before anything is read)
    /// replaced by each boundary value of its schema.
    /// </summary>
    private IEnumerable<Case> Cases(JsonElement document, Operation operation, Scene scene, JsonNode? stored)
    {
        var parameters = operation.Definition.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
        var pathValues = parameters.Where(p => p.GetProperty("in").GetString() == "path")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => PathValue(p.GetProperty("name").GetString()!, operation, scene));
        var headers = parameters.Where(p => p.GetProperty("in").GetString() == "header")
            .ToDictionary(p => p.GetProperty("name").GetString()!, _ => Guid.NewGuid().ToString("N"));
        var queries = parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList();
        var bodySchema = operation.Definition.TryGetProperty("requestBody", out var requestBody)
            ? Resolve(document, requestBody.GetProperty("content").GetProperty("application/json").GetProperty("schema"))
            : (JsonElement?)null;
        var body = bodySchema is { } schema ? (stored is not null ? Filtered(document, schema, stored, operation, scene) : Valid(document, schema, string.Empty, operation, scene)) : null;

        Case With(string what, string? json = null, string? contentType = "application/json", Dictionary<string, string>? query = null, Dictionary<string, string>? header = null, Dictionary<string, string>? path = null) =>
            new(what, path ?? pathValues, query ?? [], header ?? headers, json, contentType);

        yield return With("(valid)", body?.ToJsonString());
        if (bodySchema is not null)
        {
            yield return With("body=missing", null, null);
            yield return With("body=empty", string.Empty);
            yield return With("body=null", "null");
            yield return With("body={}", "{}");
            yield return With("body=[]", "[]");
            foreach (var (what, json) in Replacements(document, bodySchema.Value, body!, string.Empty))
            {
                yield return With(what, json);
            }
        }

        foreach (var name in queries)
        {
            var values = name == "day" ? ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59.9999999+00:00", string.Empty, Huge, "\u0000", "\u001b"] : new[] { string.Empty, Huge, "\u0000", "\u001b", "👍🏽王" };
            foreach (var value in values)
            {
                yield return With($"?{name}={Describe(JsonValue.Create(value))}", body?.ToJsonString(), query: new() { [name] = value });
            }
        }

        foreach (var name in headers.Keys)
        {
            foreach (var value in new[] { string.Empty, Huge, "\u0000", "\u001b", "👍🏽王" })
            {
                yield return With($"header {name}={Describe(JsonValue.Create(value))}", body?.ToJsonString(), header: new(headers) { [name] = value });
            }
        }

        foreach (var name in pathValues.Keys.Where(n => n != "venueId"))
        {
            foreach (var value in new[] { Huge, "\u0000", "\u001b", "👍🏽王", " " })
            {
                yield return With($"{{{name}}}={Describe(JsonValue.Create(value))}", body?.ToJsonString(), path: new(pathValues) { [name] = value });
            }
        }
    }

    /// <summary>The body with one property replaced (or removed), property by property, nested objects included.</summary>
    private static IEnumerable<(string What, string Json)> Replacements(JsonElement document, JsonElement schema, JsonNode body, string prefix)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var field = prefix + property.Name;
            var propertySchema = Resolve(document, property.Value);
            var original = body[property.Name];
            var boundaries = Boundaries(propertySchema, original).Select(v => (Describe(v), (JsonNode?)v, false)).Append(("missing", null, true));
            foreach (var (label, value, remove) in boundaries)
            {
                var copy = body.DeepClone();
                if (remove)
                {
                    copy.AsObject().Remove(property.Name);
                }
                else
                {
                    copy[property.Name] = value?.DeepClone();
                }

                yield return (remove ? $"{field} missing" : $"{field}={label}", copy.ToJsonString());
            }

            if (Types(propertySchema).Contains("object") && original is JsonObject)
            {
                foreach (var (nestedField, json) in Replacements(document, propertySchema, original, field + "."))
                {
                    var copy = body.DeepClone();
                    copy[property.Name] = JsonNode.Parse(json);
                    yield return (nestedField, copy.ToJsonString());
                }
            }
        }
    }

    /// <summary>The boundary values of a schema's type and format.</summary>
    private static IEnumerable<JsonNode?> Boundaries(JsonElement schema, JsonNode? valid)
    {
        var types = Types(schema);
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (schema.TryGetProperty("enum", out _))
        {
            return [JsonValue.Create(string.Empty), JsonValue.Create("nonsense"), JsonValue.Create(Huge), JsonValue.Create(0), null];
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            return [JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(int.MaxValue), JsonValue.Create(decimal.MaxValue), JsonValue.Create(decimal.MinValue), JsonValue.Create(1e300), JsonValue.Create("1e300"), null];
        }

        if (types.Contains("array"))
        {
            var item = valid is JsonArray { Count: > 0 } items ? items[0] : JsonValue.Create("x");
            return [new JsonArray(), new JsonArray(Enumerable.Range(0, 10_000).Select(_ => item?.DeepClone()).ToArray()), JsonValue.Create(Huge), null];
        }

        if (types.Contains("boolean"))
        {
            return [JsonValue.Create("true"), JsonValue.Create(0), null];
        }

        if (types.Contains("object"))
        {
            return [new JsonObject(), new JsonArray(), null];
        }

        return format switch
        {
            "date-time" => [JsonValue.Create("0001-01-01T00:00:00+00:00"), JsonValue.Create("9999-12-31T23:59:59.9999999+00:00"), JsonValue.Create("0001-01-01"), JsonValue.Create("9999-12-31"), JsonValue.Create(string.Empty), JsonValue.Create("\u0000"), null],
            "date" => [JsonValue.Create("0001-01-01"), JsonValue.Create("9999-12-31"), JsonValue.Create("9999-12-31T23:59:59.9999999+00:00"), JsonValue.Create(string.Empty), null],
            "time" => [JsonValue.Create("00:00"), JsonValue.Create("23:59:59.9999999"), JsonValue.Create("24:00"), JsonValue.Create(string.Empty), JsonValue.Create(Huge), null],
            _ => Strings,
        };
    }

    /// <summary>
    /// A valid-looking value: by the property's name in the domain, else by its schema.
    /// </summary>
    private JsonNode? Valid(JsonElement document, JsonElement schema, string name, Operation operation, Scene scene)
    {
        if (UsuallyAbsent.Contains(name))
        {
            return null;
        }

        var now = api.Clock!.GetUtcNow();
        JsonNode? byName = name switch
        {
            "id" => "bv-" + Guid.NewGuid().ToString("N")[..10],
            "name" or "guestName" or "arrivingGuestName" => "王小明",
            "guestPhone" or "arrivingGuestPhone" => "13800138000",
            "phone" => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
            "bookerDepartment" or "department" or "kind" => "ktv",
            "kinds" => new JsonArray("ktv"),
            "bookerName" => "李娜",
            "bookerBadge" => Badge,
            "roomId" or "toRoomId" => "k04",
            "roomType" => "large",
            "type" => "small",
            "timeZone" => "Asia/Shanghai",
            "dayCutoff" => "06:00",
            "currency" => "CNY",
            "partySize" or "capacity" => 4,
            "spend" => 2888,
            "amount" => 300,
            "tip" => 200,
            "rule" => operation.Path.EndsWith("/absences", StringComparison.Ordinal) ? "WD-6" : "DS-1",
            "until" => now.AddHours(2).ToString("O", CultureInfo.InvariantCulture),
            "arrivedAt" or "repliedAt" => now.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture),
            "from" => now.AddHours(2).ToString("O", CultureInfo.InvariantCulture),
            "supervisor" => "sup-2",
            "scopes" => new JsonArray("extendHold"),
            "bookingId" => scene.Held,
            "login" => "bv-" + Guid.NewGuid().ToString("N")[..10],
            "role" => Roles.Manager,
            "badge" => Badge,
            "venues" => new JsonArray(scene.Venue),
            "password" or "newPassword" => "correct horse battery staple",
            "currentPassword" => "first password 1",
            "atBookersRequest" or "confirm" or "detailsMatch" => true,
            _ => null,
        };
        if (byName is not null)
        {
            return byName;
        }

        var types = Types(schema);
        if (schema.TryGetProperty("enum", out var values))
        {
            return values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => JsonValue.Create(v.GetString())).First();
        }

        if (types.Contains("object") && schema.TryGetProperty("properties", out var properties))
        {
            var result = new JsonObject();
            foreach (var property in properties.EnumerateObject())
            {
                result[property.Name] = Valid(document, Resolve(document, property.Value), property.Name, operation, scene);
            }

            return result;
        }

        if (types.Contains("array"))
        {
            return new JsonArray(Valid(document, Resolve(document, schema.GetProperty("items")), name, operation, scene));
        }

        if (types.Contains("integer") || types.Contains("number"))
        {
            return 1;
        }

        if (types.Contains("boolean"))
        {
            return false;
        }

        return (schema.TryGetProperty("format", out var format) ? format.GetString() : null) switch
        {
            "date-time" => now.ToString("O", CultureInfo.InvariantCulture),
            "date" => DateOnly.FromDateTime(now.UtcDateTime).ToString("O", CultureInfo.InvariantCulture),
            "time" => "20:00",
            _ => "说明 text",
        };
    }

    /// <summary>What the scene stores under a writable route that can also be read (venue, policy, room), if anything.</summary>
    private async Task<JsonNode?> ReadBack(Operation operation, Scene scene)
    {
        if (operation.Method is not ("PUT" or "PATCH") || operation.Path is not ("/venues/{venueId}" or "/venues/{venueId}/policy" or "/venues/{venueId}/rooms/{roomId}"))
        {
            return null;
        }

        using var gm = api.ClientAs(Roles.GeneralManager, scene.Venue);
        return JsonNode.Parse(await gm.GetStringAsync(operation.Path.Replace("{venueId}", scene.Venue, StringComparison.Ordinal).Replace("{roomId}", "k01", StringComparison.Ordinal)));
    }

    /// <summary>The stored value cut to the body's properties: a write of what is there is valid by construction.</summary>
    private JsonObject Filtered(JsonElement document, JsonElement schema, JsonNode stored, Operation operation, Scene scene)
    {
        var filtered = new JsonObject();
        foreach (var property in schema.GetProperty("properties").EnumerateObject())
        {
            filtered[property.Name] = stored[property.Name]?.DeepClone() ?? Valid(document, Resolve(document, property.Value), property.Name, operation, scene);
        }

        return filtered;
    }

    private static string PathValue(string name, Operation operation, Scene scene) => name switch
    {
        "venueId" => scene.Venue,
        "roomId" => operation.Method == "DELETE" ? "k03" : "k01",
        "bookingId" => BookingFor.FirstOrDefault(b => operation.Path.EndsWith(b.Key, StringComparison.Ordinal)).Value?.Invoke(scene) ?? scene.Held,
        "badge" => Badge,
        "messageId" => scene.Message,
        "entryId" => scene.Entry,
        "phone" => scene.Phone,
        "complaintId" => scene.Complaint,
        "supervisor" => Supervisor,
        "period" => "daily",
        "department" => "ktv",
        "login" => scene.Login,
        "clientId" => scene.Client,
        _ => throw new InvalidOperationException($"no value for the path parameter {name} of {operation}"),
    };

    private HttpClient ClientFor(Operation operation, Scene scene) =>
        operation.ToString() == "POST /venues" ? api.ClientAs(Roles.Operator, Actor.AllVenues)
        : ManagerOnly.Contains(operation.ToString()) ? ManagerClient(scene.Venue)
        : api.ClientAs(Roles.GeneralManager, scene.Venue);

    private HttpClient ManagerClient(string venue) =>
        api.ClientWith(ApiFactory.TokenFor(new TokenRequest("m-7", Roles.Manager, [venue], Badge: Badge, Department: "ktv")));

    private static HttpRequestMessage Request(Operation operation, Case @case)
    {
        var path = @case.PathValues.Aggregate(operation.Path, (p, v) => p.Replace("{" + v.Key + "}", Uri.EscapeDataString(v.Value), StringComparison.Ordinal));
        if (@case.Query.Count > 0)
        {
            path += "?" + string.Join('&', @case.Query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"));
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        foreach (var (name, value) in @case.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (@case.ContentType is not null && @case.Body is not null)
        {
            request.Content = new StringContent(@case.Body, Encoding.UTF8, @case.ContentType);
        }

        return request;
    }

    /// <summary>
    /// A venue with four rooms (k04 stays free), manager K007, the desk's staff account, a partner's client, a booking held in k01, a party seated in k02, a request
    /// without a room and a booking cancelled at the booker's request (all K007's), a message to K007 and a ledger entry of theirs, a customer K007 registered with a
    /// complaint, and sup-1 authorised for overrides.
    /// </summary>
    private async Task<Scene> Arrange()
    {
        var venue = "bv-" + Guid.NewGuid().ToString("N")[..10];
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        foreach (var (room, type) in new[] { ("k01", "small"), ("k02", "small"), ("k03", "large"), ("k04", "large") })
        {
            Assert.Equal(HttpStatusCode.OK, (await op.PutJson($"/venues/{venue}/rooms/{room}", new { name = room, kind = "ktv", type, capacity = 8 })).StatusCode);
        }

        await api.RegisterManagers(venue, Badge);
        using var gm = api.ClientAs(Roles.GeneralManager, venue);
        using var manager = ManagerClient(venue);
        var held = await Placed(gm, venue, "k01");
        var seated = await Placed(gm, venue, "k02");
        Assert.Equal(HttpStatusCode.OK, (await gm.PostAsync($"/venues/{venue}/bookings/{seated}/seat", null)).StatusCode);
        var cancelled = await Placed(gm, venue, "k03");
        Assert.Equal(HttpStatusCode.OK, (await gm.PostJson($"/venues/{venue}/bookings/{cancelled}/cancel", new { atBookersRequest = true, reason = "the booker called" })).StatusCode);
        var requested = await Placed(gm, venue, null);
        Assert.True((await gm.PostJson($"/venues/{venue}/managers/{Badge}/messages", new { text = "来前台" })).IsSuccessStatusCode);
        Assert.True((await gm.PostJson($"/venues/{venue}/managers/{Badge}/violations", new { rule = "DS-1", amount = 300, evidence = "argued with a waiter" })).IsSuccessStatusCode);
        var record = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/managers/{Badge}");
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        Assert.True((await manager.PostJson($"/venues/{venue}/customers", new { name = "张三", phone })).IsSuccessStatusCode);
        Assert.True((await gm.PostJson($"/venues/{venue}/customers/{phone}/complaints", new { text = "the room was cold" })).IsSuccessStatusCode);
        var file = await gm.GetFromJsonAsync<JsonElement>($"/venues/{venue}/customers/{phone}");
        var login = "desk." + venue;
        Assert.Equal(HttpStatusCode.Created, (await gm.PostJson($"/venues/{venue}/accounts", new { login, displayName = "前台小王", role = Roles.Reception, password = "first password 1" })).StatusCode);
        using var client = await gm.PostJson($"/venues/{venue}/clients", new { name = "美团" });
        Assert.Equal(HttpStatusCode.Created, client.StatusCode);
        Assert.True((await gm.PostJson($"/venues/{venue}/authorisations", new { supervisor = Supervisor, scopes = new[] { "extendHold", "reinstate", "releaseHold" }, until = api.Clock!.GetUtcNow().AddHours(3), reason = "busy night" })).IsSuccessStatusCode);
        return new Scene(
            venue,
            held,
            seated,
            requested,
            cancelled,
            record.GetProperty("messages")[0].GetProperty("id").GetString()!,
            record.GetProperty("ledger")[0].GetProperty("id").GetString()!,
            phone,
            file.GetProperty("complaints")[0].GetProperty("id").GetString()!,
            login,
            (await client.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client").GetProperty("clientId").GetString()!);
    }

    private static async Task<string> Placed(HttpClient desk, string venue, string? room)
    {
        // Without a room it is a request for a room type, for reception to assign.
        var placed = await desk.PostJson($"/venues/{venue}/bookings", new { guestName = "王小明", guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = Badge, roomId = room, roomType = room is null ? "large" : null });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await placed.Read<Booking>()).Id;
    }

    /// <summary>
    /// What the scene's venue stores, read back: the venue list and the venue (profile, updatedAt), its
    /// policy, room board, authorisations and history, the day's bookings and each of the scene's
    /// bookings with its history, K007's record (ledger, messages, days, logs, card, history), the customer's file, the
    /// KTV shift of the day, the staff accounts and the partner clients. It does not see things under ids outside the scene (another badge's record,
    /// another phone's file): a refused write to those is checked only for not being 5xx.
    /// </summary>
    private async Task<List<string>> Snapshot(Scene scene)
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        using var gm = api.ClientAs(Roles.GeneralManager, scene.Venue);
        var reads = new List<string> { await Read(op, "/venues") };
        foreach (var path in new[]
                 {
                     string.Empty, "/policy", "/rooms", "/authorisations", "/history", "/bookings", $"/bookings/{scene.Held}", $"/bookings/{scene.Seated}", $"/bookings/{scene.Requested}", $"/bookings/{scene.Cancelled}",
                     $"/managers/{Badge}", $"/customers/{scene.Phone}", "/shifts/ktv", "/accounts", $"/accounts/{scene.Login}",
                     "/clients", $"/clients/{scene.Client}",
                 })
        {
            reads.Add(await Read(gm, $"/venues/{scene.Venue}{path}"));
        }

        return reads;
    }

    private static async Task<string> Read(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return $"GET {path} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..]));
        }

        if (schema.TryGetProperty("oneOf", out var choices))
        {
            return Resolve(document, choices.EnumerateArray().First(c => !(c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")));
        }

        return schema;
    }

    private static string[] Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
        : [type.GetString()!];

    private static string Describe(JsonNode? value)
    {
        var json = value?.ToJsonString() ?? "null";
        return json.Length > 40 ? $"{json[..20]}…({json.Length} chars)" : json;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
