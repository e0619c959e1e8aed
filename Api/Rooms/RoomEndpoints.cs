using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Bookings;
using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Venues;

namespace ClubGrains.Api.Rooms;

/// <summary>The room board of a venue and the repair of a room (BK-7, BK-8).</summary>
internal static class RoomEndpoints
{
    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] Overriders = [Roles.GeneralManager, Roles.ReceptionSupervisor];

    public static IEndpointRouteBuilder MapRoomEndpoints(this IEndpointRouteBuilder routes)
    {
        var venue = routes.MapGroup("/venues/{venueId}").WithTags("Rooms and bookings");

        venue.MapGet("/rooms", GetBoard)
            .RequireVenueRoles(Everyone)
            .WithName("getRoomBoard")
            .WithSummary("The room board: every room and table with its state, booking, guest, booker, hold deadline and seconds left " +
                         "(a manager or partner system sees the booking, guest and booker of its own bookings only). " +
                         "Its ETag names this state of the board; send it back in If-None-Match to get 304 while nothing moved.")
            .Produces<IReadOnlyList<BoardRoom>>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapGet("/rooms/{roomId}", GetRoom)
            .RequireVenueRoles(Everyone)
            .WithName("getRoom")
            .WithSummary("One room or table of the board.")
            .Produces<BoardRoom>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapPost("/rooms/{roomId}/repair", Repair)
            .RequireVenueRoles(Overriders)
            .Describe("repairRoom", OverrideRules.Rule, "BK-8 repair room: the GM or a supervisor the GM authorised (scope repairRoom) frees a room whose occupant's booking does not agree with it " +
                         "(or has no record), when no automatic step can decide; with a reason, recorded in the room's and the booking's histories.")
            .Produces<RoomSnapshot>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return routes;
    }

    private static async Task<IResult> GetBoard(string venueId, RenderedBoards boards, IGrainFactory grains, HttpContext http)
    {
        var board = await boards.Get(grains, venueId, Actors.From(http.User), http.RequestAborted);
        if (board.Value is not { } rendered)
        {
            return board.Refusal!.ToProblem();
        }

        // Desks poll the board: a poller sending back the ETag it holds gets 304 until the board moves.
        http.Response.Headers.ETag = rendered.ETag;
        http.Response.Headers.CacheControl = "no-cache";
        return HoldsETag(http.Request, rendered.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(rendered.Json, "application/json; charset=utf-8");
    }

    private static async Task<IResult> GetRoom(string venueId, string roomId, IGrainFactory grains, HttpContext http)
    {
        var board = await grains.GetGrain<IVenueBoardGrain>(venueId).GetBoard(Actors.From(http.User), cancellationToken: http.RequestAborted);
        if (board.Value is not { Rooms: { } rooms })
        {
            return board.Refusal!.ToProblem();
        }

        var line = rooms.FirstOrDefault(r => r.Id == roomId);
        return line is null ? Refusal.NotFound($"Venue '{venueId}' has no room '{roomId}'.").ToProblem() : TypedResults.Ok(line);
    }

    private static async Task<IResult> Repair(string venueId, string roomId, RepairBody body, IGrainFactory grains, HttpContext http)
    {
        var known = await grains.GetGrain<IVenueGrain>(venueId).GetSnapshot();
        if (known.Value is not { } snapshot)
        {
            return known.Refusal!.ToProblem();
        }

        if (snapshot.Rooms.All(r => r.Id != roomId))
        {
            return Refusal.NotFound($"Venue '{venueId}' has no room '{roomId}'.").ToProblem();
        }

        // The booking the room names decides with the room (booking → room is the allowed direction).
        if ((await grains.GetGrain<IRoomGrain>(GrainKeys.Room(venueId, roomId)).GetSnapshot()).Occupant is not { } occupant)
        {
            return Refusal.Conflict($"Room '{roomId}' is free: nothing to repair.", OverrideRules.Rule).ToProblem();
        }

        var booking = grains.GetGrain<IBookingGrain>(GrainKeys.Booking(venueId, occupant.BookingId));
        var result = await booking.RepairRoom(Actors.From(http.User), roomId, body.Reason);
        return result.ToHttp(r => TypedResults.Ok(r));
    }

    /// <summary>Whether the request's If-None-Match names this ETag, or any (<c>*</c>); weakly compared, as RFC 9110 asks.</summary>
    private static bool HoldsETag(HttpRequest request, string etag) =>
        request.Headers.IfNoneMatch.Count > 0
        && request.GetTypedHeaders().IfNoneMatch.Any(held => held.Tag == "*" || held.Tag == etag);
}
