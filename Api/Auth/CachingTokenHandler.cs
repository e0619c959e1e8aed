using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Api.Auth;

/// <summary>
/// Validates a bearer token once (its signature and lifetime, then what its claims say:
/// <see cref="TokenShape"/>) and reuses the outcome until the token expires, for a minute at
/// most. A desk or a partner sends the same token with every call, and checking its signature and
/// building its claims again each time was a tenth of a board read's CPU. Only valid outcomes are
/// kept, keyed by the whole token (signature included), so nothing unvalidated is ever honoured; a
/// changed signing key takes effect for tokens already seen within that minute. Its clock is the
/// one the token's lifetime is checked against: the system's.
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler, IDisposable
{
    private const int MaxTokens = 10_000;
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_validated.TryGetValue(token, out Validated? known) && now < known!.Until)
        {
            return known.Result;
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken signed, ClaimsIdentity: { } shaped }
            && TokenShape.Problem(signed, shaped) is { } problem)
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenValidationException(problem) };
        }

        if (result is { IsValid: true, SecurityToken: { } validated, ClaimsIdentity: { } identity })
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc));
            until = until < now + Longest ? until : now + Longest;

            // The identity is shared by every request carrying the token: build its claims now, so
            // later readers only read.
            _ = identity.Claims.Count();
            _validated.Set(token, new Validated(result, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
        }

        return result;
    }

    public void Dispose() => _validated.Dispose();

    private sealed record Validated(TokenValidationResult Result, DateTimeOffset Until);
}
