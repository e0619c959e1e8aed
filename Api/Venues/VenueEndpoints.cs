using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Api.Venues;

/// <summary>Body of <c>POST /venues</c>: the new venue's id and profile.</summary>
public sealed record CreateVenueRequest(
    string? Id,
    string? Name,
    string? TimeZone,
    TimeOnly? DayCutoff,
    IReadOnlyList<VenueKind>? Kinds,
    string? Currency);

/// <summary>Venues, their policy and their catalogue of rooms and tables.</summary>
internal static class VenueEndpoints
{
    public static IEndpointRouteBuilder MapVenueEndpoints(this IEndpointRouteBuilder routes)
    {
        var venues = routes.MapGroup("/venues").WithTags("Venues");

        venues.MapGet("/", async (IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IVenueDirectoryGrain>(0).List()))
            .WithSummary("Lists the chain's venues.");

        venues.MapPost("/", async (CreateVenueRequest request, IGrainFactory grains, HttpContext http, TimeProvider time) =>
            {
                var draft = new VenueDraft(request.Name, request.TimeZone, request.DayCutoff, request.Kinds, request.Currency);
                if (!VenueRules.IsValidId(request.Id))
                {
                    // The grain key is the id, so a bad id is answered here, with every other field checked too.
                    return VenueRules.NewVenue(request.Id ?? string.Empty, draft, time.GetUtcNow()).Refusal!.ToProblem();
                }

                var result = await grains.GetGrain<IVenueGrain>(request.Id).Create(Actors.From(http.User), draft);
                return result.ToHttp(v => TypedResults.Created($"/venues/{v.Id}", v));
            })
            .WithSummary("Creates a venue with the rulebook's default policy.")
            .Produces<Venue>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        var venue = venues.MapGroup("/{venueId}");

        venue.MapGet("/", async (string venueId, IGrainFactory grains) =>
                (await Venue(grains, venueId).GetVenue()).ToHttp(v => TypedResults.Ok(v)))
            .WithSummary("Reads a venue's profile.")
            .Produces<Venue>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapPatch("/", async (string venueId, VenueDraft draft, IGrainFactory grains, HttpContext http) =>
                (await Venue(grains, venueId).Update(Actors.From(http.User), draft)).ToHttp(v => TypedResults.Ok(v)))
            .WithSummary("Changes a venue's profile; fields left out keep their value.")
            .Produces<Venue>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapGet("/policy", async (string venueId, IGrainFactory grains) =>
                (await Venue(grains, venueId).GetPolicy()).ToHttp(p => TypedResults.Ok(p)))
            .WithSummary("Reads the venue's policy: every number of the rulebook.")
            .Produces<VenuePolicy>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapPut("/policy", async (string venueId, VenuePolicy policy, IGrainFactory grains, HttpContext http) =>
                (await Venue(grains, venueId).SetPolicy(Actors.From(http.User), policy)).ToHttp(p => TypedResults.Ok(p)))
            .WithSummary("Replaces the venue's policy; fields left out take the rulebook's default.")
            .Produces<VenuePolicy>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapGet("/rooms", async (string venueId, IGrainFactory grains) =>
                (await Venue(grains, venueId).GetRooms()).ToHttp(r => TypedResults.Ok(r)))
            .WithSummary("Lists the venue's KTV rooms and disco tables.")
            .Produces<IReadOnlyList<RoomDefinition>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapGet("/rooms/{roomId}", async (string venueId, string roomId, IGrainFactory grains) =>
            {
                var rooms = await Venue(grains, venueId).GetRooms();
                if (rooms.Refusal is { } refusal)
                {
                    return refusal.ToProblem();
                }

                var room = rooms.Value!.FirstOrDefault(r => r.Id == roomId);
                return room is null
                    ? Refusal.NotFound($"Venue '{venueId}' has no room '{roomId}'.").ToProblem()
                    : TypedResults.Ok(room);
            })
            .WithSummary("Reads one room or table.")
            .Produces<RoomDefinition>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapPut("/rooms/{roomId}", async (string venueId, string roomId, RoomDraft draft, IGrainFactory grains, HttpContext http) =>
                (await Venue(grains, venueId).PutRoom(Actors.From(http.User), roomId, draft)).ToHttp(r => TypedResults.Ok(r)))
            .WithSummary("Adds a room or table, or changes one; on change, fields left out keep their value.")
            .Produces<RoomDefinition>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapDelete("/rooms/{roomId}", async (string venueId, string roomId, IGrainFactory grains, HttpContext http) =>
                (await Venue(grains, venueId).RemoveRoom(Actors.From(http.User), roomId)).ToHttp(_ => TypedResults.NoContent()))
            .WithSummary("Removes a room or table from the catalogue.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        venue.MapGet("/history", async (string venueId, IGrainFactory grains) =>
                (await Venue(grains, venueId).GetHistory()).ToHttp(h => TypedResults.Ok(h)))
            .WithSummary("Every change to the venue: what, who, when.")
            .Produces<IReadOnlyList<Change>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static IVenueGrain Venue(IGrainFactory grains, string venueId) => grains.GetGrain<IVenueGrain>(venueId);
}
