using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ClubGrains.Tests.Hosting;

/// <summary>The served /openapi/v1.json says what the service answers, and passes a real linter.</summary>
public sealed class OpenApiDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Writes = ["post", "put", "patch", "delete"];

    private async Task<JsonElement> Document(string? host = null)
    {
        using var anonymous = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (op.Name, path.Name, op.Value)));

    [Fact]
    public async Task Every_operation_declares_the_answers_of_the_layers_around_it_and_a_unique_operation_id()
    {
        var document = await Document();
        var missing = new List<string>();
        var ids = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
            var expected = new List<string> { "401", "403", "431", "500", "503" };
            if (Writes.Contains(method))
            {
                expected.Add("429");
            }

            if (operation.TryGetProperty("requestBody", out var body))
            {
                expected.AddRange(["400", "413", "415"]);
                if (!body.TryGetProperty("required", out var required) || !required.GetBoolean())
                {
                    missing.Add($"{method} {path}: requestBody.required");
                }
            }

            missing.AddRange(expected.Where(status => !responses.Contains(status)).Select(status => $"{method} {path}: {status}"));
            foreach (var problem in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var types = problem.Value.GetProperty("content").EnumerateObject().Select(c => c.Name).ToArray();
                if (types is not ["application/problem+json"])
                {
                    missing.Add($"{method} {path}: {problem.Name} as {string.Join(", ", types)}, not only application/problem+json");
                }
            }

            ids.Add(operation.TryGetProperty("operationId", out var id) ? id.GetString()! : $"(none: {method} {path})");
        }

        Assert.True(ids.Count > 40, $"Only {ids.Count} operations in the document.");
        Assert.Empty(missing);
        Assert.DoesNotContain(ids, id => id.StartsWith("(none", StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task The_problem_schema_declares_the_trace_id_and_rule_every_error_carries()
    {
        var schemas = (await Document()).GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            var schema = schemas.GetProperty(name);
            Assert.True(schema.GetProperty("properties").TryGetProperty("traceId", out _), name);
            Assert.True(schema.GetProperty("properties").TryGetProperty("rule", out _), name);
            Assert.Contains("traceId", schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
            Assert.False(schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False, $"{name} forbids extension members");
        }

        // And a real error body has nothing the schema does not declare.
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var refused = await (await op.PostJson("/venues", new { })).Problem();
        var declared = schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(refused.EnumerateObject(), member => Assert.Contains(member.Name, declared));
    }

    [Fact]
    public async Task Fields_the_service_lets_a_client_leave_out_are_not_required_in_the_document()
    {
        var schemas = (await Document()).GetProperty("components").GetProperty("schemas");
        static string[] Required(JsonElement schema) =>
            schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToArray() : [];

        Assert.DoesNotContain("roomType", Required(schemas.GetProperty("AssignBody")));
        Assert.DoesNotContain("roomId", Required(schemas.GetProperty("AssignBody")));
        Assert.DoesNotContain("currency", Required(schemas.GetProperty("CreateVenueRequest")));
        Assert.DoesNotContain("dayCutoff", Required(schemas.GetProperty("CreateVenueRequest")));

        // Proof that the service indeed takes them missing: a venue without currency or cut-off is created.
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var created = await op.PostJson("/venues", new { id = "oa-" + Guid.NewGuid().ToString("N")[..8], name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Numbers_are_numbers_in_the_document_and_a_quoted_number_is_refused()
    {
        var quoted = new List<string>();
        void Walk(JsonElement element, string at)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.ValueKind is JsonValueKind.String or JsonValueKind.Array)
                {
                    var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToArray() : [type.GetString()];
                    if ((types.Contains("integer") || types.Contains("number")) && (types.Contains("string") || element.TryGetProperty("pattern", out _)))
                    {
                        quoted.Add(at);
                    }
                }

                foreach (var member in element.EnumerateObject())
                {
                    Walk(member.Value, $"{at}/{member.Name}");
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, at);
                }
            }
        }

        Walk((await Document()).GetProperty("components"), "components");
        Assert.Empty(quoted);

        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var venue = "qn-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        var response = await op.PutJson($"/venues/{venue}/rooms/k01", new { name = "牡丹厅", kind = "ktv", type = "large", capacity = "12" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.capacity", (await response.Problem()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_server_address_is_relative_and_never_taken_from_the_requests_host_header()
    {
        var document = await Document(host: "attacker.example:8443");

        var servers = document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()!).ToArray();
        Assert.Equal(["/"], servers);
        Assert.DoesNotContain("attacker.example", document.GetRawText());
    }

    [SkippableFact]
    public async Task The_served_document_passes_spectrals_openapi_rules_with_no_error_or_warning()
    {
        var spectral = SpectralLinter.RequireBinary();
        using var anonymous = api.CreateClient();
        var document = await anonymous.GetStringAsync("/openapi/v1.json");

        var results = await SpectralLinter.Lint(spectral, document);

        // A rule the service cannot follow is turned off in .spectral.yaml, with the reason; nothing else may remain.
        Assert.True(results.Count == 0, string.Join(Environment.NewLine, results));
    }

    /// <summary>
    /// 20.2: every write operation of the document that takes a body, sent a missing, an empty and a
    /// <c>null</c> body by a role it admits, answers 400 problem details naming the body: one binding
    /// rule, never a 5xx.
    /// </summary>
    [Fact]
    public async Task Every_write_operation_answers_a_missing_empty_or_null_body_with_a_400_naming_the_body()
    {
        var venue = "nb-" + Guid.NewGuid().ToString("N")[..8];
        using (var op = api.ClientAs(Roles.Operator, Actor.AllVenues))
        {
            Assert.Equal(HttpStatusCode.Created, (await op.PostJson("/venues", new { id = venue, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        }

        var clients = Roles.All.ToDictionary(role => role, role => api.ClientAs(role, role == Roles.Operator ? Actor.AllVenues : venue));
        var walked = new List<string>();
        var wrong = new List<string>();
        try
        {
            foreach (var (method, path, operation) in Operations(await Document()).Where(o => Writes.Contains(o.Method) && o.Operation.TryGetProperty("requestBody", out _)))
            {
                var url = Regex.Replace(path, "{([^}]+)}", m => m.Groups[1].Value == "venueId" ? venue : "x1");
                walked.Add($"{method} {path}");
                foreach (var (label, body) in new (string, string?)[] { ("missing", null), ("empty", string.Empty), ("null", "null") })
                {
                    var response = await AsAnAdmittedRole(clients.Values, new HttpMethod(method.ToUpperInvariant()), url, body);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.BadRequest
                        || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                        || !JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors)
                        || !errors.TryGetProperty("body", out _))
                    {
                        wrong.Add($"{method} {path} with a {label} body: {(int)response.StatusCode} {text}");
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }

        string[] bookingCommands = ["assign", "transfer", "cancel", "cancel-request", "checkout", "outage-arrival", "extend-hold", "reinstate", "late-arrival"];
        Assert.All(bookingCommands, command => Assert.Contains($"post /venues/{{venueId}}/bookings/{{bookingId}}/{command}", walked));
        Assert.True(walked.Count >= 30, $"Only {walked.Count} write operations with a body were walked.");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>The answer to the first role the operation admits (authorization comes before the body).</summary>
    private static async Task<HttpResponseMessage> AsAnAdmittedRole(IEnumerable<HttpClient> clients, HttpMethod method, string url, string? body)
    {
        HttpResponseMessage? last = null;
        foreach (var client in clients)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            last = await client.SendAsync(request);
            if (last.StatusCode != HttpStatusCode.Forbidden)
            {
                return last;
            }
        }

        Assert.Fail($"No role is admitted to {method} {url}.");
        return last!;
    }
}
