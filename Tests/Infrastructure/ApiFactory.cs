using System.Net.Http.Json;
using System.Text.Json;
using ClubGrains.Api;
using ClubGrains.Api.Auth;
using Microsoft.IdentityModel.Tokens;
using ClubGrains.Api.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// The real API (co-hosted silo on its own SQLite file) behind an in-memory test server. Settings are
/// given as host configuration, so Program sees them while it composes the silo.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new();

    /// <summary>The test deployment's signing key (48 bytes); tokens signed with anything else are strangers.</summary>
    public static readonly SymmetricSecurityKey SigningKey = new(Enumerable.Range(1, 48).Select(i => (byte)(i * 7)).ToArray());

    public static readonly AuthSettings Auth = new();

    public ApiFactory()
    {
        Settings = TestSilo.SqliteSettings(_folder.File("club.db"));
        Settings["ClubGrains:Auth:SigningKey"] = Convert.ToBase64String(SigningKey.Key);
        Settings["ClubGrains:Auth:WritesPerSecond"] = "10000";
        // The console is the test run's output: warnings only there, so a failure is found in it.
        // Other providers (the telemetry tests' in-memory exporter) still see every level.
        Settings["Logging:Console:LogLevel:Default"] = "Warning";
    }

    public Dictionary<string, string?> Settings { get; }

    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static string Token(string role, params string[] venues) =>
        TokenFor(new TokenRequest($"{role}-1", role, venues, $"Test {role}"));

    public static string TokenFor(TokenRequest request) => TokenIssuer.Issue(request, SigningKey, Auth, DateTimeOffset.UtcNow);

    /// <summary>A client carrying a token of the role, granted the venues.</summary>
    public HttpClient ClientAs(string role, params string[] venues) => ClientWith(Token(role, venues));

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A fake clock for the grains (timers follow it); null keeps real time.</summary>
    public FakeTimeProvider? Clock { get; init; }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(Settings));
        if (Clock is not null)
        {
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            });
        }

        return base.CreateHost(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ClubGrainsApi.ConfigureJson(options);
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }
}

public static class HttpTestExtensions
{
    public static async Task<T> Read<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(ApiFactory.Json))!;

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, ApiFactory.Json);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, ApiFactory.Json);

    public static Task<HttpResponseMessage> PatchJson(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, ApiFactory.Json);

    /// <summary>Registers KTV account managers at the venue, as its department manager (needed before they can be bookers).</summary>
    public static async Task RegisterManagers(string baseUrl, string venue, params string[] badges)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFactory.Token(ClubGrains.Common.Roles.DepartmentManager, venue));
        await RegisterWith(client, baseUrl, venue, badges);
    }

    public static async Task RegisterManagers(this ApiFactory api, string venue, params string[] badges)
    {
        using var client = api.ClientAs(ClubGrains.Common.Roles.DepartmentManager, venue);
        await RegisterWith(client, string.Empty, venue, badges);
    }

    private static async Task RegisterWith(HttpClient client, string baseUrl, string venue, string[] badges)
    {
        foreach (var badge in badges)
        {
            var response = await client.PutJson($"{baseUrl}/venues/{venue}/managers/{badge}", new { name = "李娜", department = "ktv" });
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
    }

    public static async Task<JsonElement> Problem(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
