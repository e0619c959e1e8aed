using System.Security.Claims;
using ClubGrains.Common;

namespace ClubGrains.Api.Auth;

internal static class Actors
{
    /// <summary>The acting identity of an authenticated request, as grains check and record it.</summary>
    public static Actor From(ClaimsPrincipal user)
    {
        var venues = user.FindAll(ClaimNames.Venue).Select(c => c.Value).ToArray();
        return new Actor(
            user.FindFirstValue(ClaimNames.Subject) ?? string.Empty,
            user.FindFirstValue(ClaimNames.Role) ?? string.Empty,
            user.FindFirstValue(ClaimNames.Name),
            user.FindFirstValue(ClaimNames.Badge),
            venues,
            user.FindFirstValue(ClaimNames.Department));
    }
}
