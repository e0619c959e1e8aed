using System.Security.Claims;
using ClubGrains.Common;

namespace ClubGrains.Api.Common;

internal static class Actors
{
    public const string Anonymous = "anonymous";

    /// <summary>The acting identity of a request, as grains record it.</summary>
    public static Actor From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return new Actor(Anonymous, Anonymous);
        }

        var subject = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? Anonymous;
        var role = user.FindFirstValue(ClaimTypes.Role) ?? user.FindFirstValue("role") ?? Anonymous;
        return new Actor(subject, role, user.FindFirstValue("name"), user.FindFirstValue("badge"));
    }
}
