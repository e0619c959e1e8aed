using ClubGrains.Common;
using Microsoft.AspNetCore.Authorization;

namespace ClubGrains.Api.Auth;

/// <summary>A person acts only at the venues they are granted (the rulebook's "People and roles").</summary>
public sealed class VenueGrantRequirement : IAuthorizationRequirement
{
    public const string RouteValue = "venueId";

    public static VenueGrantRequirement Instance { get; } = new();
}

internal sealed class VenueGrantHandler : AuthorizationHandler<VenueGrantRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, VenueGrantRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var venueId = http?.GetRouteValue(VenueGrantRequirement.RouteValue) as string;
        if (venueId is null || Actors.From(context.User).MayActAt(venueId))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
