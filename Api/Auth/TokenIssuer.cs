using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Api.Auth;

/// <summary>What a token says about its holder.</summary>
public sealed record TokenRequest(
    string Subject,
    string Role,
    IReadOnlyList<string> Venues,
    string? Name = null,
    string? Badge = null,
    string? Department = null,
    TimeSpan? Lifetime = null);

/// <summary>Mints ClubGrains tokens with the symmetric signing key (embedded default and tests).</summary>
public static class TokenIssuer
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(12);

    public static string Issue(TokenRequest request, SymmetricSecurityKey key, AuthSettings settings, DateTimeOffset now)
    {
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, request.Subject),
            new(ClaimNames.Role, request.Role),
            new(ClaimNames.Name, request.Name ?? request.Subject),
        };
        claims.AddRange(request.Venues.Select(v => new Claim(ClaimNames.Venue, v)));
        if (request.Badge is not null)
        {
            claims.Add(new Claim(ClaimNames.Badge, request.Badge));
        }

        if (request.Department is not null)
        {
            claims.Add(new Claim(ClaimNames.Department, request.Department));
        }

        var lifetime = request.Lifetime ?? DefaultLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
