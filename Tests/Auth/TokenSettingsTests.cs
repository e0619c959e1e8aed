using ClubGrains.Api.Auth;
using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.Http;

namespace ClubGrains.Tests.Auth;

/// <summary>The token endpoint's settings: bad values stop start-up naming each; the issuer is the configured or the request's address.</summary>
public sealed class TokenSettingsTests
{
    [Fact]
    public void Bad_token_lifetimes_and_issuer_stop_start_up_naming_each()
    {
        var failure = Assert.ThrowsAny<ClubGrainsStartupException>(() => ClubGrainsApi.Build(
        [
            "--ClubGrains:Storage=Sqlite", "--ClubGrains:Auth:AccessTokenMinutes=0", "--ClubGrains:Auth:RefreshTokenHours=500",
            "--ClubGrains:Auth:IssuerUrl=ftp://club.example.com/?x=1",
        ]));

        Assert.Contains("ClubGrains:Auth:AccessTokenMinutes must be between 1 and 60", failure.Message);
        Assert.Contains("ClubGrains:Auth:RefreshTokenHours must be between 1 and 168, not 500", failure.Message);
        Assert.Contains("ClubGrains:Auth:IssuerUrl must be an absolute http(s) URL", failure.Message);
    }

    [Fact]
    public void The_expected_issuer_is_the_configured_url_or_else_the_address_the_request_came_to()
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("desk.club.example", 8443);

        Assert.Equal("https://club.example.com/", AuthExtensions.ExpectedIssuer(new AuthSettings { IssuerUrl = "https://club.example.com" }, http));
        Assert.Equal("https://desk.club.example:8443/", AuthExtensions.ExpectedIssuer(new AuthSettings(), http));
        Assert.Null(AuthExtensions.ExpectedIssuer(new AuthSettings(), null));
    }
}
