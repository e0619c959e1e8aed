using System.Net;
using System.Text;
using System.Text.Json;

namespace ClubGrains.Tests.Hosting;

/// <summary>Error bodies say what the client got wrong, with the rule where one decided, and nothing of the server's insides.</summary>
public sealed class ProblemBodyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task BK6_a_manager_seating_a_guest_is_refused_at_the_edge_naming_BK6()
    {
        using var manager = api.ClientWith(ApiFactory.TokenFor(new Api.Auth.TokenRequest("mgr-k007", Roles.Manager, ["edge-1"], "李娜", "K007", "ktv")));

        var response = await manager.PostAsync("/venues/edge-1/bookings/b1/seat", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Problem();
        Assert.Equal("BK-6", problem.GetProperty("rule").GetString());
        Assert.Contains("(manager) may not do this", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BK8_reception_extending_a_hold_is_refused_at_the_edge_naming_BK8()
    {
        using var desk = api.ClientAs(Roles.Reception, "edge-1");

        var response = await desk.PostJson("/venues/edge-1/bookings/b1/extend-hold", new { until = "2026-12-31T23:00:00+08:00", reason = "birthday" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("BK-8", (await response.Problem()).GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData(Roles.Reception, "/venues/edge-1/managers/K007", "DS-4")]
    [InlineData(Roles.Manager, "/venues/edge-1/managers/K007/messages", "WD-5")]
    [InlineData(Roles.Manager, "/venues/edge-1/managers/K007/sign-in", "WD-2")]
    [InlineData(Roles.Reception, "/venues/edge-1/customers/13800138000/callbacks", "CR-4")]
    [InlineData(Roles.Reception, "/venues/edge-1/authorisations", "BK-8")]
    public async Task A_role_refused_at_the_edge_is_refused_under_the_rule_its_grain_applies(string role, string url, string rule)
    {
        using var caller = api.ClientAs(role, "edge-1");

        var response = await caller.SendAsync(new HttpRequestMessage(url.EndsWith("K007", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, url)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(rule, (await response.Problem()).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_venue_the_caller_is_not_granted_is_refused_without_a_house_rule()
    {
        using var desk = api.ClientAs(Roles.Reception, "edge-1");

        var response = await desk.PostAsync("/venues/edge-2/bookings/b1/seat", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Problem();
        Assert.False(problem.TryGetProperty("rule", out _));
        Assert.Contains("holds no grant for venue 'edge-2'", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"id\":\"x1\",\"nmae\":\"夜色\"}", "$.nmae")]
    [InlineData("{\"id\":\"x1\",\"kinds\":[\"karaoke\"]}", "$.kinds[0]")]
    [InlineData("{\"id\":\"x1\",\"name\":{\"zh\":\"夜色\"}}", "$.name")]
    [InlineData("{\"id\":\"x1\",\"dayCutoff\":\"25:00\"}", "$.dayCutoff")]
    [InlineData("[\"x1\"]", "$")]
    [InlineData("", "body")]
    public async Task An_unreadable_body_is_described_by_its_json_path_without_dotnet_type_names_or_developer_hints(string body, string where)
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);

        var response = await op.PostAsync("/venues", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = (await response.Problem()).GetRawText();
        Assert.Contains(where, text);
        foreach (var inside in new[] { "ClubGrains.", "System.", ".NET", "Did you mean", "parameter" })
        {
            Assert.DoesNotContain(inside, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_syntax_error_names_where_the_json_broke()
    {
        using var op = api.ClientAs(Roles.Operator, Actor.AllVenues);

        var response = await op.PostAsync("/venues", new StringContent("{\"id\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Problem()).GetProperty("detail").GetString();
        Assert.StartsWith("Invalid JSON at $.id:", detail);
        Assert.DoesNotContain("LineNumber", detail);
    }
}
