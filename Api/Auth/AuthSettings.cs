namespace ClubGrains.Api.Auth;

/// <summary>The <c>ClubGrains:Auth:*</c> settings: how tokens are signed or who issues them.</summary>
public sealed class AuthSettings
{
    public const string Section = "ClubGrains:Auth";

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256). Shared by every API process of a cluster.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An external OpenID Connect issuer; tokens are then validated against its published keys.</summary>
    public string? Authority { get; set; }

    public string Issuer { get; set; } = "clubgrains";

    public string Audience { get; set; } = "clubgrains-api";

    /// <summary>
    /// The token endpoint's issuer (its public base URL, e.g. https://club.example.com/). Unset: the URL
    /// each request arrives at, which suits one address; set it behind a proxy or with several names.
    /// </summary>
    public string? IssuerUrl { get; set; }

    /// <summary>Lifetime of the token endpoint's access tokens: a disabled account or client loses access within it.</summary>
    public int AccessTokenMinutes { get; set; } = 5;

    /// <summary>Lifetime of a staff session's refresh tokens, from the sign-in (not extended by refreshing): a shift.</summary>
    public int RefreshTokenHours { get; set; } = 12;

    /// <summary>Write requests (POST, PUT, PATCH, DELETE) a client may make per second, with a burst of twice that.</summary>
    public int WritesPerSecond { get; set; } = 20;
}

/// <summary>The claims a ClubGrains token carries.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>One claim per granted venue id; <c>*</c> (operators only) grants every venue.</summary>
    public const string Venue = "venue";

    public const string Badge = "badge";
    public const string Department = "department";

    /// <summary>Carried while a password set by a GM is still to be changed: the token then changes the password and nothing else.</summary>
    public const string PasswordChange = "pwd_change";
}
