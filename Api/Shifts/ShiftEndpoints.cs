using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Shifts;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Api.Shifts;

/// <summary>A department's shift on a business day (WD-1 to WD-8): the day as reception and the department manager run it.</summary>
internal static class ShiftEndpoints
{
    public static IEndpointRouteBuilder MapShiftEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/venues/{venueId}/shifts/{department}", GetShift).RequireVenueRoles(StaffRules.ShiftReaders)
            .WithTags("Shifts").WithName("getShift")
            .WithSummary("A department's shift on a business day (default: today's): who is expected, who signed in and when, who is late, excused, " +
                         "at a meal, gone early or absent, the daily logs and contacts in, and the close at the day's end, when a manager who never signed in is absent (WD-2).")
            .Produces<ShiftView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> GetShift(string venueId, string department, string? day, IGrainFactory grains, HttpContext http, TimeProvider time)
    {
        if (!Enum.TryParse<VenueKind>(department, ignoreCase: true, out var kind) || int.TryParse(department, out _))
        {
            return Refusal.Invalid([new FieldError("department", "ktv or disco.")]).ToProblem();
        }

        var resolved = await BusinessDays.Resolve(grains, venueId, day, time);
        if (resolved.Refusal is { } refused)
        {
            return refused.ToProblem();
        }

        var shift = await grains.GetGrain<IShiftGrain>(GrainKeys.Shift(venueId, kind, resolved.Value.Day)).GetShift(Actors.From(http.User));
        return shift.ToHttp(TypedResults.Ok);
    }
}
