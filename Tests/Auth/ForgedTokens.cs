using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Tests.Auth;

/// <summary>
/// Tokens as a hostile client or a careless external issuer would make them: any claims (arrays
/// included), any header, signed with the service's key or another, or not signed at all.
/// </summary>
internal static class ForgedTokens
{
    /// <summary>The claims of a token valid for the next hour, with the issuer and audience the service expects.</summary>
    public static Dictionary<string, object> Claims(object? role = null, object? venues = null, string? subject = "forger")
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = ApiFactory.Auth.Issuer,
            ["aud"] = ApiFactory.Auth.Audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = "Forger",
            ["role"] = role ?? "operator",
            ["venue"] = venues ?? "*",
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        return claims;
    }

    public static string Signed(Dictionary<string, object> claims, SymmetricSecurityKey? key = null, Dictionary<string, object>? header = null) =>
        new JsonWebTokenHandler().CreateToken(
            JsonSerializer.Serialize(claims),
            new SigningCredentials(key ?? ApiFactory.SigningKey, SecurityAlgorithms.HmacSha256),
            header ?? []);

    /// <summary>A token that says <c>"alg": "none"</c> and carries no signature.</summary>
    public static string Unsigned(Dictionary<string, object> claims) =>
        $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(JsonSerializer.Serialize(claims))}.";

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
