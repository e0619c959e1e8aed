using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Venues;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClubGrains.Api.Venues;

/// <summary>Body of <c>POST /venues</c>: the new venue's id and profile.</summary>
public sealed record CreateVenueRequest(
    string? Id,
    string? Name,
    string? TimeZone,
    TimeOnly? DayCutoff,
    IReadOnlyList<VenueKind>? Kinds,
    string? Currency);

/// <summary>Venues, their policy, their catalogue of rooms and tables, and the GM's override authorisations.</summary>
internal static class VenueEndpoints
{
    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] Configurers = [Roles.Operator, Roles.GeneralManager];
    private static readonly string[] HistoryReaders = [Roles.Operator, Roles.GeneralManager, Roles.ReceptionSupervisor, Roles.DepartmentManager];

    public static IEndpointRouteBuilder MapVenueEndpoints(this IEndpointRouteBuilder routes)
    {
        var venues = routes.MapGroup("/venues").WithTags("Venues");
        venues.MapGet("/", ListVenues).RequireVenueRoles(Everyone).WithName("listVenues")
            .WithSummary("Lists the venues the caller is granted (an operator with '*': every venue).");
        venues.MapPost("/", CreateVenue).RequireVenueRoles(Roles.Operator).WithName("createVenue")
            .WithSummary("Creates a venue with the rulebook's default policy (operators; the operator needs a grant of the new id or '*').")
            .Produces<Venue>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        var venue = venues.MapGroup("/{venueId}");
        venue.MapGet("/", GetVenue).RequireVenueRoles(Everyone).WithName("getVenue")
            .WithSummary("Reads a venue's profile.")
            .Produces<Venue>().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapPatch("/", UpdateVenue).RequireVenueRoles(Configurers).WithName("updateVenue")
            .WithSummary("Changes a venue's profile; fields left out keep their value.")
            .Produces<Venue>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapGet("/policy", GetPolicy).RequireVenueRoles(Everyone).WithName("getPolicy")
            .WithSummary("Reads the venue's policy: every number of the rulebook.")
            .Produces<VenuePolicy>().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapPut("/policy", ReplacePolicy).RequireVenueRoles(Configurers).WithName("replacePolicy")
            .WithSummary("Replaces the venue's policy; fields left out take the rulebook's default.")
            .Produces<VenuePolicy>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapPut("/rooms/{roomId}", PutRoom).RequireVenueRoles(Configurers).WithName("putRoom")
            .WithSummary("Adds a room or table, or changes one; on change, fields left out keep their value.")
            .Produces<RoomDefinition>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapDelete("/rooms/{roomId}", RemoveRoom).RequireVenueRoles(Configurers).WithName("removeRoom")
            .WithSummary("Removes a room or table from the catalogue.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapGet("/authorisations", ListAuthorisations).RequireVenueRoles(Roles.Operator, Roles.GeneralManager, Roles.ReceptionSupervisor)
            .Describe("listAuthorisations", OverrideRules.Rule, "BK-8: the GM's override authorisations of reception supervisors, current and past.")
            .Produces<IReadOnlyList<SupervisorAuthorisation>>().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapPost("/authorisations", AuthoriseSupervisor).RequireVenueRoles(Roles.GeneralManager)
            .Describe("authoriseSupervisor", OverrideRules.Rule, "BK-8: the GM authorises a reception supervisor to override (scopes: extendHold, reinstate, releaseHold, repairRoom) until a time.")
            .Produces<SupervisorAuthorisation>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapDelete("/authorisations/{supervisor}", RevokeSupervisor).RequireVenueRoles(Roles.GeneralManager)
            .Describe("revokeSupervisor", OverrideRules.Rule, "BK-8: the GM revokes a reception supervisor's current authorisation.")
            .Produces<SupervisorAuthorisation>().ProducesProblem(StatusCodes.Status404NotFound);
        venue.MapGet("/history", GetHistory).RequireVenueRoles(HistoryReaders).WithName("getHistory")
            .WithSummary("Every change to the venue: what, who, when.")
            .Produces<IReadOnlyList<Change>>().ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Ok<VenueSummary[]>> ListVenues(IGrainFactory grains, HttpContext http)
    {
        var actor = Actors.From(http.User);
        var all = await grains.GetGrain<IVenueDirectoryGrain>(0).List();
        return TypedResults.Ok(all.Where(v => actor.MayActAt(v.Id)).ToArray());
    }

    private static async Task<IResult> CreateVenue(CreateVenueRequest request, IGrainFactory grains, HttpContext http, TimeProvider time)
    {
        var draft = new VenueDraft(request.Name, request.TimeZone, request.DayCutoff, request.Kinds, request.Currency);
        if (!VenueRules.IsValidId(request.Id))
        {
            // The grain key is the id, so a bad id is answered here, with every other field checked too.
            return VenueRules.NewVenue(request.Id ?? string.Empty, draft, time.GetUtcNow()).Refusal!.ToProblem();
        }

        var result = await grains.GetGrain<IVenueGrain>(request.Id).Create(Actors.From(http.User), draft);
        return result.ToHttp(v => TypedResults.Created($"/venues/{v.Id}", v));
    }

    private static async Task<IResult> GetVenue(string venueId, IGrainFactory grains) =>
        (await Venue(grains, venueId).GetVenue()).ToHttp(v => TypedResults.Ok(v));

    private static async Task<IResult> UpdateVenue(string venueId, VenueDraft draft, IGrainFactory grains, HttpContext http) =>
        (await Venue(grains, venueId).Update(Actors.From(http.User), draft)).ToHttp(v => TypedResults.Ok(v));

    private static async Task<IResult> GetPolicy(string venueId, IGrainFactory grains) =>
        (await Venue(grains, venueId).GetPolicy()).ToHttp(p => TypedResults.Ok(p));

    private static async Task<IResult> ReplacePolicy(string venueId, VenuePolicy policy, IGrainFactory grains, HttpContext http) =>
        (await Venue(grains, venueId).SetPolicy(Actors.From(http.User), policy)).ToHttp(p => TypedResults.Ok(p));

    private static async Task<IResult> PutRoom(string venueId, string roomId, RoomDraft draft, IGrainFactory grains, HttpContext http) =>
        (await Venue(grains, venueId).PutRoom(Actors.From(http.User), roomId, draft)).ToHttp(r => TypedResults.Ok(r));

    private static async Task<IResult> RemoveRoom(string venueId, string roomId, IGrainFactory grains, HttpContext http) =>
        (await Venue(grains, venueId).RemoveRoom(Actors.From(http.User), roomId)).ToHttp(_ => TypedResults.NoContent());

    private static async Task<IResult> ListAuthorisations(string venueId, IGrainFactory grains) =>
        (await Venue(grains, venueId).GetAuthorisations()).ToHttp(a => TypedResults.Ok(a));

    private static async Task<IResult> AuthoriseSupervisor(string venueId, AuthorisationDraft draft, IGrainFactory grains, HttpContext http) =>
        (await Venue(grains, venueId).AuthoriseSupervisor(Actors.From(http.User), draft)).ToHttp(a => TypedResults.Ok(a));

    private static async Task<IResult> RevokeSupervisor(string venueId, string supervisor, IGrainFactory grains, HttpContext http) =>
        (await Venue(grains, venueId).RevokeSupervisor(Actors.From(http.User), supervisor)).ToHttp(a => TypedResults.Ok(a));

    private static async Task<IResult> GetHistory(string venueId, IGrainFactory grains) =>
        (await Venue(grains, venueId).GetHistory()).ToHttp(h => TypedResults.Ok(h));

    private static IVenueGrain Venue(IGrainFactory grains, string venueId) => grains.GetGrain<IVenueGrain>(venueId);
}
