using ClubGrains.Api.Auth;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Tests.Auth;

/// <summary>A token's signature is checked once, and its outcome reused only while the token lives.</summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = ApiFactory.Auth.Issuer,
        ValidAudience = ApiFactory.Auth.Audience,
        IssuerSigningKey = ApiFactory.SigningKey,
        ClockSkew = TimeSpan.Zero,
    };

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_valid_token_is_validated_once_and_its_outcome_reused_within_its_lifetime()
    {
        var handler = new CachingTokenHandler(_clock);
        var token = Issue(TimeSpan.FromMinutes(30));

        var first = await handler.ValidateTokenAsync(token, Parameters);
        _clock.Advance(TimeSpan.FromSeconds(59));
        var again = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.Same(first, again);
        Assert.Equal(Roles.Reception, first.ClaimsIdentity.FindFirst(ClaimNames.Role)!.Value);
    }

    [Fact]
    public async Task An_outcome_is_reused_for_a_minute_at_most_and_never_past_the_token_expiry()
    {
        var handler = new CachingTokenHandler(_clock);
        var longLived = Issue(TimeSpan.FromMinutes(30));
        var shortLived = Issue(TimeSpan.FromSeconds(20));
        var longFirst = await handler.ValidateTokenAsync(longLived, Parameters);
        var shortFirst = await handler.ValidateTokenAsync(shortLived, Parameters);

        _clock.Advance(TimeSpan.FromSeconds(21));
        Assert.NotSame(shortFirst, await handler.ValidateTokenAsync(shortLived, Parameters));
        Assert.Same(longFirst, await handler.ValidateTokenAsync(longLived, Parameters));

        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.NotSame(longFirst, await handler.ValidateTokenAsync(longLived, Parameters));
    }

    [Fact]
    public async Task A_token_with_a_wrong_signature_is_refused_every_time_and_never_kept()
    {
        var handler = new CachingTokenHandler(_clock);
        var token = Issue(TimeSpan.FromMinutes(30));
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var first = await handler.ValidateTokenAsync(forged, Parameters);
        var again = await handler.ValidateTokenAsync(forged, Parameters);

        Assert.False(first.IsValid);
        Assert.False(again.IsValid);
        Assert.NotSame(first, again);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
    }

    private static string Issue(TimeSpan lifetime) =>
        TokenIssuer.Issue(new TokenRequest("desk-1", Roles.Reception, ["v1"], Lifetime: lifetime), ApiFactory.SigningKey, ApiFactory.Auth, DateTimeOffset.UtcNow);
}
