using System.Net;
using System.Text;
using ClubGrains.Tests.Telemetry;

namespace ClubGrains.Tests.Auth;

/// <summary>An API whose clients may write once a second (a burst of two).</summary>
public sealed class ThrottledApiFactory : ApiFactory
{
    public ThrottledApiFactory()
    {
        Settings["ClubGrains:Auth:WritesPerSecond"] = "1";
    }
}

public sealed class WriteRateLimitTests(ThrottledApiFactory api) : IClassFixture<ThrottledApiFactory>
{
    [Fact]
    public async Task Writes_past_the_per_client_limit_are_429_problem_details_with_retry_after_and_reads_are_not_limited()
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);

        // Sent at once, the writes meet the limiter together, however long each then takes to store:
        // the burst of two goes through, with one more for each second that passes while they arrive
        // (sent one after another on a loaded machine, the bucket refilled between them).
        var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            op.PostJson("/venues", new { id = $"rl-{i}-{Guid.NewGuid().ToString("N")[..6]}", name = "Club", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } })));

        var limited = writes.Where(w => w.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.InRange(limited.Length, 4, 6);
        Assert.All(writes.Except(limited), w => Assert.Equal(HttpStatusCode.Created, w.StatusCode));
        Assert.Equal("1", limited[0].Headers.RetryAfter!.Delta!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var problem = await limited[0].Problem();
        Assert.Contains("writes a second", problem.GetProperty("detail").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/venues")).StatusCode);
        }

        // Another client has its own allowance.
        using var gm = api.ClientAs(Roles.GeneralManager, "elsewhere");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await gm.PutJson("/venues/elsewhere/policy", new { })).StatusCode);
    }
}

public sealed class RequestSizeLimitTests(RunningApi api) : IClassFixture<RunningApi>
{
    [Fact]
    public async Task A_body_over_64_kib_is_refused_with_413_problem_details()
    {
        using var op = RunningApi.Client(ApiFactory.Token(Roles.Operator, Actor.AllVenues));
        var huge = "{\"id\":\"big\",\"name\":\"" + new string('x', 70 * 1024) + "\"}";

        var response = await op.PostAsync(new Uri(api.Public, "/venues"), new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Problem();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.14", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Headers_over_32_kib_are_refused_with_431_problem_details_before_the_token_is_read()
    {
        using var client = RunningApi.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api.Public, "/venues"));
        request.Headers.Add("X-Padding", new string('x', 40 * 1024));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        var problem = await response.Problem();
        Assert.Equal(431, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-5", problem.GetProperty("type").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }
}
