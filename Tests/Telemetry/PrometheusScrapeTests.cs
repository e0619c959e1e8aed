using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace ClubGrains.Tests.Telemetry;

/// <summary>
/// The deployment as an operator runs it: a headless Silo and a client-mode API as real processes on a
/// PostgreSQL cluster, and a real Prometheus with deploy/prometheus.yml scraping both management listeners.
/// </summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(120);

    // Two scrape intervals of deploy/prometheus.yml (15 s) and the slack of a busy 2-core machine.
    private static readonly TimeSpan ScrapedWithin = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task Prometheus_scrapes_the_api_and_a_silo_with_the_deployed_config_and_finds_their_series()
    {
        var binary = PrometheusServer.RequireBinary();
        var database = await PostgreSqlServer.CreateDatabase();
        var serviceId = "prom-" + Guid.NewGuid().ToString("N")[..8];
        var cluster = TestSilo.PostgreSqlSettings(database, serviceId);
        var siloManagement = $"127.0.0.1:{TestSilo.FreePort()}";
        var apiManagement = $"127.0.0.1:{TestSilo.FreePort()}";
        var api = new Uri($"http://127.0.0.1:{TestSilo.FreePort()}");
        var processes = new List<ChildProcess>();
        PrometheusServer? prometheus = null;
        string Logs() => string.Join(Environment.NewLine, processes.Select(p => p.Tail())) + Environment.NewLine + prometheus?.Log;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var silo = ChildProcess.Start("silo", "dotnet", [Repository.Program("Silo", "ClubGrains.Silo.dll"), .. Arguments(cluster), $"--ClubGrains:Management:Url=http://{siloManagement}"]);
            processes.Add(silo);
            await Until(() => Answers(http, new Uri($"http://{siloManagement}/metrics"), silo), StartWithin, "the silo serves /metrics", Logs);

            var apiSettings = new Dictionary<string, string?>(cluster)
            {
                ["ClubGrains:Api:Mode"] = "Client",
                ["ClubGrains:Auth:SigningKey"] = Convert.ToBase64String(ApiFactory.SigningKey.Key),
                ["ClubGrains:Management:Url"] = $"http://{apiManagement}",
            };
            var apiProcess = ChildProcess.Start("api", "dotnet", [Repository.Program("Api", "ClubGrains.Api.dll"), .. Arguments(apiSettings), $"--urls={api}"]);
            processes.Add(apiProcess);
            await Until(() => Answers(http, new Uri(api, "/health/ready"), apiProcess), StartWithin, "the API is ready (joined the silo)", Logs);

            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFactory.Token(Roles.Operator, Actor.AllVenues));
            var id = "pr-" + Guid.NewGuid().ToString("N")[..10];
            Assert.Equal(HttpStatusCode.Created, (await http.PostJson(new Uri(api, "/venues").ToString(), new { id, name = "Scraped Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(api, $"/venues/{id}"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.PutJson(new Uri(api, $"/venues/{id}/rooms/k01").ToString(), new { name = "K01", kind = "ktv", type = "small", capacity = 6 })).StatusCode);
            await HttpTestExtensions.RegisterManagers(api.ToString().TrimEnd('/'), id, "K007");
            using var desk = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            desk.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFactory.Token(Roles.Reception, id));
            var placed = await desk.PostJson(new Uri(api, $"/venues/{id}/bookings").ToString(),
                new { guestName = "王小明", guestPhone = "13800138000", bookerDepartment = "ktv", bookerName = "李娜", bookerBadge = "K007", roomId = "k01" });
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

            prometheus = await PrometheusServer.Start(binary, [apiManagement], [siloManagement]);
            var expected = new Dictionary<string, string>
            {
                ["both targets are up"] = """sum(up{job=~"clubgrains-api|clubgrains-silo"}) == 2""",
                ["the API's resource"] = """target_info{job="clubgrains-api",service_name="clubgrains-api"}""",
                ["the silo's resource"] = """target_info{job="clubgrains-silo",service_name="clubgrains-silo"}""",
                ["the API's POST /venues"] = """http_server_request_duration_seconds_count{job="clubgrains-api",http_route="/venues/",http_request_method="POST",http_response_status_code="201"} >= 1""",
                ["the silo's venue grain activation"] = """orleans_catalog_activations{job="clubgrains-silo",grain_type="venue"} >= 1""",
                ["the silo's grain calls"] = """sum(orleans_app_requests_latency_milliseconds_count{job="clubgrains-silo"}) >= 2""",
                ["the silo's runtime"] = """dotnet_gc_heap_total_allocated_bytes_total{job="clubgrains-silo"} > 0""",
                ["the venue's booking placed"] = $$"""clubgrains_bookings_placed_total{job="clubgrains-silo",venue="{{id}}",room_kind="ktv"} == 1""",
                ["the venue's active hold"] = $$"""clubgrains_holds_active{job="clubgrains-silo",venue="{{id}}"} == 1""",
            };
            var missing = expected.Keys.ToList();
            await Until(
                async () =>
                {
                    foreach (var (what, query) in expected.Where(e => missing.Contains(e.Key)).ToList())
                    {
                        if ((await prometheus.Query(query)).Count > 0)
                        {
                            output.WriteLine($"found {what}: {query}");
                            missing.Remove(what);
                        }
                    }

                    return missing.Count == 0;
                },
                ScrapedWithin,
                "Prometheus holds every expected series",
                () => "still missing: " + string.Join(", ", missing) + Environment.NewLine + Logs());
        }
        finally
        {
            prometheus?.Dispose();
            foreach (var process in Enumerable.Reverse(processes))
            {
                process.Dispose();
            }
        }
    }

    private static IEnumerable<string> Arguments(IDictionary<string, string?> settings) =>
        settings.Select(s => $"--{s.Key}={s.Value}").Append("--Logging:LogLevel:Default=Warning");

    private static async Task<bool> Answers(HttpClient http, Uri url, ChildProcess process)
    {
        Assert.False(process.HasExited, $"{process.Name} exited early:{Environment.NewLine}{process.Tail()}");
        return await PrometheusServer.Reachable(http, url);
    }

    /// <summary>Polls once a second until the condition holds, bounded in time; the failure says what was awaited and why not.</summary>
    private static async Task Until(Func<Task<bool>> condition, TimeSpan within, string what, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"Timed out after {within.TotalSeconds:0} s waiting until {what}.{Environment.NewLine}{diagnostics()}"));
    }
}
