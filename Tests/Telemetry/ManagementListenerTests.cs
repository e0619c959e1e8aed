using System.Net;
using System.Net.Http.Headers;
using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ClubGrains.Tests.Telemetry;

/// <summary>The API as the program builds it, on real Kestrel listeners: public and management, both on loopback.</summary>
public class RunningApi : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private WebApplication? _app;

    public int PublicPort { get; } = TestSilo.FreePort();

    public int ManagementPort { get; } = TestSilo.FreePort();

    public Uri Public => new($"http://127.0.0.1:{PublicPort}");

    public Uri Management => new($"http://127.0.0.1:{ManagementPort}");

    public async Task InitializeAsync()
    {
        var settings = TestSilo.SqliteSettings(_folder.File("club.db"));
        settings["ClubGrains:Auth:SigningKey"] = Convert.ToBase64String(ApiFactory.SigningKey.Key);
        settings["ClubGrains:Management:Url"] = Management.ToString();
        settings["Logging:LogLevel:Default"] = "Warning";
        var args = settings.Select(s => $"--{s.Key}={s.Value}").Append($"--urls={Public}").ToArray();
        _app = ClubGrainsApi.Build(args, ConfigureServices);
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Services a variant registers after the program's own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public static HttpClient Client(string? token = null)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }
}

[Collection(ProcessWideMeters.Name)]
public sealed class ManagementListenerTests(RunningApi api) : IClassFixture<RunningApi>
{
    [Fact]
    public async Task Metrics_and_the_dashboard_answer_on_the_management_listener_without_a_token()
    {
        using var client = RunningApi.Client();

        var metrics = await client.GetAsync(new Uri(api.Management, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);

        var dashboard = await client.GetAsync(new Uri(api.Management, "/dashboard/"));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await dashboard.Content.ReadAsStringAsync());

        // The dashboard's routes are built on its first request; its data, assets and unknown paths answer as its own.
        foreach (var path in new[] { "/dashboard/ClusterStats", "/dashboard/version", "/dashboard/index.min.js" })
        {
            var response = await client.GetAsync(new Uri(api.Management, path));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(api.Management, "/dashboard/no-such-page"))).StatusCode);
    }

    [Fact]
    public async Task The_public_listener_refuses_metrics_and_the_dashboard_even_to_an_operator_and_a_forged_host()
    {
        using var anonymous = RunningApi.Client();
        using var op = RunningApi.Client(ApiFactory.Token(Roles.Operator, Actor.AllVenues));

        foreach (var path in new[] { "/metrics", "/dashboard/", "/dashboard/ClusterStats" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(api.Public, path))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync(new Uri(api.Public, path))).StatusCode);

            // The management listener is judged by the socket the request came in on, not by the Host header.
            using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(api.Public, path));
            forged.Headers.Host = $"127.0.0.1:{api.ManagementPort}";
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(forged)).StatusCode);
        }
    }

    [Fact]
    public async Task The_management_listener_serves_nothing_else()
    {
        using var op = RunningApi.Client(ApiFactory.Token(Roles.Operator, Actor.AllVenues));

        foreach (var path in new[] { "/venues", "/health/ready", "/openapi/v1.json" })
        {
            var response = await op.GetAsync(new Uri(api.Management, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            await response.Problem();
        }
    }

    [Fact]
    public async Task Metrics_hold_the_http_and_orleans_series_of_real_requests_and_the_service_resource()
    {
        using var op = RunningApi.Client(ApiFactory.Token(Roles.Operator, Actor.AllVenues));
        var id = "mx-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await op.PostJson(new Uri(api.Public, "/venues").ToString(), new { id, name = "Metric Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync(new Uri(api.Public, $"/venues/{id}"))).StatusCode);

        // The exporter caches a scrape briefly, so read until the requests show, bounded.
        List<PrometheusSample> samples = [];
        await TestSilo.Eventually(
            async () =>
            {
                samples = PrometheusText.Parse(await op.GetStringAsync(new Uri(api.Management, "/metrics")));
                // A request's duration is recorded just after its response is sent: wait for both.
                return samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Has("http_route", "/venues/{venueId}/") && s.Value >= 1)
                    && samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Has("http_route", "/venues/") && s.Has("http_request_method", "POST") && s.Has("http_response_status_code", "201"))
                    && samples.Any(s => s.Name == "orleans_catalog_activations")
                    && samples.Any(s => s.Name == "orleans_app_requests_latency_milliseconds_count" && s.Value >= 2);
            },
            TimeSpan.FromSeconds(20),
            "POST /venues/ and GET /venues/{venueId}/ show in /metrics");

        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count"
            && s.Has("http_route", "/venues/") && s.Has("http_request_method", "POST") && s.Has("http_response_status_code", "201") && s.Value >= 1);
        // Orleans' meter is process-wide, shared with the other tests' silos here: present, at least our calls.
        // Per-process values (venue activations of one silo) are checked on real processes in PrometheusScrapeTests.
        Assert.Contains(samples, s => s.Name == "orleans_app_requests_latency_milliseconds_count" && s.Value >= 2);
        Assert.Contains(samples, s => s.Name == "orleans_catalog_activations");
        Assert.Contains(samples, s => s.Name == "dotnet_gc_heap_total_allocated_bytes_total" && s.Value > 0);
        var target = Assert.Single(samples, s => s.Name == "target_info");
        Assert.Equal(ClubGrainsTelemetryExtensions.ApiServiceName, target.Labels["service_name"]);
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", target.Labels["service_instance_id"]);
        Assert.StartsWith("0.1.0", target.Labels["service_version"], StringComparison.Ordinal);
        Assert.True(target.Labels.ContainsKey("deployment_environment"));
    }
}
