using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Api.Hosting;

/// <summary>
/// A venue id in a route that no venue can have (blank, too long, control characters, another
/// script: venue ids are lower-case letters, digits and dashes) names no venue: 404 before any
/// grain is asked, since Orleans refuses a blank grain key with an exception.
/// </summary>
internal static class VenueIdShape
{
    public static WebApplication UseVenueIdShape(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.GetRouteValue(VenueGrantRequirement.RouteValue) is string venueId && !VenueRules.IsValidId(venueId))
            {
                await Refusal.NotFound("No venue has this id (venue ids are 1–40 lower-case letters, digits or dashes).").ToProblem().ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }
}
