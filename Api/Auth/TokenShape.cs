using System.Security.Claims;
using ClubGrains.Common;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ClubGrains.Api.Auth;

/// <summary>
/// What a signed token must say before it is honoured, whoever signed it: an external OpenID Connect
/// issuer may put arrays or roles of its own in a claim, and a claim that means two things must not be
/// read as the first of them. The system actor is never among the roles a token can carry: grains decide
/// it inside the silo (<c>SystemActorGuard</c>).
/// </summary>
public static class TokenShape
{
    public const int MaxSubjectLength = 200;

    /// <summary>Null when the token may act; else why it may not (the 401's reason, never shown in detail).</summary>
    public static string? Problem(JsonWebToken token, ClaimsIdentity identity)
    {
        // RFC 7515 §4.1.11: a token naming header extensions its recipient does not understand is
        // refused. This service understands none.
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            return "the token names critical header extensions this service does not understand";
        }

        if (Single(identity, ClaimNames.Subject) is not { } subject)
        {
            return "the token must name exactly one subject (sub)";
        }

        if (subject.Length > MaxSubjectLength || subject.Any(char.IsControl) || string.IsNullOrWhiteSpace(subject))
        {
            return "the token's subject is empty, too long or holds control characters";
        }

        if (string.Equals(subject, Actor.SystemSubject, StringComparison.OrdinalIgnoreCase))
        {
            return "the subject 'system' is reserved for the service's own automatic steps";
        }

        if (Single(identity, ClaimNames.Role) is not { } role || !Roles.All.Contains(role))
        {
            return "the token must carry exactly one role, one of " + string.Join(", ", Roles.All);
        }

        var venues = identity.FindAll(ClaimNames.Venue).Select(c => c.Value).ToArray();
        if (venues.Any(v => string.IsNullOrWhiteSpace(v) || v.Any(char.IsControl)))
        {
            return "a venue grant is empty or holds control characters";
        }

        if (role != Roles.Operator && venues.Contains(Actor.AllVenues))
        {
            return "only an operator may hold the grant of every venue";
        }

        foreach (var once in new[] { ClaimNames.Name, ClaimNames.Badge, ClaimNames.Department })
        {
            if (identity.FindAll(once).Skip(1).Any())
            {
                return $"the token carries more than one '{once}'";
            }
        }

        return null;
    }

    private static string? Single(ClaimsIdentity identity, string type)
    {
        string? value = null;
        foreach (var claim in identity.FindAll(type))
        {
            if (value is not null)
            {
                return null;
            }

            value = claim.Value;
        }

        return value;
    }
}
